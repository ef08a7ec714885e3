// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # 08 · A line attractor for evidence integration
//
// **Maheswaranathan, Williams, Golub, Ganguli & Sussillo (2019)** reverse-engineered recurrent networks trained to classify
// the sentiment of movie and restaurant reviews. Whatever the architecture, the trained networks had solved the problem the
// same simple way: the hidden state moves along **one line** that accumulates evidence — positive words push it one way,
// negative words the other, neutral words barely move it — and the final position on the line is read out as the sentiment.
// In dynamical terms the networks had built an **approximate line attractor**: a one-dimensional manifold of slow points, each
// with one eigenvalue of the linearised dynamics close to 1 (a mode that neither grows nor decays: memory) and all the others
// well inside the unit circle (every other direction is forgotten quickly).
//
// We reproduce the mechanism on a small synthetic stand-in for sentiment (others.md §1): documents of 20–50 tokens drawn from
// 10 positive (+1), 10 negative (−1) and 10 neutral (0) words, label = sign of the summed valence. The analysis follows the
// fixed-point method of Sussillo & Barak (2013) / FixedPointFinder (Golub & Sussillo 2018).
//
// * N. Maheswaranathan, A. H. Williams, M. D. Golub, S. Ganguli & D. Sussillo, *Reverse engineering recurrent networks for
//   sentiment classification reveals line attractor dynamics*, NeurIPS 2019.
// * D. Sussillo & O. Barak, *Opening the black box*, Neural Computation 25:626–649 (2013).
// * M. D. Golub & D. Sussillo, *FixedPointFinder*, JOSS 3(31):1003 (2018).
//
// Steps: (1) the task, (2) train a GRU, (3) the trajectories are nearly one-dimensional, (4) find slow points under a neutral input,
// (5) they form a line, (6) one eigenvalue ≈ 1 at each, the rest inside the unit circle, (7) the readout varies monotonically along
// the line, (8) the slow mode's left eigenvector reads the evidence of each word. Every claim is checked by an assertion with the
// tolerance stated next to it.

// %%
import {
  runMode, byMode, getTask, trainPopulation, unstackModel, runModel, stepModel, readoutModel, stateSize,
  sampleStates, findFixedPointsDetailed, fitPca, pcaTransform, fromStates,
  initPlotly, display, lineChart, scatter, trajectories3d, fixedPointsView, eigenvaluePlot,
} from "rnn-atlas";

/** Notebook assertion: stops the run with a message that says what failed. */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error("CHECK FAILED: " + what);
  console.log("✓ " + what);
}
/** Spearman rank correlation (ties get their mean rank). */
function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((x, i) => [x, i] as [number, number]).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
      for (let k = i; k <= j; k++) r[idx[k][1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = rank(a), rb = rank(b);
  const m = (ra.length - 1) / 2;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < ra.length; i++) { num += (ra[i] - m) * (rb[i] - m); da += (ra[i] - m) ** 2; db += (rb[i] - m) ** 2; }
  return num / Math.sqrt(da * db);
}
const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const t0 = Date.now();
console.log("run mode:", runMode(), "(RNN_ATLAS_MODE=full for the larger network and budgets)");

// %% [markdown]
// 3-D state-space views are drawn with plotly, embedded once here (offline). Each 3-D output also carries a static 2-D picture.

// %%
initPlotly()

// %% [markdown]
// ## 1. The task
//
// `getTask("sentiment")`: each step delivers one token as a one-hot vector over the 30-word vocabulary (channels 0–9 positive,
// 10–19 negative, 20–29 neutral; the input weights play the role of the word embedding). The single output must equal the label
// ±1 at the document's last token — the only step the loss sees (mean squared error), so the network must carry the running
// evidence to the end of a document of unknown length. One document, with its running valence sum:

