// The native fused fixed-point search against the JS loop it replaces (same options, same nets).
// Skipped (with the reason) when the addon is not built; the JS path is covered by the other files.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Arch, Nonlinearity } from "../../../src/core/types";
import { Rng } from "../../../src/core/random";
import { findFixedPointsDetailed, getDynamics, optimiseStates } from "../../../src/analysis/fixedPoints";
import type { OptimiserOptions, OptimiserResult } from "../../../src/analysis/fixedPoints/optimise";
import { fusedOptimiserBackend, nativeTanh, setFusedOptimiser } from "../../../src/analysis/fixedPoints/fusedOptimise";
import { maxAbsDiff, randomModel } from "./helpers";

const native = fusedOptimiserBackend() === "native";
const skip = native ? false : "native addon not built or disabled (RNN_ATLAS_NO_NATIVE / RNN_ATLAS_NO_FUSED)";

const CASES: Array<[Arch, Nonlinearity | undefined]> = [
  ["vanilla", "tanh"],
  ["vanilla", "relu"],
  ["linear", undefined],
  ["leaky", "tanh"],
  ["leaky", "identity"],
  ["gru", undefined],
  ["lstm", undefined],
  ["ugrnn", undefined],
];

function problem(arch: Arch, nl: Nonlinearity | undefined, N: number, K: number, seed: number, sharedInput = false, scale = 1.5) {
  const I = 2;
  const dyn = getDynamics(randomModel(arch, N, I, seed, nl, scale));
  const rng = new Rng(seed + 100);
  const x0 = Float64Array.from({ length: K * dyn.stateSize }, () => rng.normal(0, 0.7));
  const u1 = [rng.normal(0, 0.5), rng.normal(0, 0.5)];
  const u = Float64Array.from({ length: K * I }, (_, i) => (sharedInput ? u1[i % I]! : rng.normal(0, 0.5)));
  return { dyn, x0, drive: dyn.drive(u, K), K };
}

function both(p: ReturnType<typeof problem>, o: OptimiserOptions): { js: OptimiserResult; nat: OptimiserResult } {
  setFusedOptimiser(false);
  try {
    const js = optimiseStates(p.dyn, p.x0, p.drive, p.K, o);
    setFusedOptimiser(true);
    const nat = optimiseStates(p.dyn, p.x0, p.drive, p.K, o);
    return { js, nat };
  } finally {
    setFusedOptimiser(true);
  }
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(a[i]!), floor));
  return m;
}

test("native tanh: within 2e-15 relative of Math.tanh, exact at 0, ±∞ and NaN", { skip }, () => {
  const tanh = nativeTanh()!;
  const xs: number[] = [0, -0, 1e-300, -1e-300, 1e-8, 0.625, -0.625, 0.62500001, 19.999, 20, 25, 400, 1e308, Infinity, -Infinity, NaN];
  for (let i = -200000; i <= 200000; i++) xs.push(i / 8000);
  const inp = Float64Array.from(xs);
  const out = new Float64Array(inp.length);
  tanh(inp, out);
  let worst = 0;
  for (let i = 0; i < inp.length; i++) {
    const r = Math.tanh(inp[i]!);
    if (Number.isNaN(r)) {
      assert.ok(Number.isNaN(out[i]!), `tanh(NaN) = ${out[i]}`);
      continue;
    }
    if (r === 0 || !Number.isFinite(inp[i]!)) {
      assert.equal(out[i], r, `tanh(${inp[i]})`);
      continue;
    }
    worst = Math.max(worst, Math.abs(out[i]! - r) / Math.abs(r));
  }
  assert.ok(worst < 2e-15, `max relative error ${worst}`);
});

for (const [arch, nl] of CASES) {
  const name = `${arch}${nl ? "/" + nl : ""}`;

  test(`${name}: 60 fixed-lr Adam steps agree with the JS loop step by step (per-point inputs)`, { skip }, () => {
    const p = problem(arch, nl, 9, 29, 7);
    const { js, nat } = both(p, { maxIters: 60, tolQ: 0, tolDq: 0, adaptiveLr: false });
    assert.equal(nat.itersRun, 60);
    assert.ok(maxAbsDiff(js.x, nat.x) < 1e-11, `x differs by ${maxAbsDiff(js.x, nat.x)}`);
    assert.ok(maxRelDiff(js.q, nat.q, 1e-12) < 1e-9, `q differs by ${maxRelDiff(js.q, nat.q, 1e-12)} (rel)`);
    assert.deepEqual(Array.from(nat.iterations), Array.from(js.iterations));
    assert.equal(nat.finalLr, js.finalLr);
  });

  test(`${name}: full search with default options reaches tolQ at the same points, at the same x`, { skip }, () => {
    // relu at gain 1.5 sits in a slow region (q ≈ 0.06 everywhere): use a contracting relu net.
    const p = problem(arch, nl, 8, 24, 3, true, nl === "relu" ? 0.8 : 1.5);
    const tolQ = 1e-14;
    const { js, nat } = both(p, { maxIters: 4000, tolQ });
    // The adaptive learning rate and the |Δq| < tolDq·lr stop compare losses, so rounding-level
    // differences (the JS loop itself changes its path if x0 moves by 1e-15) can change which
    // step a point stops at; reaching tolQ and the point reached must not change.
    const S = p.dyn.stateSize;
    let nConv = 0;
    for (let k = 0; k < p.K; k++) {
      assert.equal(nat.q[k]! < tolQ, js.q[k]! < tolQ, `point ${k}: q ${js.q[k]} (JS) vs ${nat.q[k]} (native)`);
      if (!(js.q[k]! < tolQ)) continue;
      nConv++;
      assert.equal(nat.converged[k], 1);
      const d = maxAbsDiff(js.x.subarray(k * S, (k + 1) * S), nat.x.subarray(k * S, (k + 1) * S));
      assert.ok(d < 1e-5, `point ${k}: x differs by ${d}`);
    }
    assert.ok(nConv > 0, "no point met tolQ: the case tests nothing");
  });
}

