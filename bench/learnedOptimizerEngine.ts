/**
 * Measures the two candidate engines for one meta-gradient of the learned optimizer
 * (src/experiments/learnedOptimizerTraining.ts): the hand-written float64 reverse mode, and TF.js
 * autodiff (cpu backend) of the same truncated unroll on a 2-D quadratic (∇L = A x as a tensor op, so
 * autodiff follows the Hessian path too). Run:
 *   npm run build && node dist/bench/learnedOptimizerEngine.js [H] [T]
 * Prints ms per meta-gradient for each and both meta-losses (float32 vs float64).
 */
import * as tf from "@tensorflow/tfjs";
import { initTf } from "../src/core/backend";
import { archModule } from "../src/models/arch/index";
import { initLearnedOptimizer, truncationMetaGradient } from "../src/experiments/learnedOptimizerTraining";
import { makeOptimizee } from "../src/experiments/optimizeeProblems";
import { optimizerParams64 } from "../src/analysis/learnedOptimizer/optimizer";
import { affineTf } from "../src/models/tfOps";

async function main(): Promise<void> {
  const H = Number(process.argv[2] ?? 12), T = Number(process.argv[3] ?? 10);
  process.env.RNN_ATLAS_TF_BACKEND = "cpu";
  await initTf();
  const opt = initLearnedOptimizer(H, 1);
  const p64 = optimizerParams64(opt);
  const prob = makeOptimizee("quadratic", 3);
  const L0 = prob.lossGrad(prob.x0);
  const grads = () => Object.fromEntries(Object.entries(p64).map(([k, v]) => [k, new Float64Array(v.length)]));
  const h0 = new Float64Array(2 * H);
  for (let r = 0; r < 200; r++) truncationMetaGradient(opt, p64, prob, prob.x0, h0, T, L0, grads());
  const reps = 200;
  let t0 = performance.now();
  let jsLoss = 0;
  for (let r = 0; r < reps; r++) jsLoss = truncationMetaGradient(opt, p64, prob, prob.x0, h0, T, L0, grads()).metaLoss;
  const jsMs = (performance.now() - t0) / reps;

  // The Hessian of the quadratic, read back through HVPs with the unit vectors.
  const A = new Float64Array(4), e = new Float64Array(2), col = new Float64Array(2);
  for (let j = 0; j < 2; j++) { e.fill(0); e[j] = 1; prob.hvp(prob.x0, e, col); A[j] = col[0]!; A[2 + j] = col[1]!; }
  const shapes: Record<string, number[]> = { weight_ih_l0: [3 * H, 1], weight_hh_l0: [3 * H, H], bias_ih_l0: [3 * H], bias_hh_l0: [3 * H], "readout.weight": [1, H], "readout.bias": [1] };
  const vars = Object.fromEntries(Object.entries(opt.model.params).map(([k, v]) => [k, tf.variable(tf.tensor(v, shapes[k]!))]));
  const At = tf.tensor2d(Float32Array.from(A), [2, 2]);
  const step = archModule("gru").stepTf;
  const loss = () => {
    const p = vars as unknown as Record<string, tf.Tensor>;
    let x = tf.tensor2d(Float32Array.from(prob.x0), [2, 1]) as tf.Tensor2D; // one row per coordinate
    let h = tf.zeros([2, H]) as tf.Tensor2D;
    const terms: tf.Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const g = tf.matMul(At, x) as tf.Tensor2D;
      h = step(opt.model.spec, p, h, g);
      x = tf.add(x, tf.mul(opt.outputScale, affineTf(h, p["readout.weight"]!, p["readout.bias"]))) as tf.Tensor2D;
      terms.push(tf.mul(0.5, tf.sum(tf.mul(x, tf.matMul(At, x)))));
    }
    return tf.div(tf.addN(terms), T * L0) as tf.Scalar;
  };
  let tfLoss = 0;
  const once = () => tf.tidy(() => { const { value, grads: g } = tf.variableGrads(loss); tfLoss = value.dataSync()[0]!; Object.values(g).forEach((v) => v.dataSync()); });
  for (let r = 0; r < 5; r++) once();
  t0 = performance.now();
  const tfReps = 20;
  for (let r = 0; r < tfReps; r++) once();
  const tfMs = (performance.now() - t0) / tfReps;
  console.log(JSON.stringify({ H, T, backend: tf.getBackend(), jsMsPerGrad: +jsMs.toFixed(3), tfMsPerGrad: +tfMs.toFixed(2), ratio: +(tfMs / jsMs).toFixed(0), jsLoss, tfLoss }));
}
void main();