// %%
const task = getTask("sentiment");
const V = task.inputSize;
const ex = task.trials({ batch: 1, seed: 7 });
const tokens = String(ex.meta[0].tokens).split(",").map(Number);
const valenceOf = (w: number) => (w < 10 ? 1 : w < 20 ? -1 : 0);
let running = 0;
const exRows = tokens.map((w, t) => ({ t: t, v: (running += valenceOf(w)), s: "running valence sum" }));
console.log("document of " + tokens.length + " tokens, valence sum " + ex.meta[0].valenceSum + ", label " + ex.meta[0].label);
lineChart(exRows, { x: "t", y: "v", series: "s", title: "Evidence accumulated along one document", xLabel: "token", yLabel: "Σ valence" })

// %% [markdown]
// ## 2. Train a GRU
//
// Maheswaranathan et al. trained vanilla RNNs, GRUs, UGRNNs and LSTMs and found the same mechanism in all; we train a GRU
// (PyTorch's `nn.GRU` with a linear readout), N = 16 units in quick mode (32 in full mode), Adam (learning rate 0.01, gradient-norm
// clip 1), fresh batches of 64 documents, until the training loss falls below 10⁻³ or the update budget (2000 quick, 4000 full) ends.
// **Check:** on the 256 fixed validation documents at least **97 %** have the right sign at the last token.

// %%
const N = byMode({ quick: 16, full: 32 });
const trained = await trainPopulation({
  task: task,  // (tslab: no shorthand properties for variables from earlier cells)
  spec: { arch: "gru", hiddenSize: N },
  networks: 1,
  seed: 1,
  lr: 0.01,
  clipNorm: 1,
  data: { batch: 64 },
  stop: byMode({ quick: { targetLoss: 1e-3, maxUpdates: 2000 }, full: { targetLoss: 1e-3, maxUpdates: 4000 } }),
  reporter: "notebook",
});
const rec = trained.networks[0];
console.log("stopped after " + rec.updates + " updates (" + rec.stopReason + "), best training loss " + rec.bestLoss.toExponential(2) +
  ", " + (trained.timings.totalMs / 1000).toFixed(1) + " s");
const model = unstackModel(trained.population, 0);
const S = stateSize(model.spec);
const val = task.validation();
const run = runModel(model, val.inputs, { batch: val.batch, time: val.time });
const score = task.score(val, run.outputs);
console.log("validation:", JSON.stringify(score));
check(score.accuracy >= 0.97, "validation accuracy " + score.accuracy.toFixed(3) + " ≥ 0.97");

// %% [markdown]
// ## 3. The trajectories are nearly one-dimensional
//
// PCA of the hidden states of all validation documents (token steps only, `fitPca`). Maheswaranathan et al. found that the
// first principal component captures most of the variance and that documents spread along it by their sentiment. Colouring each
// trajectory by its label shows the two classes moving to the two ends.

// %%
const valid = new Uint8Array(val.batch * val.time);
val.meta.forEach((m, b) => { for (let t = 0; t < Number(m.length); t++) valid[b * val.time + t] = 1; });
const tokenStates: number[] = [];
for (let i = 0; i < val.batch * val.time; i++) if (valid[i]) for (let j = 0; j < S; j++) tokenStates.push(run.states[i * S + j]);
const pca = fitPca(fromStates(Float64Array.from(tokenStates), S), 3);
const ev = Array.from(pca.explainedVarianceRatio);
console.log("variance of the hidden states explained by PC1-3: " + ev.map((r) => (100 * r).toFixed(1) + "%").join(", "));
const traj = { data: run.states, shape: [val.batch, val.time, S] as [number, number, number] };
trajectories3d(traj, { projection: pca, color: val.meta.map((m) => (Number(m.label) > 0 ? "positive" : "negative")), colorLabel: "label", maxTrials: 60,
  title: "Validation documents, coloured by label" })

// %% [markdown]
// ## 4. Slow points under a neutral input
//
// Between informative words the network sees neutral words; their average, the one-hot mean u* = (0, …, 0, 0.1, …, 0.1) over the
// 10 neutral channels, is the "no evidence" input (the paper used the zero or a neutral embedding; zero input is never seen in training
// here, since every step carries a token). We minimise q(x) = ½‖F(x, u*) − x‖² from **512 states sampled from the validation trajectories**
// (token steps only) plus Gaussian noise of std 0.01, and de-duplicate within 0.05 (a line attractor has a continuum of slow
// points; the tolerance sets how densely we sample it). All minima are kept: on an approximate line attractor most are slow points
// (q small but not 0) rather than exact fixed points.