test("two threads (K·N² large enough to split) agree with the JS loop", { skip }, () => {
  const saved = process.env.RNN_ATLAS_FP_THREADS;
  process.env.RNN_ATLAS_FP_THREADS = "2";
  try {
    for (const arch of ["vanilla", "gru", "lstm", "leaky", "ugrnn"] as Arch[]) {
      const p = problem(arch, arch === "vanilla" || arch === "leaky" ? "tanh" : undefined, 40, 400, 5);
      const { js, nat } = both(p, { maxIters: 40, tolQ: 0, tolDq: 0, adaptiveLr: false });
      assert.ok(maxAbsDiff(js.x, nat.x) < 1e-11, `${arch}: x differs by ${maxAbsDiff(js.x, nat.x)}`);
      assert.ok(maxRelDiff(js.q, nat.q, 1e-12) < 1e-9, `${arch}: q differs`);
    }
  } finally {
    if (saved === undefined) delete process.env.RNN_ATLAS_FP_THREADS;
    else process.env.RNN_ATLAS_FP_THREADS = saved;
  }
});

test("stopping rules: per-point iteration counts, tolDq stops, progress reports and maxIters 0 match JS", { skip }, () => {
  const p = problem("vanilla", "tanh", 10, 50, 11);
  const calls: Record<string, Array<[number, number]>> = { js: [], nat: [] };
  let which = "js";
  const o: OptimiserOptions = {
    maxIters: 500,
    tolQ: 1e-16,
    tolDq: 1e-12,
    progressEvery: 50,
    onProgress: (r) => calls[which]!.push([r.iteration, r.active]),
  };
  setFusedOptimiser(false);
  const js = optimiseStates(p.dyn, p.x0, p.drive, p.K, o);
  setFusedOptimiser(true);
  which = "nat";
  const nat = optimiseStates(p.dyn, p.x0, p.drive, p.K, o);
  assert.deepEqual(Array.from(nat.iterations), Array.from(js.iterations));
  assert.deepEqual(Array.from(nat.converged), Array.from(js.converged));
  assert.deepEqual(calls.nat, calls.js);
  assert.ok(calls.js!.length > 0 && js.itersRun > 50, "the run must last past the first report");
  const z = both(p, { maxIters: 0 });
  assert.equal(z.nat.itersRun, 0);
  assert.ok(maxRelDiff(z.js.q, z.nat.q, 1e-12) < 1e-12);
  assert.deepEqual(Array.from(z.nat.x), Array.from(p.x0));
});

test("non-finite states stop at once, unconverged, as in JS; an exception in onProgress propagates", { skip }, () => {
  const p = problem("gru", undefined, 6, 10, 2);
  p.x0[3] = NaN;
  p.x0[6 * 4 + 1] = Infinity;
  const { js, nat } = both(p, { maxIters: 100 });
  assert.deepEqual(Array.from(nat.converged), Array.from(js.converged));
  assert.equal(nat.converged[0], 0);
  assert.equal(nat.converged[4], 0);
  assert.equal(nat.iterations[0], 0);
  assert.ok(Number.isNaN(nat.q[0]!));
  assert.throws(
    () => optimiseStates(p.dyn, p.x0, p.drive, p.K, { maxIters: 100, progressEvery: 10, onProgress: () => { throw new Error("stop here"); } }),
    /stop here/,
  );
});

test("findFixedPoints: the same fixed points (q ≤ fixedTolQ) with either backend", { skip }, () => {
  // Slow points (q ≈ 1e-7 here) and their deduplication are ill-conditioned: a 1e-15 change of the
  // initial states changes their count in the JS search itself. True fixed points are not.
  const model = randomModel("vanilla", 12, 1, 4, "tanh", 2.0);
  const rng = new Rng(9);
  const inits = Float64Array.from({ length: 64 * 12 }, () => rng.normal(0, 1));
  const run = () => findFixedPointsDetailed(model, { inits, inputs: [0.2], maxIters: 3000 });
  setFusedOptimiser(false);
  const js = run();
  setFusedOptimiser(true);
  const nat = run();
  const S = 12;
  const fixed = (r: typeof js) => {
    const out: Float64Array[] = [];
    for (let i = 0; i < r.unique.count; i++) if (r.unique.q[i]! <= r.unique.fixedTolQ) out.push(r.unique.xstar.subarray(i * S, (i + 1) * S));
    return out;
  };
  const a = fixed(js);
  const b = fixed(nat);
  assert.ok(a.length >= 1, "no fixed point found: the case tests nothing");
  assert.equal(b.length, a.length);
  for (const p of a) {
    const best = Math.min(...b.map((q) => maxAbsDiff(p, q)));
    assert.ok(best < 1e-5, `a JS fixed point has no native counterpart (nearest ${best})`);
  }
});
