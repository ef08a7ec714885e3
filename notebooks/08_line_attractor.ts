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
  initPlotly, display, lineChart, scatter, trajectories3d, fixedPointsView, eigenvaluePlot, seriesSeed, Rng,
} from "rnn-atlas";
import { Claims, wilsonInterval, bootstrapInterval, median, mean, pearson, spearman, permutationPValue, permutationsFor, shuffled, pct, fraction } from "rnn-atlas";

const claims = new Claims("08_line_attractor");
const t0 = Date.now();
console.log("run mode:", runMode(), "(RNN_ATLAS_MODE=full for the larger network and budgets) · seed offset", seriesSeed(0));

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
// The validation documents are drawn with the series seed too, so each seed is an independent replicate.
const task = getTask("sentiment", { validationSeed: seriesSeed(1) });
const V = task.inputSize;
const ex = task.trials({ batch: 1, seed: seriesSeed(7) });
const tokens = String(ex.meta[0]!.tokens).split(",").map(Number);
const valenceOf = (w: number) => (w < 10 ? 1 : w < 20 ? -1 : 0);
let running = 0;
const exRows = tokens.map((w, t) => ({ t: t, v: (running += valenceOf(w)), s: "running valence sum" }));
console.log("document of " + tokens.length + " tokens, valence sum " + ex.meta[0]!.valenceSum + ", label " + ex.meta[0]!.label);
lineChart(exRows, { x: "t", y: "v", series: "s", title: "Evidence accumulated along one document", xLabel: "token", yLabel: "Σ valence" })

// %% [markdown]
// ## 2. Train a GRU
//
// Maheswaranathan et al. trained vanilla RNNs, GRUs, UGRNNs and LSTMs and found the same mechanism in all; we train a GRU
// (PyTorch's `nn.GRU` with a linear readout), N = 16 units in quick mode (32 in full mode), Adam (learning rate 0.01, gradient-norm
// clip 1), fresh batches of 64 documents, until the training loss falls below 10⁻³ or the update budget (2000 quick, 4000 full) ends.
// **Claim: the network solves the task.** The paper's networks classify real reviews at about 90 % and more; our synthetic
// task is easier (the label is a deterministic function of the words). The 256 validation documents are a binomial sample:
// the Wilson 95 % lower bound of the accuracy (right sign at the last token) must exceed 90 %. Everything below analyses this one
// network, so a network that fails here stops the notebook's analysis claims from meaning anything.

// %%
const N = byMode({ quick: 16, full: 32 });
const trained = await trainPopulation({
  task: task,  // (tslab: no shorthand properties for variables from earlier cells)
  spec: { arch: "gru", hiddenSize: N },
  networks: 1,
  seed: seriesSeed(1),
  lr: 0.01,
  clipNorm: 1,
  data: { batch: 64 },
  stop: byMode({ quick: { targetLoss: 1e-3, maxUpdates: 2000 }, full: { targetLoss: 1e-3, maxUpdates: 4000 } }),
  reporter: "notebook",
});
const rec = trained.networks[0]!;
console.log("stopped after " + rec.updates + " updates (" + rec.stopReason + "), best training loss " + rec.bestLoss.toExponential(2) +
  ", " + (trained.timings.totalMs / 1000).toFixed(1) + " s");
const model = unstackModel(trained.population, 0);
const S = stateSize(model.spec);
const val = task.validation();
const run = runModel(model, val.inputs, { batch: val.batch, time: val.time });
const score = task.score(val, run.outputs);
console.log("validation:", JSON.stringify(score));
const nRight = Math.round(score.accuracy * val.batch);
const accCi = wilsonInterval(nRight, val.batch);
claims.check({
  claim: "the GRU solves the evidence-integration task", paper: "trained networks classify sentiment accurately (≈ 90 %+ on real reviews)",
  ours: `${fraction(nRight, val.batch, 1)} (95 % CI ${pct(accCi.lo)}–${pct(accCi.hi)})`,
  tolerance: "Wilson 95 % lower bound > 90 %", pass: accCi.lo > 0.9, value: score.accuracy, n: val.batch, minN: 100,
});