// %%
const uStar = Array.from({ length: V }, (_, i) => (i >= 20 ? 0.1 : 0));
const inits = sampleStates(traj, 512, { noise: 0.01, seed: 0, validMask: valid });
const search = findFixedPointsDetailed(model, { inits: inits.states, inputs: uStar, maxIters: 3000, tolUnique: 0.05 });
const fps = search.unique;
const st = search.stats;
const qs = Array.from(fps.q);
console.log("search: " + st.seconds.toFixed(1) + " s, " + st.nConverged + "/512 converged, " + st.nDistanceOutliers + " distance outliers; " +
  fps.count + " unique points, q from " + Math.min(...qs).toExponential(1) + " to " + Math.max(...qs).toExponential(1));
const K = fps.count;
check(K >= 20, K + " unique slow points (≥ 20 needed to trace a manifold)");
check(Math.max(...qs) < 1e-4, "every point is slow: max q " + Math.max(...qs).toExponential(1) + " < 1e-4 (speed ‖F − x‖ < 0.015 per step)");

// %% [markdown]
// ## 5. The slow points form a line
//
// A PCA of the slow points themselves: if they lie on a one-dimensional manifold, the first component carries almost all their
// variance. **Check:** PC1 explains at least **85 %** of the slow points' variance. Drawn in the trajectories' PCA, the points
// trace the path along which the documents travel.

// %%
const fpPca = fitPca(fromStates(fps.xstar, S), 3);
const fpEv = Array.from(fpPca.explainedVarianceRatio);
console.log("variance of the slow points explained by PC1-3: " + fpEv.map((r) => (100 * r).toFixed(1) + "%").join(", "));
check(fpEv[0] >= 0.85, "PC1 explains " + (100 * fpEv[0]).toFixed(1) + "% ≥ 85% of the slow points' variance: a line");
fixedPointsView(fps, { projection: pca, trajectories: traj, maxTrials: 30, title: "Slow points (neutral input) on the trajectories" })

// %% [markdown]
// ## 6. One eigenvalue ≈ 1, the rest inside the unit circle
//
// Linearise at each slow point: δx<sub>t+1</sub> ≈ J δx<sub>t</sub>, eigenvalues sorted by |λ|. On a line attractor the top
// eigenvalue is ≈ 1 (the direction along the line: a displacement is neither restored nor amplified — that is the memory) and the
// others are smaller (a displacement off the line decays as |λ|<sup>t</sup>).
//
// **Checks:** (a) at **≥ 90 %** of the slow points the top eigenvalue is real with ||λ₁| − 1| ≤ **0.02** (time constant ≥ 50 steps, longer than
// any training document); (b) the median |λ₂| over the points is ≤ **0.99** (time constant ≤ 100 steps); (c) the slow mode is clearly separated from the
// next one: the median of ||λ₁| − 1| is at most **⅓** of 1 − median |λ₂| (the top mode drifts at least 3× more slowly than the second
// decays). This is an *approximate* line attractor, as in the paper: documents last 20–50 steps and nothing in training forces the other
// modes to decay much faster than that, so |λ₂| stays fairly close to 1 (≈ 0.98 here); at the saturated ends of the line the GRU's update
// gates close and several modes slow down together.

