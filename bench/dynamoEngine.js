// Engine measurement for the DYNAMO meta-model (src/analysis/dynamo/metaGru.ts): one update's loss
// and gradient, H = 32, 8 networks × 8 trials × 75 steps (the RSG quick size), by the hand-written
// Float64 BPTT and by TF.js (cpu backend) autodiff through gru.stepTf. Run: node bench/dynamoEngine.js
const A = require("../dist/src/index.js");
const tf = require("@tensorflow/tfjs");
const { archModule } = require("../dist/src/models/arch");
const H = 32, I = 2, d = 2, O = 1, M = 40, k = 5, T = 75, NB = 8, TB = 8, B = 32;
const L = A.metaLayout({ I, d, H, O, M, k });
const rng = new A.Rng(3);
const p = Float64Array.from({ length: L.size }, () => rng.normal(0, 0.2));
const inputs = Float64Array.from({ length: B * T * I }, () => (rng.random() < 0.9 ? 0 : 1));
const data = { batch: B, time: T, inputs, outputs: Array.from({ length: M }, () => Float64Array.from({ length: B * T * O }, () => rng.normal())), pcs: Array.from({ length: M }, () => Float64Array.from({ length: B * T * k }, () => rng.normal())) };
const ws = new A.MetaWorkspace(L, T);
const g = new Float64Array(L.size);
const nets = [0, 5, 10, 15, 20, 25, 30, 35], trials = [0, 4, 8, 12, 16, 20, 24, 28];
const w = { alpha: 1, thetaPenalty: 1e-3 };
for (let r = 0; r < 3; r++) A.metaLossAndGrad(L, p, data, nets, trials, w, ws, g);
let t0 = performance.now();
const R = 20;
for (let r = 0; r < R; r++) A.metaLossAndGrad(L, p, data, nets, trials, w, ws, g);
const js = (performance.now() - t0) / R;
console.log("JS Float64 BPTT: " + js.toFixed(1) + " ms per update");

(async () => {
  await tf.setBackend("cpu");
  const gru = archModule("gru");
  const spec = { arch: "gru", inputSize: I + d, hiddenSize: H, outputSize: O };
  const v = (shape) => tf.variable(tf.randomNormal(shape, 0, 0.2));
  const P = { weight_ih_l0: v([3 * H, I + d]), weight_hh_l0: v([3 * H, H]), bias_ih_l0: v([3 * H]), bias_hh_l0: v([3 * H]) };
  const Wout = v([O, H]), theta = v([M, d]), V = v([M, k, H]);
  const nb = NB * TB;
  const netIdx = tf.tensor1d(nets.flatMap((n) => trials.map(() => n)), "int32");
  const u = tf.tensor3d(Float32Array.from({ length: nb * T * I }, () => (Math.random() < 0.9 ? 0 : 1)), [nb, T, I]);
  const y = tf.randomNormal([nb, T, O]), z = tf.randomNormal([nb, T, k]);
  const loss = () => {
    const th = tf.gather(theta, netIdx);
    const Vb = tf.gather(V, netIdx);
    let h = tf.zeros([nb, H]);
    let total = tf.scalar(0);
    for (let t = 0; t < T; t++) {
      const x = tf.concat([tf.squeeze(tf.slice(u, [0, t, 0], [nb, 1, I]), [1]), th], 1);
      h = gru.stepTf(spec, P, h, x);
      const yh = tf.matMul(h, Wout, false, true);
      const zh = tf.sum(tf.mul(Vb, tf.expandDims(h, 1)), 2);
      total = tf.add(total, tf.add(tf.mean(tf.square(tf.sub(yh, tf.squeeze(tf.slice(y, [0, t, 0], [nb, 1, O]), [1])))), tf.mean(tf.square(tf.sub(zh, tf.squeeze(tf.slice(z, [0, t, 0], [nb, 1, k]), [1]))))));
    }
    return total;
  };
  const step = () => tf.tidy(() => { const r = tf.variableGrads(loss); Object.values(r.grads).forEach((x) => x.dataSync()); });
  step();
  t0 = performance.now();
  const R2 = 3;
  for (let r = 0; r < R2; r++) step();
  const tfms = (performance.now() - t0) / R2;
  console.log("TF.js cpu autodiff: " + tfms.toFixed(1) + " ms per update (" + (tfms / js).toFixed(1) + "× the JS BPTT)");
})();
