/**
 * Measures the two candidate engines for the JSLDS loss + gradient (src/analysis/jslds/engine.ts):
 * the hand-written float64 reverse mode, and TF.js autodiff (cpu backend) of the same loss written
 * with the architecture's stepTf and the Taylor step as tensor ops. Run:
 *   npm run build && node dist/bench/jsldsEngine.js [N] [batch] [T] [cpu|wasm]
 * Prints ms per loss + gradient for each, and the max |difference| of the losses (float32 vs float64).
 */
import * as tf from "@tensorflow/tfjs";
import { getTask } from "../src/tasks";
import { initModel } from "../src/models/init";
import { archModule } from "../src/models/arch/index";
import { initExpander } from "../src/analysis/jslds/expander";
import { jsldsLossGrad } from "../src/analysis/jslds/engine";
import { affineTf } from "../src/models/tfOps";
import { initTf } from "../src/core/backend";

async function main(): Promise<void> {
  const N = Number(process.argv[2] ?? 16), B = Number(process.argv[3] ?? 32), T = Number(process.argv[4] ?? 32);
  // Backend: argv[5] = cpu (default) or wasm (through the library's backend chooser).
  const backend = process.argv[5] ?? "cpu";
  process.env.RNN_ATLAS_TF_BACKEND = backend;
  await initTf();
  const task = getTask("flipflop3", { time: T, pulseProb: 0.1 });
  const spec = { arch: "vanilla" as const, inputSize: 3, outputSize: 3, hiddenSize: N };
  const model = initModel(spec, { seed: 1 });
  const shape = { size: N, hidden: 2 * N };
  const P = initExpander(shape, 2);
  const trials = task.trials({ batch: B, seed: 3 });
  const w = { jsldsTask: 1, fixedPoint: 1, match: 1 };
  const p64 = Object.fromEntries(Object.entries({ ...model.params, ...P }).map(([k, v]) => [k, Float64Array.from(v)]));
  const rnn = Object.fromEntries(Object.entries(p64).filter(([k]) => !k.startsWith("P.")));
  const net = { spec, rnn, expander: p64, expanderShape: shape, staticChannels: [] };
  const reps = 20;
  const grads = () => Object.fromEntries(Object.entries(p64).map(([k, v]) => [k, new Float64Array(v.length)]));
  let jsLoss = 0;
  // JIT warm-up: the first calls run interpreted (~300 ms each); measure the steady state.
  for (let r = 0; r < 25; r++) jsldsLossGrad(net, trials, w, grads());
  let t0 = performance.now();
  for (let r = 0; r < reps; r++) jsLoss = jsldsLossGrad(net, trials, w, grads()).loss.total;
  const jsMs = (performance.now() - t0) / reps;

  // TF.js: the same loss (absolute-variance match divided by the batch variance, as in the engine).
  const shapes: Record<string, number[]> = {
    weight_ih_l0: [N, 3], weight_hh_l0: [N, N], bias_ih_l0: [N], bias_hh_l0: [N], "readout.weight": [3, N], "readout.bias": [3],
    "P.W1": [2 * N, N], "P.b1": [2 * N], "P.W2": [N, 2 * N], "P.b2": [N],
  };
  const vars = Object.fromEntries(Object.entries({ ...model.params, ...P }).map(([k, v]) => [k, tf.variable(tf.tensor(v, shapes[k]!))]));
  const x = tf.tensor3d(trials.inputs, [B, T, 3]);
  const tgt = tf.tensor3d(trials.targets, [B, T, 3]);
  const mask = tf.tensor3d(trials.mask, [B, T, 3]);
  const msum = trials.mask.reduce((s, v) => s + v, 0);
  const step = archModule("vanilla").stepTf;
  const loss = () => {
    const p = vars as unknown as Record<string, tf.Tensor>;
    let h = tf.zeros([B, N]) as tf.Tensor2D, ht = tf.zeros([B, N]) as tf.Tensor2D;
    const hs: tf.Tensor2D[] = [], hts: tf.Tensor2D[] = [], res: tf.Tensor[] = [];
    const xs0 = tf.zeros([B, 3]) as tf.Tensor2D;
    for (let t = 0; t < T; t++) {
      const xt = x.slice([0, t, 0], [B, 1, 3]).reshape([B, 3]) as tf.Tensor2D;
      const e = tf.add(h, affineTf(tf.tanh(affineTf(h, p["P.W1"]!, p["P.b1"])) as tf.Tensor2D, p["P.W2"]!, p["P.b2"])) as tf.Tensor2D;
      const F = step(spec, p, e, xs0);
      const d = tf.sub(1, tf.square(F));
      const v = tf.add(tf.matMul(tf.sub(ht, e), p.weight_hh_l0!, false, true), tf.matMul(xt, p.weight_ih_l0!, false, true));
      ht = tf.add(F, tf.mul(d, v)) as tf.Tensor2D;
      h = step(spec, p, h, xt);
      hs.push(h); hts.push(ht); res.push(tf.sub(F, e));
    }
    const H = tf.stack(hs, 1), Ht = tf.stack(hts, 1);
    const ro = (s: tf.Tensor) => tf.add(tf.matMul(s.reshape([B * T, N]), p["readout.weight"]!, false, true), p["readout.bias"]!).reshape([B, T, 3]);
    const task = tf.div(tf.sum(tf.mul(mask, tf.square(tf.sub(ro(H), tgt)))), msum);
    const taskJ = tf.div(tf.sum(tf.mul(mask, tf.square(tf.sub(ro(Ht), tgt)))), msum);
    const fix = tf.mean(tf.square(tf.stack(res, 1)));
    const varH = tf.mean(tf.square(tf.sub(H, tf.mean(H, [0, 1], true))));
    const match = tf.div(tf.mean(tf.square(tf.sub(H, Ht))), varH);
    return tf.addN([task, taskJ, fix, match]) as tf.Scalar;
  };
  let tfLoss = 0;
  const once = () => tf.tidy(() => { const { value, grads } = tf.variableGrads(loss); tfLoss = value.dataSync()[0]!; Object.values(grads).forEach((g) => g.dataSync()); });
  for (let r = 0; r < 3; r++) once();
  t0 = performance.now();
  const tfReps = 5;
  for (let r = 0; r < tfReps; r++) once();
  const tfMs = (performance.now() - t0) / tfReps;
  console.log(JSON.stringify({ N, B, T, backend: tf.getBackend(), jsMsPerGrad: +jsMs.toFixed(2), tfMsPerGrad: +tfMs.toFixed(1), ratio: +(tfMs / jsMs).toFixed(1), jsLoss, tfLoss }));
}
void main();