// %%
const lam1 = Array.from({ length: K }, (_, k) => Math.hypot(fps.eigRe[k * S], fps.eigIm[k * S]));
const lam1Real = Array.from({ length: K }, (_, k) => Math.abs(fps.eigIm[k * S]) < 1e-9);
const lam2 = Array.from({ length: K }, (_, k) => Math.hypot(fps.eigRe[k * S + 1], fps.eigIm[k * S + 1]));
const near1 = lam1.filter((l, k) => lam1Real[k] && Math.abs(l - 1) <= 0.02).length / K;
const medLam2 = median(lam2);
const medDrift1 = median(lam1.map((l) => Math.abs(l - 1)));
console.log("|λ1|: " + Math.min(...lam1).toFixed(4) + " to " + Math.max(...lam1).toFixed(4) + "; |λ2|: " + Math.min(...lam2).toFixed(4) + " to " +
  Math.max(...lam2).toFixed(4) + " (median " + medLam2.toFixed(4) + ", time constant " + (-1 / Math.log(medLam2)).toFixed(0) + " steps)");
check(near1 >= 0.9, (100 * near1).toFixed(0) + "% of the slow points have a real top eigenvalue with ||λ1| − 1| ≤ 0.02 (≥ 90% required)");
check(medLam2 <= 0.99, "median |λ2| = " + medLam2.toFixed(4) + " ≤ 0.99");
check(medDrift1 <= (1 - medLam2) / 3, "median ||λ1| − 1| = " + medDrift1.toFixed(4) + " ≤ (1 − median |λ2|)/3 = " + ((1 - medLam2) / 3).toFixed(4) + ": the slow mode is separated");
const rows6 = lam1.map((l, k) => ({ lambda1: l, lambda2: lam2[k] }));
await display(scatter(rows6, { x: "lambda1", y: "lambda2", title: "Top two |λ| at each slow point", xLabel: "|λ1|", yLabel: "|λ2|" }));
eigenvaluePlot(fps, { title: "Eigenvalues at all slow points (unit circle)" })

// %% [markdown]
// ## 7. The readout varies monotonically along the line
//
// Order the slow points by their position along the line (their coordinate on the slow points' PC1) and read each out with the
// network's readout. On a line attractor the position along the line *is* the accumulated evidence, so the readout should change
// monotonically from one end (negative) to the other (positive). At the saturated end the slow points spread into a small blob where the
// readout plateaus near the label (≈ ±1, fluctuating by about 0.1: the line bends there and PC1 order is noisy), so we check
// monotonicity on binned means, with a tolerance for that plateau, and strictly on the middle of the line.
// **Checks:** (a) splitting the PC1 range into **8** equal bins, the mean readout of consecutive non-empty bins never moves against the overall
// trend by more than **0.15** (the plateau fluctuation); (b) over the slow points whose readout lies in (−0.8, 0.8), the Spearman rank correlation between position and
// readout is |ρ| ≥ **0.95**; (c) the readout spans both classes (below **−0.5** at one end, above **+0.5** at the other).

// %%
const pos = Array.from(pcaTransform(fpPca, fromStates(fps.xstar, S)).data.filter((_, i) => i % 3 === 0));
const readouts = Array.from({ length: K }, (_, k) => readoutModel(model, fps.xstar.subarray(k * S, (k + 1) * S))[0]);
const rho = spearman(pos, readouts);
const pMin = Math.min(...pos), pMax = Math.max(...pos);
const bins = Array.from({ length: 8 }, () => [] as number[]);
pos.forEach((p, k) => bins[Math.min(7, Math.floor((8 * (p - pMin)) / (pMax - pMin)))].push(readouts[k]));
const binMeans = bins.filter((b) => b.length > 0).map((b) => b.reduce((s, y) => s + y, 0) / b.length);
const trend = Math.sign(binMeans[binMeans.length - 1] - binMeans[0]);
let worstReversal = 0;
for (let i = 1; i < binMeans.length; i++) worstReversal = Math.max(worstReversal, -trend * (binMeans[i] - binMeans[i - 1]));
const mid = readouts.flatMap((y, k) => (y > -0.8 && y < 0.8 ? [k] : []));
const rhoMid = spearman(mid.map((k) => pos[k]), mid.map((k) => readouts[k]));
console.log("binned mean readout along PC1: " + binMeans.map((m) => m.toFixed(2)).join(", "));
console.log("Spearman ρ(position, readout): all points " + rho.toFixed(3) + ", middle " + mid.length + " points " + rhoMid.toFixed(3) +
  "; readout from " + Math.min(...readouts).toFixed(2) + " to " + Math.max(...readouts).toFixed(2));