// %% [markdown]
// ## 3. The trajectories are nearly one-dimensional
//
// PCA of the hidden states of all validation documents (token steps only, `fitPca`). Maheswaranathan et al. found that the
// first principal component captures most of the variance and that documents spread along it by their sentiment. Colouring each
// trajectory by its label shows the two classes moving to the two ends.

// %%
const valid = new Uint8Array(val.batch * val.time);
val.meta.forEach((m: Record<string, unknown>, b: number) => { for (let t = 0; t < Number(m.length); t++) valid[b * val.time + t] = 1; });
const tokenStates: number[] = [];
for (let i = 0; i < val.batch * val.time; i++) if (valid[i]) for (let j = 0; j < S; j++) tokenStates.push(run.states[i * S + j]!);
const pca = fitPca(fromStates(Float64Array.from(tokenStates), S), 3);
const ev = Array.from(pca.explainedVarianceRatio);
console.log("variance of the hidden states explained by PC1-3: " + ev.map((r) => (100 * r).toFixed(1) + "%").join(", "));
claims.report({ claim: "hidden-state trajectories are low-dimensional, PC1 dominant", paper: "a couple of PCs; PC1 carries the evidence", ours: `PC1 ${pct(ev[0]!)}, PC2 ${pct(ev[1]!)}, PC3 ${pct(ev[2]!)}`, why: "the paper gives no number to test against; shown for comparison with the slow points' PCA below", value: ev[0]! });
const traj = { data: run.states, shape: [val.batch, val.time, S] as [number, number, number] };
trajectories3d(traj, { projection: pca, color: val.meta.map((m: Record<string, unknown>) => (Number(m.label) > 0 ? "positive" : "negative")), colorLabel: "label", maxTrials: 60,
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
const inits = sampleStates(traj, 512, { noise: 0.01, seed: seriesSeed(0), validMask: valid });
const search = findFixedPointsDetailed(model, { inits: inits.states, inputs: uStar, maxIters: 3000, tolUnique: 0.05 });
const fps = search.unique;
const st = search.stats;
const qs = Array.from(fps.q);
console.log("search: " + st.seconds.toFixed(1) + " s, " + st.nConverged + "/512 converged, " + st.nDistanceOutliers + " distance outliers; " +
  fps.count + " unique points, q from " + Math.min(...qs).toExponential(1) + " to " + Math.max(...qs).toExponential(1));
const K = fps.count;
// A prerequisite, not a claim: without a sample of points there is no manifold to test.
if (K < 20) throw new Error(`only ${K} unique slow points: at least 20 are needed to trace a manifold (more initial states or a smaller tolUnique)`);
const nSlow = qs.filter((q) => q < 1e-4).length;
const slowCi = wilsonInterval(nSlow, K);
claims.check({
  claim: "the minima of q under the neutral input are slow points", paper: "approximate line attractor: slow points, not exact fixed points",
  ours: `${fraction(nSlow, K)} have q < 1e-4 (95 % CI ${pct(slowCi.lo)}–${pct(slowCi.hi)}); max q ${Math.max(...qs).toExponential(1)}`,
  tolerance: "Wilson 95 % lower bound > 90 % (q < 1e-4: speed < 0.015 per step, < 1 unit over a 50-token document)", pass: slowCi.lo > 0.9, value: nSlow / K, n: K, minN: 20,
});

// %% [markdown]
// ## 5. The slow points form a line
//
// A PCA of the slow points themselves: if they lie on a one-dimensional manifold, the first component carries almost all their
// variance. **Claim:** PC1 explains at least **80 %** of the slow points' variance (a line; the saturated ends bend it, which puts
// the rest in PC2). Tolerance: the bootstrap 95 % interval over slow points (500 resamples, seed `seriesSeed(81)`) must lie above 80 %.
// Drawn in the trajectories' PCA, the points trace the path along which the documents travel.

// %%
const fpPca = fitPca(fromStates(fps.xstar, S), 3);
const fpEv = Array.from(fpPca.explainedVarianceRatio);
console.log("variance of the slow points explained by PC1-3: " + fpEv.map((r) => (100 * r).toFixed(1) + "%").join(", "));
const pointIdx = Array.from({ length: K }, (_, k) => k);
const pc1Share = (ks: number[]): number => {
  const xs = new Float64Array(ks.length * S);
  ks.forEach((k, j) => xs.set(fps.xstar.subarray(k * S, (k + 1) * S), j * S));
  return fitPca(fromStates(xs, S), 1).explainedVarianceRatio[0]!;
};
const lineCi = bootstrapInterval(pointIdx, pc1Share, { seed: seriesSeed(81), reps: 500 });
claims.check({
  claim: "the slow points lie on a line (one-dimensional manifold)", paper: "a 1-D manifold of slow points",
  ours: `PC1 ${pct(fpEv[0]!)} of the slow points' variance (95 % CI ${pct(lineCi.lo)}–${pct(lineCi.hi)})`,
  tolerance: "bootstrap 95 % lower bound > 80 %", pass: lineCi.lo > 0.8, value: fpEv[0]!, n: K, minN: 20,
});
fixedPointsView(fps, { projection: pca, trajectories: traj, maxTrials: 30, title: "Slow points (neutral input) on the trajectories" })

// %% [markdown]
// ## 6. One eigenvalue ≈ 1, the rest inside the unit circle
//
// Linearise at each slow point: δx<sub>t+1</sub> ≈ J δx<sub>t</sub>, eigenvalues sorted by |λ|. On a line attractor the top
// eigenvalue is ≈ 1 (the direction along the line: a displacement is neither restored nor amplified — that is the memory) and the
// others are smaller (a displacement off the line decays as |λ|<sup>t</sup>).
//
// **Claims** (statistics over the slow points): (a) at most of them (**≥ 80 %**, Wilson 95 % lower bound) the top eigenvalue is real with
// ||λ₁| − 1| ≤ **0.02** (time constant ≥ 50 steps, longer than any training document); (b) the median |λ₂| is ≤ **0.99** (time
// constant ≤ 100 steps; bootstrap 95 % upper bound) — with one network per seed this classifies the network (see below) and is
// shown, not asserted; (c) the slow mode is clearly separated from the next one: median ||λ₁| − 1| is at
// most **⅓** of 1 − median |λ₂| (the top mode drifts at least 3× more slowly than the second decays; bootstrap 95 % upper bound of the
// ratio). Bootstraps resample slow points (2,000 resamples, seeds `seriesSeed(82)`, `seriesSeed(83)`); minimum 20 points.
//
// **Not every quick network is a clean line attractor.** The population here is one network per seed. At seeds 0–2
// median |λ2| ≈ 0.97–0.98; at seeds 3 and 4 the trained network kept a *second* slow mode (median |λ2| ≈ 0.991–0.998 on two
// kernel versions). Whether this network isolates one slow mode is decided from the bootstrap interval of median |λ2|, three
// ways: entirely ≤ 0.99 — one isolated slow mode, and the claims that need it ((a) and (c) here, the readout and word claims
// of §7–8) are asserted; entirely above 0.99 — a second slow mode, and those claims are recorded as **not reproduced** for this
// network, with the measured reason; straddling 0.99 — the slow points cannot decide it, and those claims are **reported**
// (measured, not asserted). (The first version had only the first two branches and asserted the claims in the straddling
// case; seed 4, median |λ2| 0.991 with interval 0.986–0.995, showed the gap.) The claims table shows which branch was taken. Asserting them at every seed needs a population of networks
// per seed (and a task that forces the other modes to decay), which the quick budget does not have. This is an *approximate* line attractor, as in the paper: documents last 20–50 steps and nothing in training forces the other
// modes to decay much faster than that, so |λ₂| stays fairly close to 1 (≈ 0.98 here); at the saturated ends of the line the GRU's update
// gates close and several modes slow down together.

// %%
// The fixed-point record stores eigenvalues sorted by |λ| (row k: S values); computed in the search, so they are always there.
const eigRe = fps.eigRe, eigIm = fps.eigIm;
if (!eigRe || !eigIm) throw new Error("the fixed-point search returned no eigenvalues (run it with eigenvalues on)");
const lam1 = Array.from({ length: K }, (_, k) => Math.hypot(eigRe[k * S]!, eigIm[k * S]!));
const lam1Real = Array.from({ length: K }, (_, k) => Math.abs(eigIm[k * S]!) < 1e-9);
const lam2 = Array.from({ length: K }, (_, k) => Math.hypot(eigRe[k * S + 1]!, eigIm[k * S + 1]!));
const nNear1 = lam1.filter((l, k) => lam1Real[k] && Math.abs(l - 1) <= 0.02).length;
const near1 = nNear1 / K;
const near1Ci = wilsonInterval(nNear1, K);
const medLam2 = median(lam2);
const medDrift1 = median(lam1.map((l) => Math.abs(l - 1)));
console.log("|λ1|: " + Math.min(...lam1).toFixed(4) + " to " + Math.max(...lam1).toFixed(4) + "; |λ2|: " + Math.min(...lam2).toFixed(4) + " to " +
  Math.max(...lam2).toFixed(4) + " (median " + medLam2.toFixed(4) + ", time constant " + (-1 / Math.log(medLam2)).toFixed(0) + " steps)");
const lam2Ci = bootstrapInterval(lam2, median, { seed: seriesSeed(82) });
// A measured finding, not a tolerance: when even the lower bound of median |λ2| is above 0.99 this network has a
// *second* slow mode. Nothing in the quick task (20–50-token documents, training to loss 1e-3) forces the other modes
// to decay, and then λ1's eigenvectors are ill-separated from λ2's, so the claims that need one isolated slow mode
// below are recorded as not reproduced for this network, with this reason, instead of failing the run.
const secondSlowMode = lam2Ci.lo > 0.99;
const twoModes = secondSlowMode
  ? `this network has a second slow mode (median |λ2| ${medLam2.toFixed(4)}, 95 % CI from ${lam2Ci.lo.toFixed(4)} > 0.99): the quick task does not force the other modes to decay, one network per seed`
  : undefined;
// Neither branch decided: the interval straddles 0.99, so whether the slow mode is isolated is open for this network.
const modeUndecided = !secondSlowMode && lam2Ci.hi > 0.99
  ? `whether this network isolates one slow mode is undecided (median |λ2| ${medLam2.toFixed(4)}, 95 % CI ${lam2Ci.lo.toFixed(4)}–${lam2Ci.hi.toFixed(4)} straddles 0.99)`
  : undefined;
claims.check({
  claim: "one eigenvalue ≈ 1 at the slow points (real, ||λ1| − 1| ≤ 0.02)", paper: "|λ1| ≈ 1 along the line (time constant ≫ document length)",
  ours: `${fraction(nNear1, K, 1)} (95 % CI ${pct(near1Ci.lo)}–${pct(near1Ci.hi)})`,
  tolerance: "Wilson 95 % lower bound ≥ 80 %", pass: near1Ci.lo >= 0.8, value: near1, n: K, minN: 20, notReproducedBecause: twoModes, undecidedBecause: modeUndecided,
});
// (b) decides the branch above, so it is shown, not asserted: a claim that the premise of the others holds would pass by construction.
claims.report({
  claim: "the other modes decay: median |λ2| ≤ 0.99", paper: "remaining eigenvalues well inside the unit circle",
  ours: `median |λ2| ${medLam2.toFixed(4)} (95 % CI ${lam2Ci.lo.toFixed(4)}–${lam2Ci.hi.toFixed(4)}): ` + (twoModes ? "a second slow mode" : modeUndecided ? "undecided" : "one isolated slow mode"),
  why: "classifies this one network (decides whether the claims that need one isolated slow mode are asserted); how often quick networks isolate one mode needs a population per seed (2 of 5 seeds kept a second one)", value: medLam2,
});
const sepRatio = (ks: number[]) => median(ks.map((k) => Math.abs(lam1[k]! - 1))) / (1 - median(ks.map((k) => lam2[k]!)));
const sepCi = bootstrapInterval(pointIdx, sepRatio, { seed: seriesSeed(83) });
claims.check({
  claim: "the slow mode is separated from the next one", paper: "one slow mode, the rest fast",
  ours: `median ||λ1| − 1| / (1 − median |λ2|) = ${sepCi.estimate.toFixed(3)} (95 % CI ${sepCi.lo.toFixed(3)}–${sepCi.hi.toFixed(3)})`,
  tolerance: "bootstrap 95 % upper bound ≤ 1/3 (the top mode drifts ≥ 3× more slowly than the second decays)", pass: sepCi.hi <= 1 / 3, value: sepCi.estimate, n: K, minN: 20, notReproducedBecause: twoModes, undecidedBecause: modeUndecided,
});
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
// monotonicity strictly on the middle of the line and show the binned means over the whole line.
// **Claims:** (a) over the slow points whose readout lies in (−0.8, 0.8), the Spearman rank correlation between position and readout is
// strong, |ρ| ≥ **0.9** as the bootstrap 95 % lower bound over those points (seed `seriesSeed(84)`; minimum 10 points), and not chance:
// permutation p < 0.001 (`permutationsFor(0.001)` = 5,000 shuffles of the readouts, seed `seriesSeed(85)`); (b) the readout spans both
// classes (below **−0.5** at one end, above **+0.5** at the other). Reported: the worst reversal of the 8 binned means against the trend.

// %%
const pos = Array.from(pcaTransform(fpPca, fromStates(fps.xstar, S)).data.filter((_, i) => i % 3 === 0));
const readouts = Array.from({ length: K }, (_, k) => readoutModel(model, fps.xstar.subarray(k * S, (k + 1) * S))[0]);
const rho = spearman(pos, readouts);
const pMin = Math.min(...pos), pMax = Math.max(...pos);
const bins = Array.from({ length: 8 }, () => [] as number[]);
pos.forEach((p, k) => bins[Math.min(7, Math.floor((8 * (p - pMin)) / (pMax - pMin)))]!.push(readouts[k]!));
const binMeans = bins.filter((b) => b.length > 0).map((b) => mean(b));
const trend = Math.sign(binMeans[binMeans.length - 1]! - binMeans[0]!);
let worstReversal = 0;
for (let i = 1; i < binMeans.length; i++) worstReversal = Math.max(worstReversal, -trend * (binMeans[i]! - binMeans[i - 1]!));
const mid = readouts.flatMap((y, k) => (y > -0.8 && y < 0.8 ? [k] : []));
const rhoOf = (ks: number[]) => Math.abs(spearman(ks.map((k) => pos[k]!), ks.map((k) => readouts[k]!)));
const rhoMid = mid.length >= 3 ? rhoOf(mid) : NaN;
console.log("binned mean readout along PC1: " + binMeans.map((m) => m.toFixed(2)).join(", "));
console.log("Spearman ρ(position, readout): all points " + rho.toFixed(3) + ", middle " + mid.length + " points " + rhoMid.toFixed(3) +
  "; readout from " + Math.min(...readouts).toFixed(2) + " to " + Math.max(...readouts).toFixed(2));
claims.report({ claim: "binned readout is monotone along the whole line up to the end plateaus", paper: "readout monotone along the line", ours: `worst reversal of 8 binned means ${worstReversal.toFixed(3)}; all-points |ρ| ${Math.abs(rho).toFixed(3)}`, why: "the saturated ends bend the line and PC1 order is noisy there; the middle of the line is asserted below", value: worstReversal });
if (mid.length >= 10) {
  const rhoCi = bootstrapInterval(mid, (ks) => rhoOf(ks), { seed: seriesSeed(84) });
  const permRng = new Rng(seriesSeed(85));
  const midPos = mid.map((k) => pos[k]!), midRead = mid.map((k) => readouts[k]!);
  const nulls = Array.from({ length: permutationsFor(0.001) }, () => Math.abs(spearman(midPos, shuffled(midRead, permRng))));
  const pRho = permutationPValue(rhoMid, nulls);
  claims.check({
    claim: "the readout varies monotonically along the middle of the line", paper: "readout monotone along the line",
    ours: `|ρ| ${rhoMid.toFixed(3)} (95 % CI ${rhoCi.lo.toFixed(3)}–${rhoCi.hi.toFixed(3)}) over ${mid.length} points, permutation p = ${pRho.toExponential(1)}`,
    tolerance: "bootstrap 95 % lower bound ≥ 0.9 and permutation p < 0.001", pass: rhoCi.lo >= 0.9 && pRho < 0.001, value: rhoMid, n: mid.length, minN: 10, notReproducedBecause: twoModes, undecidedBecause: modeUndecided,
  });
} else {
  claims.check({ claim: "the readout varies monotonically along the middle of the line", paper: "readout monotone along the line", ours: `|ρ| ${rhoMid.toFixed(3)} over ${mid.length} points`, tolerance: "bootstrap 95 % lower bound ≥ 0.9 and permutation p < 0.001", pass: false, n: mid.length, minN: 10, notReproducedBecause: twoModes, undecidedBecause: modeUndecided });
}
claims.check({
  claim: "the readout spans both classes along the line", paper: "the two ends of the line are the two sentiments",
  ours: `readout from ${Math.min(...readouts).toFixed(2)} to ${Math.max(...readouts).toFixed(2)}`, tolerance: "min < −0.5 and max > +0.5 (half-way to the labels ±1)",
  pass: Math.min(...readouts) < -0.5 && Math.max(...readouts) > 0.5,
});
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
// evidence, Δ<sub>w</sub> > 0 for positive words, < 0 for negative ones and ≈ 0 for neutral ones. **Claims**, at the slow points whose
// readout lies in (−0.8, 0.8) (the middle of the line, where documents are still undecided; minimum 3 points):
// (a) the sign of Δ<sub>w</sub> equals the valence for the (point, valenced word) pairs: Wilson 95 % lower bound ≥ 95 %;
// (b) neutral words barely move the memory: the median over points of max |Δ<sub>neutral</sub>| / mean |Δ<sub>valenced</sub>| is at most **0.25**
// (bootstrap 95 % upper bound over points, seed `seriesSeed(86)`); (c) Δ<sub>w</sub> tracks the valence: the median over points of
// corr(Δ<sub>w</sub>, valence) is ≥ **0.95** (bootstrap 95 % lower bound, seed `seriesSeed(87)`).

// %%
const middle = mid;
if (middle.length < 3) console.log(`only ${middle.length} slow points in the middle of the line: the word claims below are reported, not asserted`);
const valences = Array.from({ length: V }, (_, w) => valenceOf(w));
const leftRe = fps.leftRe, rightRe = fps.rightRe;
if (!leftRe || !rightRe) throw new Error("the fixed-point search returned no eigenvectors (run it with eigenvectors on)");
let signRight = 0, signPairs = 0;
const neutralRatios: number[] = [], corrs: number[] = [];
const deltaRows: { valence: number; delta: number; point: string }[] = [];
for (const k of middle) {
  const xs = fps.xstar.subarray(k * S, (k + 1) * S);
  const l1 = Array.from({ length: S }, (_, i) => leftRe[k * S * S + i * S]!);
  const r1 = Array.from({ length: S }, (_, i) => rightRe[k * S * S + i * S]!);
  // Orientation: the readout must increase along r1 (flip l1 and r1 together keeps l1ᵀr1 = 1).
  const ro = readoutModel(model, Float64Array.from(xs, (x, i) => x + 1e-4 * r1[i]!))[0]! - readouts[k]!;
  const orient = ro >= 0 ? 1 : -1;
  const delta = valences.map((_, w) => {
    const e = Array.from({ length: V }, (_, i) => (i === w ? 1 : 0));
    const next = stepModel(model, xs, e);
    let d = 0;
    for (let i = 0; i < S; i++) d += orient * l1[i]! * (next[i]! - xs[i]!);
    return d;
  });
  const valenced = delta.filter((_, w) => valences[w] !== 0);
  const meanAbs = mean(valenced.map(Math.abs));
  const right = delta.filter((d, w) => valences[w] !== 0 && Math.sign(d) === valences[w]).length;
  signRight += right;
  signPairs += valenced.length;
  const neutral = Math.max(...delta.filter((_, w) => valences[w] === 0).map(Math.abs)) / meanAbs;
  neutralRatios.push(neutral);
  const r = pearson(delta, valences);
  corrs.push(r);
  delta.forEach((d, w) => deltaRows.push({ valence: valences[w]! + 0.15 * (middle.indexOf(k) / middle.length - 0.5), delta: d, point: "point " + k }));
  console.log("point " + k + " (readout " + readouts[k]!.toFixed(2) + ", |λ1| " + lam1[k]!.toFixed(4) + "): mean |Δ| valenced " + meanAbs.toFixed(3) +
    ", worst neutral/mean " + neutral.toFixed(3) + ", corr(Δ, valence) " + r.toFixed(3) + (right === valenced.length ? "" : `, ${valenced.length - right} SIGN MISMATCHES`));
}
const signCi = wilsonInterval(signRight, Math.max(1, signPairs));
claims.check({
  claim: "words push the memory along the slow mode by their valence sign", paper: "positive words push one way, negative the other (l1 projection)",
  ours: `${fraction(signRight, signPairs)} (point, word) pairs right (95 % CI ${pct(signCi.lo)}–${pct(signCi.hi)}) at ${middle.length} middle points`,
  tolerance: "Wilson 95 % lower bound ≥ 95 %", pass: signCi.lo >= 0.95, value: signRight / Math.max(1, signPairs), n: middle.length, minN: 3, notReproducedBecause: twoModes, undecidedBecause: modeUndecided,
});
const nrCi = middle.length ? bootstrapInterval(neutralRatios, median, { seed: seriesSeed(86) }) : { estimate: NaN, lo: NaN, hi: NaN };
claims.check({
  claim: "neutral words barely move the memory", paper: "neutral words ≈ 0 along the slow mode",
  ours: `median max|Δ_neutral| / mean|Δ_valenced| ${nrCi.estimate.toFixed(3)} (95 % CI ${nrCi.lo.toFixed(3)}–${nrCi.hi.toFixed(3)})`,
  tolerance: "bootstrap 95 % upper bound of the median ≤ 0.25", pass: nrCi.hi <= 0.25, value: nrCi.estimate, n: middle.length, minN: 3, notReproducedBecause: twoModes, undecidedBecause: modeUndecided,
});
const corrCi = middle.length ? bootstrapInterval(corrs, median, { seed: seriesSeed(87) }) : { estimate: NaN, lo: NaN, hi: NaN };
claims.check({
  claim: "the step along the slow mode tracks the valence", paper: "effective valence from l1 ≈ true valence (monotone)",
  ours: `median corr(Δ_w, valence) ${corrCi.estimate.toFixed(3)} (95 % CI ${corrCi.lo.toFixed(3)}–${corrCi.hi.toFixed(3)})`,
  tolerance: "bootstrap 95 % lower bound of the median ≥ 0.95", pass: corrCi.lo >= 0.95, value: corrCi.estimate, n: middle.length, minN: 3, notReproducedBecause: twoModes, undecidedBecause: modeUndecided,
});
scatter(deltaRows, { x: "valence", y: "delta", color: "point", title: "Effect of each word on the slow mode, l₁ᵀ(F(h*, e_w) − h*)", xLabel: "valence (jittered by point)", yLabel: "Δ_w" })

// %% [markdown]
// ## Summary
//
// The GRU solves evidence integration as Maheswaranathan et al. (2019) found for real sentiment networks: its slow points under
// a neutral input lie on a line, each has one eigenvalue ≈ 1 (the memory of the accumulated evidence) with the other modes decaying,
// the readout changes monotonically along the line, and the slow mode's left eigenvector turns each word into a signed step along
// the line in proportion to its valence. The claims table below lists the numbers of this run.

// %%
console.log("notebook time: " + ((Date.now() - t0) / 1000).toFixed(0) + " s (" + runMode() + " mode)");

// %% [markdown]
// ## Claims
//
// Every claim of this notebook with the paper's value, ours, and the tolerance; the run fails if an asserted claim fails.

// %%
claims.finish()
