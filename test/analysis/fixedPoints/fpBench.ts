// Timing of the batched fixed-point search: K = 1024 initial states, vanilla tanh N = 100,
// 2000 Adam iterations (convergence disabled so every point runs every iteration).
// node dist/test/analysis/fixedPoints/fpBench.js [iters]   — prints one JSON line.
import { Rng } from "../../../src/core/random";
import { getDynamics, optimiseStates } from "../../../src/analysis/fixedPoints";
import { randomModel } from "./helpers";

const K = 1024;
const N = 100;
const iters = Number(process.argv[2] ?? 2000);
const model = randomModel("vanilla", N, 1, 0, "tanh", 1.5);
const dyn = getDynamics(model);
const rng = new Rng(0);
const x0 = Float64Array.from({ length: K * N }, () => rng.normal(0, 0.5));
const drive = dyn.drive(new Float64Array(K), K);
optimiseStates(dyn, x0, drive, K, { maxIters: 20, tolQ: 0, tolDq: 0 }); // warm-up (JIT)
const times: number[] = [];
let meanQ = 0;
for (let r = 0; r < 2; r++) {
  const res = optimiseStates(dyn, x0, drive, K, { maxIters: iters, tolQ: 0, tolDq: 0 });
  times.push(res.seconds);
  meanQ = res.q.reduce((s, v) => s + v, 0) / K;
}
console.log(JSON.stringify({ bench: "js_fixed_points", K, N, iters, best_s: Math.min(...times), times_s: times, mean_q: meanQ }));