check(worstReversal <= 0.15, "binned readout is monotone along the line up to the end plateaus (worst reversal " + worstReversal.toFixed(3) + " ≤ 0.15)");
check(mid.length >= 3 && Math.abs(rhoMid) >= 0.95, "middle of the line: |ρ| = " + Math.abs(rhoMid).toFixed(3) + " ≥ 0.95 over " + mid.length + " points");
check(Math.min(...readouts) < -0.5 && Math.max(...readouts) > 0.5, "the readout spans both classes (min < −0.5, max > +0.5)");
scatter(pos.map((p, k) => ({ position: p, readout: readouts[k] })), { x: "position", y: "readout", title: "Readout along the line", xLabel: "slow-point PC1", yLabel: "readout" })

// %% [markdown]
// ## 8. The left eigenvector reads the evidence
//
// Why does a word move the state along the line? In the linearisation, the component of a perturbation δ along the slow mode is
// l₁ᵀδ, where l₁ is the **left** eigenvector of λ₁ (normalised so l₁ᵀr₁ = 1, r₁ the right eigenvector; we orient r₁ so that the readout
// increases along it). A word w presented at a slow point h* moves the state by F(h*, e<sub>w</sub>) − h*, so its effect on the memory is
//
//   Δ<sub>w</sub> = l₁ᵀ (F(h*, e<sub>w</sub>) − h*)
//
// (others.md §1, analysis 4; the paper's projection of the word embeddings onto the top left eigenvector). If the line integrates
// evidence, Δ<sub>w</sub> > 0 for positive words, < 0 for negative ones and ≈ 0 for neutral ones. **Checks**, at the slow points whose
// readout lies in (−0.8, 0.8) (the middle of the line, where documents are still undecided; at least 3 such points): for every such point
// (a) the sign of Δ<sub>w</sub> equals the valence for all 20 valenced words, (b) every neutral |Δ<sub>w</sub>| is at most **0.25** × the mean
// |Δ<sub>w</sub>| of the valenced words, and (c) the correlation between Δ<sub>w</sub> and the valence is ≥ **0.95**.

// %%
const middle = readouts.flatMap((y, k) => (y > -0.8 && y < 0.8 ? [k] : []));
check(middle.length >= 3, middle.length + " slow points in the middle of the line (readout in (−0.8, 0.8)), ≥ 3 needed");
const valences = Array.from({ length: V }, (_, w) => valenceOf(w));
const pearson = (a: number[], b: number[]) => {
  const ma = a.reduce((s, x) => s + x, 0) / a.length, mb = b.reduce((s, x) => s + x, 0) / b.length;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - ma) * (b[i] - mb); da += (a[i] - ma) ** 2; db += (b[i] - mb) ** 2; }
  return num / Math.sqrt(da * db);
};
let signOk = 0, neutralWorst = 0, corrWorst = 1;
const deltaRows: { valence: number; delta: number; point: string }[] = [];
for (const k of middle) {
  const xs = fps.xstar.subarray(k * S, (k + 1) * S);
  const l1 = Array.from({ length: S }, (_, i) => fps.leftRe[k * S * S + i * S]);
  const r1 = Array.from({ length: S }, (_, i) => fps.rightRe[k * S * S + i * S]);
  // Orientation: the readout must increase along r1 (flip l1 and r1 together keeps l1ᵀr1 = 1).
  const ro = readoutModel(model, Float64Array.from(xs, (x, i) => x + 1e-4 * r1[i]))[0] - readouts[k];
  const orient = ro >= 0 ? 1 : -1;
  const delta = valences.map((_, w) => {
    const e = Array.from({ length: V }, (_, i) => (i === w ? 1 : 0));
    const next = stepModel(model, xs, e);
    let d = 0;
    for (let i = 0; i < S; i++) d += orient * l1[i] * (next[i] - xs[i]);
    return d;
  });
  const valenced = delta.filter((_, w) => valences[w] !== 0);
  const meanAbs = valenced.reduce((s, d) => s + Math.abs(d), 0) / valenced.length;
  const ok = delta.every((d, w) => valences[w] === 0 || Math.sign(d) === valences[w]);
  if (ok) signOk++;
  const neutral = Math.max(...delta.filter((_, w) => valences[w] === 0).map(Math.abs)) / meanAbs;
  neutralWorst = Math.max(neutralWorst, neutral);
  const r = pearson(delta, valences);
  corrWorst = Math.min(corrWorst, r);
  delta.forEach((d, w) => deltaRows.push({ valence: valences[w] + 0.15 * (middle.indexOf(k) / middle.length - 0.5), delta: d, point: "point " + k }));
  console.log("point " + k + " (readout " + readouts[k].toFixed(2) + ", |λ1| " + lam1[k].toFixed(4) + "): mean |Δ| valenced " + meanAbs.toFixed(3) +
    ", worst neutral/mean " + neutral.toFixed(3) + ", corr(Δ, valence) " + r.toFixed(3) + (ok ? "" : ", SIGN MISMATCH"));
}
check(signOk === middle.length, "the sign of Δ_w equals the valence for all 20 valenced words at " + signOk + "/" + middle.length + " middle points");
check(neutralWorst <= 0.25, "neutral words barely move the memory: worst |Δ_neutral| / mean |Δ_valenced| = " + neutralWorst.toFixed(3) + " ≤ 0.25");
check(corrWorst >= 0.95, "corr(Δ_w, valence) ≥ 0.95 at every middle point (worst " + corrWorst.toFixed(3) + ")");
scatter(deltaRows, { x: "valence", y: "delta", color: "point", title: "Effect of each word on the slow mode, l₁ᵀ(F(h*, e_w) − h*)", xLabel: "valence (jittered by point)", yLabel: "Δ_w" })

// %% [markdown]
// ## Summary
//
// The GRU solves evidence integration as Maheswaranathan et al. (2019) found for real sentiment networks: its slow points under
// a neutral input lie on a line, each has one eigenvalue ≈ 1 (the memory of the accumulated evidence) with the other modes decaying,
// the readout changes monotonically along the line, and the slow mode's left eigenvector turns each word into a signed step along
// the line in proportion to its valence. The numbers checked in this run:

// %%
console.log([
  "network: GRU, N = " + N + ", " + rec.updates + " updates, validation accuracy " + score.accuracy.toFixed(3),
  "hidden states: PC1 " + (100 * ev[0]).toFixed(1) + "% of variance",
  "slow points: " + K + ", max q " + Math.max(...qs).toExponential(1) + ", PC1 of the points " + (100 * fpEv[0]).toFixed(1) + "% (≥ 85%)",
  "||λ1| − 1| ≤ 0.02 at " + (100 * near1).toFixed(0) + "% (≥ 90%); median |λ2| " + medLam2.toFixed(4) + " (≤ 0.99); median ||λ1| − 1| " + medDrift1.toFixed(4) + " (≤ " + ((1 - medLam2) / 3).toFixed(4) + ")",
  "readout along the line: worst binned reversal " + worstReversal.toFixed(3) + " (≤ 0.15), middle |ρ| " + Math.abs(rhoMid).toFixed(3) + " (≥ 0.95), all-points |ρ| " + Math.abs(rho).toFixed(3) + ", range " + Math.min(...readouts).toFixed(2) + " to " + Math.max(...readouts).toFixed(2),
  "left eigenvector: signs right at " + signOk + "/" + middle.length + " middle points, worst neutral ratio " + neutralWorst.toFixed(3) + " (≤ 0.25), worst corr " + corrWorst.toFixed(3) + " (≥ 0.95)",
  "notebook time: " + ((Date.now() - t0) / 1000).toFixed(0) + " s (" + runMode() + " mode)",
].join("\n"));
