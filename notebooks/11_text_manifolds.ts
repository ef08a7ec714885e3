// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # 11 · Attractor manifolds of text-classification networks
//
// **Aitken, Ramasesh, Garg, Cao, Sussillo & Maheswaranathan (2020)** took the line attractor of binary sentiment networks
// (notebook 08) to text classification with more classes. Trained RNNs again accumulate evidence on a low-dimensional manifold
// of fixed points, whose **dimension and geometry are set by the training data**: with C unordered classes the manifold is a
// (C−1)-dimensional **simplex** (a line for 2 classes, a triangle for 3, a tetrahedron for 4; each evidence word pushes the
// state towards its class's vertex); each fixed point has C−1 eigenvalues ≈ 1; with **ordered** classes (star ratings) the
// classes are correlated and the manifold collapses to a roughly one-dimensional curve. Simple **word-count statistics** of
// the training set predict both: the number of independent directions in the words' class evidence is the dimension the
// network needs to remember. The mechanism is shared across architectures.
//
// * K. Aitken\*, V. V. Ramasesh\*, A. Garg, Y. Cao, D. Sussillo & N. Maheswaranathan, *The geometry of integration in text
//   classification RNNs*, ICLR 2021 (arXiv 2010.15114).
// * N. Maheswaranathan, A. H. Williams, M. D. Golub, S. Ganguli & D. Sussillo, NeurIPS 2019 (the 2-class line attractor).
//
// **What is the paper's and what is ours.** From the paper: C-class synthetic documents whose label is the class with the most
// evidence words; the (C−1)-D simplex manifold and C−1 slow modes; the ordered-class collapse; the prediction from word counts;
// the comparison across GRU, LSTM and vanilla networks. Our choices: the synthetic task `getTask("text-classification")`
// (5 evidence words per class, 10 neutral words, documents of 20–40 i.i.d. tokens, one-hot tokens, ties redrawn; the ordered
// variant has 5 words at each valence −2, −1, +1, +2 and 5 classes binned at the normal approximation's quintiles of the
// valence sum), **mean squared error to the one-hot label at the last token** (the training loop's only loss; the paper used
// softmax cross-entropy), small networks (16 units) and a quick budget, and the word-count statistic: the centred
// log-likelihood evidence E[w, c] = log P(w | c) − mean over classes, whose principal components (rows weighted by word
// frequency) count the directions a bag-of-words integrator must remember. The modifier words and document-edge weights of
// the task are off here (notebook 12 uses them).

// %%
import {
  runMode, byMode, getTask, trainPopulation, unstackModel, runModel, readoutModel, stateSize, sampleStates, findFixedPointsDetailed,
  fitPca, pcaTransform, fromStates, initPlotly, display, lineChart, scatter, fixedPointsView, eigenvaluePlot, seriesSeed, Rng,
  documentsOf, wordCountStatistics, slowModeCounts, manifoldDimension, wordEffects, evidenceAlignment, simplexVertices, vertexGeometry,
  wordVertexCosines,
} from "rnn-atlas";
import type { Model, TextClassificationTask, FixedPoints, WordCountStatistics, ManifoldDimension } from "rnn-atlas";
import { Claims, wilsonInterval, bootstrapInterval, median, quantile, pct, fraction, table } from "rnn-atlas";

const claims = new Claims("11_text_manifolds");
const t0 = Date.now();
console.log("run mode:", runMode(), "(RNN_ATLAS_MODE=full for larger networks and populations) · seed offset", seriesSeed(0));

// %%
initPlotly()

// %% [markdown]
// ## 1. The task and the word-count prediction
//
// Each step delivers one token as a one-hot vector; after the document the input is zero. The C outputs must equal the one-hot
// label at the last token (the only step the loss sees). The settings: C = 2, 3, 4 unordered classes for three architectures,
// and, at C = 5, the ordered variant next to the unordered one.
//
// Before any training, the theory's prediction: the word-count evidence matrix E of a large sample of training documents
// (8192, seed `seriesSeed(11)`) and the share of its variance on each principal component. The **predicted dimension** d̂ is
// the number of components reaching 90 % of it. For unordered classes E has exactly C−1 equal components (every class is
// like every other); for ordered classes one component (the words' valence) carries nearly everything.

// %%
const MAX_LEN = 40;
const settings = [
  { key: "C2", classes: 2, ordered: false },
  { key: "C3", classes: 3, ordered: false },
  { key: "C4", classes: 4, ordered: false },
  { key: "C5", classes: 5, ordered: false },
  { key: "C5-ordered", classes: 5, ordered: true },
];
const tasks: Record<string, TextClassificationTask> = {};
const counts: Record<string, WordCountStatistics> = {};
const specRows: object[] = [];
for (const s of settings) {
  const task = getTask("text-classification", { classes: s.classes, ordered: s.ordered, maxLength: MAX_LEN, validationSeed: seriesSeed(1) });
  tasks[s.key] = task;
  const { docs, labels } = documentsOf(task.trials({ batch: 8192, seed: seriesSeed(11) }));
  const wc = wordCountStatistics(docs, labels, { classes: s.classes, vocabSize: task.inputSize, variance: 0.9 });
  counts[s.key] = wc;
  specRows.push({ setting: s.key, vocabulary: task.inputSize, "C − 1": s.classes - 1, "E variance by component": wc.explainedVarianceRatio.map((r) => pct(r, 0)).join(" · "), "predicted d̂": wc.predictedDimension });
}
const ex = tasks["C3"]!.trials({ batch: 1, seed: seriesSeed(7) });
console.log("a C = 3 document (class words c<k>_<i>, neutral n<i>): " + String(ex.meta[0]!.tokens).split(",").map((w) => tasks["C3"]!.vocabulary[Number(w)]!.name).join(" ") +
  " → counts " + [0, 1, 2].map((c) => ex.meta[0]![`count${c}`]).join("/") + ", class " + ex.meta[0]!.label);
table(specRows)

// %%
const dHat = (key: string): number => counts[key]!.predictedDimension;
const unorderedOk = ["C2", "C3", "C4", "C5"].every((k) => dHat(k) === Number(k.slice(1)) - 1);
claims.report({
  claim: "word counts predict a (C−1)-D manifold for unordered classes and ~1-D for ordered ones",
  paper: "dimension = number of independent evidence directions: C−1 categorical; fewer when ordered",
  ours: `d̂ = ${["C2", "C3", "C4", "C5"].map((k) => dHat(k)).join(", ")} for C = 2–5; ${dHat("C5-ordered")} for the ordered C = 5 (PC1 ${pct(counts["C5-ordered"]!.explainedVarianceRatio[0]!)})`,
  why: "a property of the data that the network claims below are tested against, not of a network" + (unorderedOk ? "" : " (UNEXPECTED: an unordered d̂ differs from C−1)"),
  value: dHat("C5-ordered"),
});

// %% [markdown]
// ## 2. Train populations
//
// For each setting, `trainPopulation` trains several networks in one batched call (different seeds, same task): GRU, LSTM
// and vanilla (tanh) networks of 16 units (32 in full mode) at C = 2, 3, 4, and GRUs at C = 5 ordered and unordered.
// Adam, gradient-norm clip 1, fresh batches of 64 documents, until the training loss is below 10⁻³ or the budget ends
// (GRU/LSTM: learning rate 0.01, 1500 updates quick; vanilla: 0.005 and 3000 updates, since it trains more slowly).
// **Claim: the networks solve the task**: the accuracy (argmax of the outputs at the last token = label) pooled over a setting's
// networks on the 256 validation documents each is a binomial sample; its Wilson 95 % lower bound must exceed 90 %. This is
// asserted for GRU and LSTM; the quick vanilla networks reach only ≈ 90–95 % (seed 0 trial runs), so theirs is reported, and so
// are the mechanism claims for them. Many quick vanilla networks also end with only a handful of distinct fixed points under the
// neutral input (seeds 0–2: 3–5 of their 6 networks below 20 points) — a few discrete attractors rather than a continuum — so
// for them the manifold claims are mostly unmeasurable at this scale (§3).
//
// Full mode (8 networks per setting, 32 units, 4000/8000 updates) has not been run; from the quick costs (≈ 95 s of training for
// 11 settings × 2 networks of 16 units) it should take very roughly 4 × 4 × 2.7 ≈ 40× that, about an hour, plus the larger searches.

// %%
const M = byMode({ quick: 2, full: 8 });
const H = byMode({ quick: 16, full: 32 });
const archs = ["gru", "lstm", "vanilla"] as const;
type Arch = (typeof archs)[number];
const runs: { key: string; arch: Arch; models: Model[]; seconds: number }[] = [];
const plan: { key: string; arch: Arch }[] = [
  ...archs.flatMap((arch) => ["C2", "C3", "C4"].map((key) => ({ key: key, arch: arch }))),
  { key: "C5", arch: "gru" },
  { key: "C5-ordered", arch: "gru" },
];
for (const [i, p] of plan.entries()) {
  const vanilla = p.arch === "vanilla";
  const pop = await trainPopulation({
    task: tasks[p.key]!,
    spec: { arch: p.arch, hiddenSize: H },
    networks: M,
    seed: seriesSeed(100 + i),
    lr: vanilla ? 0.005 : 0.01,
    clipNorm: 1,
    data: { batch: 64 },
    stop: { targetLoss: 1e-3, maxUpdates: vanilla ? byMode({ quick: 3000, full: 8000 }) : byMode({ quick: 1500, full: 4000 }) },
    reporter: "notebook",
    progressLabel: `${p.arch}, ${p.key}, ${M} networks`,
  });
  runs.push({ key: p.key, arch: p.arch, models: Array.from({ length: M }, (_, n) => unstackModel(pop.population, n)), seconds: pop.timings.totalMs / 1000 });
}
console.log("training: " + runs.map((r) => `${r.arch} ${r.key} ${r.seconds.toFixed(0)} s`).join(", "));

// %% [markdown]
// ## 3. Fixed points, slow modes and the manifold of every network
//
// For each network: the states it visits on the validation documents (token steps), 256 of them (1024 full) plus noise of std
// 0.01 as initial states (seed `seriesSeed(3)`), and the fixed-point search under the **neutral input** u* (the mean one-hot of
// the neutral words, the "no evidence" input, as in notebook 08), de-duplicated within 0.01 (fine enough to sample even the vanilla networks' short lines densely). At each point:
//
// * **slow modes**: eigenvalues with |λ| ≥ exp(−1/(2.5 · 40)) ≈ 0.990, i.e. time constant ≥ 100 steps, 2.5× the longest
//   document (a mode that keeps at least two thirds of a displacement over a whole document: a memory);
// * the **manifold's dimension**: PCA of the network's fixed points;
// * the **vertices**: for each class, the mean of the 10 % of points the readout assigns to it with the largest margin;
// * the **word effects**: the step Δ_w = F(h*, e_w) − h* of each word at each point, and its readout change (centred over
//   classes), averaged over points.
//
// A network whose search finds fewer than 20 distinct points has no manifold to measure (a vanilla network can solve C = 2 with
// a few discrete attractors): it is listed, and it counts against the asserted claims of its architecture.

// %%
const SLOW = Math.exp(-1 / (2.5 * MAX_LEN));
interface NetResult {
  key: string; arch: Arch; net: number; classes: number; nRight: number; nVal: number; K: number; S: number;
  fps: FixedPoints; slow: number[]; dim: ManifoldDimension; readouts: Float64Array; states: { data: Float64Array; shape: [number, number, number] };
  edgeRatio: number; wordCos: number[][]; evidenceCos: number[]; model: Model;
}
// Networks whose search finds fewer than 20 distinct points (e.g. a vanilla net that solved the task with a few discrete
// attractors instead of a continuum): no manifold to measure; they are listed, and count against the asserted claims.
const untraced: { key: string; arch: Arch; net: number; K: number; nRight: number; nVal: number }[] = [];
function analyse(model: Model, key: string, arch: Arch, net: number): NetResult | null {
  const task = tasks[key]!;
  const C = task.classes;
  const S = stateSize(model.spec);
  const val = task.validation();
  const run = runModel(model, val.inputs, { batch: val.batch, time: val.time });
  const nRight = Math.round(task.score(val, run.outputs).accuracy * val.batch);
  const valid = new Uint8Array(val.batch * val.time);
  val.meta.forEach((m: Record<string, unknown>, b: number) => { for (let t = 0; t < Number(m.length); t++) valid[b * val.time + t] = 1; });
  const traj = { data: run.states, shape: [val.batch, val.time, S] as [number, number, number] };
  const inits = sampleStates(traj, byMode({ quick: 256, full: 1024 }), { noise: 0.01, seed: seriesSeed(3), validMask: valid });
  const uStar = Array.from({ length: task.inputSize }, (_, i) => (task.neutralIds.includes(i) ? 1 / task.neutralIds.length : 0));
  const fps = findFixedPointsDetailed(model, { inits: inits.states, inputs: uStar, maxIters: 2000, tolUnique: 0.01 }).unique;
  const K = fps.count;
  if (K < 20) {
    untraced.push({ key: key, arch: arch, net: net, K: K, nRight: nRight, nVal: val.batch });
    return null;
  }
  const readouts = new Float64Array(K * C);
  for (let k = 0; k < K; k++) readouts.set(readoutModel(model, fps.xstar.subarray(k * S, (k + 1) * S)), k * C);
  const vertices = simplexVertices(fps.xstar, readouts, C, { top: 0.1 });
  const eff = wordEffects(model, fps.xstar);
  const evidenceWords = task.vocabulary.filter((w) => w.kind === "evidence").map((w) => w.id);
  return {
    key: key, arch: arch, net: net, classes: C, nRight: nRight, nVal: val.batch, K: K, S: S, fps: fps, model: model,
    slow: slowModeCounts(fps, SLOW).counts, dim: manifoldDimension(fps.xstar, S), readouts: readouts, states: traj,
    edgeRatio: vertexGeometry(vertices).edgeRatio,
    wordCos: task.options.ordered ? [] : wordVertexCosines(eff.state, task.vocabulary.map((w) => w.cls), vertices),
    evidenceCos: evidenceAlignment(eff, counts[key]!.evidence, evidenceWords),
  };
}
const results: NetResult[] = runs.flatMap((r) => r.models.map((m, n) => analyse(m, r.key, r.arch, n))).filter((r): r is NetResult => r !== null);
const missing = (arch: Arch, keys: string[]): string => {
  const u = untraced.filter((x) => x.arch === arch && keys.includes(x.key));
  return u.length ? `; ${u.length} network(s) with < 20 fixed points, no manifold: ${u.map((x) => `${x.key} #${x.net} (${x.K})`).join(", ")}` : "";
};
if (untraced.length) console.log("networks with fewer than 20 fixed points (not analysed): " + untraced.map((x) => `${x.arch} ${x.key} #${x.net}: ${x.K}`).join(", "));
const modeOf = (xs: number[]): number => {
  const h = new Map<number, number>();
  xs.forEach((x) => h.set(x, (h.get(x) ?? 0) + 1));
  return [...h.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
};
table(results.map((r) => ({
  arch: r.arch, setting: r.key, net: r.net, accuracy: fraction(r.nRight, r.nVal), "fixed points": r.K,
  "slow modes (mode; share)": `${modeOf(r.slow)}; ${pct(r.slow.filter((x) => x === modeOf(r.slow)).length / r.K, 0)}`,
  "PCA of the points": r.dim.explainedVarianceRatio.slice(0, 5).map((x) => pct(x, 0)).join(" · "), "participation ratio": r.dim.participationRatio.toFixed(2),
})))

// %% [markdown]
// ## 4. The manifold is a simplex
//
// The GRU's fixed points in the plane of their first two principal components, coloured by the class the readout picks:
// a segment for C = 2, a triangle for C = 3 (each corner one class, the middle undecided), and for C = 4 a tetrahedron, drawn
// in 3-D with the network's validation trajectories running into it.

// %%
const gru = (key: string, net = 0): NetResult => results.find((r) => r.arch === "gru" && r.key === key && r.net === net)!;
const planeRows = (r: NetResult) => {
  const pca = fitPca(fromStates(r.fps.xstar, r.S), 2);
  const xy = pcaTransform(pca, fromStates(r.fps.xstar, r.S)).data;
  return Array.from({ length: r.K }, (_, k) => {
    const y = Array.from(r.readouts.subarray(k * r.classes, (k + 1) * r.classes));
    return { pc1: xy[2 * k]!, pc2: xy[2 * k + 1]!, class: "class " + y.indexOf(Math.max(...y)) };
  });
};
for (const key of ["C2", "C3"]) {
  await display(scatter(planeRows(gru(key)), { x: "pc1", y: "pc2", color: "class", title: `GRU fixed points, ${key.slice(1)} classes (PC1–PC2 of the points)`, xLabel: "PC1", yLabel: "PC2" }));
}
const r4 = gru("C4");
fixedPointsView(r4.fps, { projection: fitPca(fromStates(r4.fps.xstar, r4.S), 3), trajectories: r4.states, maxTrials: 20, modes: "none",
  title: "GRU fixed points, 4 classes: a tetrahedron (PCA of the points)" })

// %% [markdown]
// ## 5. C − 1 slow modes at every fixed point
//
// The eigenvalues of the linearised dynamics at (60 of) the C = 3 GRU's fixed points: two at |λ| ≈ 1 (the two directions of the
// triangle), the rest inside the unit circle. The distribution of slow-mode counts per point, by architecture and C, shows the
// count following C − 1.
//
// **Claim** (per architecture, for each C): over the fixed points of the setting's networks (pooled), the most common slow-mode
// count is d̂ = C − 1 and the share of points with exactly d̂ slow modes is a majority: Wilson 95 % lower bound > 50 %. Asserted
// for GRU; reported for LSTM and vanilla (trial runs at seed 0 showed their second memory mode leakier, |λ₂| ≈ 0.98, just under
// the 0.99 threshold: the quick networks keep the memory for about one document only, so the count depends on where the
// threshold falls rather than on the mechanism).

// %%
// 60 evenly spaced points keep the figure small (every point's S eigenvalues are drawn).
const fps3 = gru("C3").fps;
const shown = Array.from({ length: Math.min(60, fps3.count) }, (_, i) => Math.floor((i * fps3.count) / Math.min(60, fps3.count)));
await display(eigenvaluePlot(fps3.select(shown), { title: `Eigenvalues at ${shown.length} of the GRU's ${fps3.count} fixed points, 3 classes (unit circle)` }));
const countRows: object[] = [];
for (const arch of archs) for (const key of ["C2", "C3", "C4"]) {
  const pooled = results.filter((r) => r.arch === arch && r.key === key).flatMap((r) => r.slow);
  if (pooled.length === 0) continue;
  for (let k = 0; k <= 6; k++) countRows.push({ "slow modes": k, share: pooled.filter((x) => x === k).length / pooled.length, series: `${arch} C=${key.slice(1)}` });
}
lineChart(countRows, { x: "slow modes", y: "share", series: "series", title: "Slow modes per fixed point (|λ| ≥ 0.990)", xLabel: "number of slow modes", yLabel: "share of fixed points" })

// %%
for (const arch of archs) {
  const parts: string[] = [];
  let pass = true;
  for (const key of ["C2", "C3", "C4"]) {
    const pooled = results.filter((r) => r.arch === arch && r.key === key).flatMap((r) => r.slow);
    if (pooled.length === 0) { pass = false; parts.push(`C=${key.slice(1)}: no network with a manifold`); continue; }
    const d = dHat(key);
    const n = pooled.filter((x) => x === d).length;
    const ci = wilsonInterval(n, pooled.length);
    parts.push(`C=${key.slice(1)}: mode ${modeOf(pooled)}, ${fraction(n, pooled.length)} with ${d} (CI ${pct(ci.lo, 0)}–${pct(ci.hi, 0)})`);
    pass = pass && modeOf(pooled) === d && ci.lo > 0.5;
  }
  pass = pass && missing(arch, ["C2", "C3", "C4"]) === "";
  const row = { claim: `${arch}: C−1 slow modes at the fixed points (C = 2, 3, 4)`, paper: "C−1 eigenvalues ≈ 1 at each point of the manifold", ours: parts.join("; ") + missing(arch, ["C2", "C3", "C4"]) };
  if (arch === "gru") claims.check({ ...row, tolerance: "modal count = d̂ and Wilson 95 % lower bound of its share > 50 %, every C", pass: pass });
  else claims.report({ ...row, why: "the quick LSTM/vanilla networks' second memory mode sits near the 0.99 threshold (|λ₂| ≈ 0.98 at seed 0 trial runs); " + (pass ? "holds here" : "does not hold here"), value: pass ? 1 : 0 });
}

// %% [markdown]
// ## 6. The manifold's dimension is the predicted d̂
//
// **Claim** (per architecture; every network, every C): the fixed points occupy d̂ = C − 1 dimensions: (a) the first d̂ principal
// components carry at least **80 %** of the points' variance, the tolerance of notebook 08 for a line (the saturated edges of
// the simplex bend it, which puts the rest in further components), and (b) there is a gap after them: the (d̂+1)-th component
// carries at most **half** of the d̂-th (otherwise the manifold would have more dimensions than predicted). Both as bootstrap
// 95 % bounds over the network's fixed points (500 resamples, seed `seriesSeed(60)`; lower bound for (a), upper for (b)).
// Asserted for GRU and LSTM, reported for vanilla (see §2). For the LSTM, whose state is [h, c], the same statistics on h alone
// (the readout's input) are printed too: where the full state fails and h passes, the row is recorded as not reproduced with
// that measured reason (added after seed 0's first run failed at C = 4: PC4/PC3 ≈ 0.5 in the [h, c] state).

// %%
/** Bootstrap bounds of the dimension statistics over a network's points, on their first `width` coordinates (default all). */
function dimensionCi(r: NetResult, d: number, seed: number, width = r.S): { cum: number; cumLo: number; gap: number; gapHi: number } {
  const rng = new Rng(seed);
  const cums: number[] = [], gaps: number[] = [];
  const ratioAt = (dim: ManifoldDimension) => ({ cum: dim.cumulative[d - 1]!, gap: dim.explainedVarianceRatio[d]! / dim.explainedVarianceRatio[d - 1]! });
  const pick = (ks: number[]) => {
    const xs = new Float64Array(ks.length * width);
    ks.forEach((k, j) => xs.set(r.fps.xstar.subarray(k * r.S, k * r.S + width), j * width));
    return xs;
  };
  for (let rep = 0; rep < 500; rep++) {
    const q = ratioAt(manifoldDimension(pick(Array.from({ length: r.K }, () => rng.int(0, r.K - 1))), width));
    cums.push(q.cum);
    gaps.push(q.gap);
  }
  const est = ratioAt(manifoldDimension(pick(Array.from({ length: r.K }, (_, k) => k)), width));
  return { cum: est.cum, cumLo: quantile(cums, 0.025), gap: est.gap, gapHi: quantile(gaps, 0.975) };
}
const dimPass = (c: { cumLo: number; gapHi: number }) => c.cumLo >= 0.8 && c.gapHi <= 0.5;
for (const [ai, arch] of archs.entries()) {
  const parts: string[] = [];
  let pass = true;
  let hPass = true;
  const hParts: string[] = [];
  for (const key of ["C2", "C3", "C4"]) {
    const d = dHat(key);
    const rs = results.filter((r) => r.arch === arch && r.key === key);
    if (rs.length === 0) { pass = false; hPass = false; parts.push(`C=${key.slice(1)}: no network with a manifold`); continue; }
    const cis = rs.map((r) => dimensionCi(r, d, seriesSeed(60 + 10 * ai + r.net)));
    pass = pass && cis.every(dimPass);
    parts.push(`C=${key.slice(1)}: first ${d} PCs ${cis.map((c) => `${pct(c.cum, 0)} (≥ ${pct(c.cumLo, 0)})`).join(", ")}, next/last ${cis.map((c) => `${c.gap.toFixed(2)} (≤ ${c.gapHi.toFixed(2)})`).join(", ")}`);
    if (arch === "lstm") {
      // Diagnostic for a failure: the LSTM state is [h, c]; the same statistics on h alone (what the readout sees).
      const hCis = rs.map((r) => dimensionCi(r, d, seriesSeed(65 + r.net), r.S / 2));
      hPass = hPass && hCis.every(dimPass);
      hParts.push(`C=${key.slice(1)}: next/last ${hCis.map((c) => `${c.gap.toFixed(2)} (≤ ${c.gapHi.toFixed(2)})`).join(", ")}, first ${d} ${hCis.map((c) => `≥ ${pct(c.cumLo, 0)}`).join(", ")}`);
    }
  }
  pass = pass && missing(arch, ["C2", "C3", "C4"]) === "";
  const row = { claim: `${arch}: the fixed points span the predicted d̂ = C−1 dimensions (C = 2, 3, 4)`, paper: "a (C−1)-dimensional attractor manifold; word counts predict its dimension", ours: parts.join("; ") + missing(arch, ["C2", "C3", "C4"]) };
  const lstmReason = arch === "lstm" && !pass && hPass
    ? `measured: in the full [h, c] state the cell state c adds a further component, while h alone (the readout's input) passes both tests (${hParts.join("; ")})`
    : undefined;
  if (arch === "lstm") console.log("LSTM, the same statistics on h alone: " + hParts.join("; "));
  if (arch !== "vanilla") claims.check({ ...row, tolerance: "per network: bootstrap 95 % lower bound of the first d̂ PCs' share ≥ 80 % and upper bound of PC(d̂+1)/PC(d̂) ≤ 0.5", pass: pass, notReproducedBecause: lstmReason });
  else claims.report({ ...row, why: "vanilla quick networks are under-trained (§2); " + (pass ? "holds here" : "does not hold here"), value: pass ? 1 : 0 });
}

// %% [markdown]
// ## 7. Words push towards their class's vertex; their effect is the word-count evidence
//
// Two checks of the geometry. **Claim (a)**: the mean step of class c's evidence words points towards vertex c — its cosine with
// the direction (centroid → vertex c) is larger than with the direction to any other vertex — for every class of every network
// (a nearest-vertex classification of C·M mean steps, each averaging 5 words over all the network's points, so no tolerance).
// **Claim (b)**: the theory's prediction for each word's direction in class space: the readout change a word causes at the fixed
// points (centred over classes) is aligned with the word's count evidence E[w] (centred log-likelihoods): median cosine over the
// evidence words of a setting's networks ≥ **0.9** (within 26°; for C ≥ 3 different classes' evidence vectors are ≥ 90° apart),
// bootstrap 95 % lower bound over words (seed `seriesSeed(70)`). For C = 2 centred 2-vectors are ±1 apart, so (b) there checks
// the sign. Asserted for GRU and LSTM, reported for vanilla. Reported for all: how regular the simplex is (longest / shortest
// edge between the vertices, 1 for a regular simplex — the paper's equilateral triangle): the vertices are estimated from the
// most confident 10 % of points, whose spread on quick networks is not calibrated.

// %%
for (const [ai, arch] of archs.entries()) {
  const partsA: string[] = [], partsB: string[] = [];
  let passA = true, passB = true;
  for (const key of ["C2", "C3", "C4"]) {
    const rs = results.filter((r) => r.arch === arch && r.key === key);
    if (rs.length === 0) { passA = false; passB = false; partsA.push(`C=${key.slice(1)}: no network with a manifold`); partsB.push(`C=${key.slice(1)}: no network with a manifold`); continue; }
    const rows = rs.flatMap((r) => r.wordCos);
    const right = rows.filter((row, i) => row.indexOf(Math.max(...row)) === i % rs[0]!.classes).length;
    passA = passA && right === rows.length;
    partsA.push(`C=${key.slice(1)}: ${fraction(right, rows.length)} (own-vertex cos ${median(rows.map((row, i) => row[i % rs[0]!.classes]!)).toFixed(2)} median)`);
    const cosines = rs.flatMap((r) => r.evidenceCos);
    const ci = bootstrapInterval(cosines, median, { seed: seriesSeed(70 + 10 * ai + Number(key.slice(1))) });
    passB = passB && ci.lo >= 0.9;
    partsB.push(`C=${key.slice(1)}: median ${ci.estimate.toFixed(3)} (≥ ${ci.lo.toFixed(3)}), n = ${cosines.length}`);
  }
  const gone = missing(arch, ["C2", "C3", "C4"]);
  passA = passA && gone === "";
  passB = passB && gone === "";
  const rowA = { claim: `${arch}: evidence words step towards their own class's vertex`, paper: "each evidence word moves the state towards its class's corner", ours: partsA.join("; ") + gone };
  const rowB = { claim: `${arch}: a word's readout effect follows its word-count evidence`, paper: "word-count statistics predict each word's effect", ours: partsB.join("; ") + gone };
  if (arch !== "vanilla") {
    claims.check({ ...rowA, tolerance: "every class of every network: own vertex nearest (cosine)", pass: passA });
    claims.check({ ...rowB, tolerance: "bootstrap 95 % lower bound of the median cosine ≥ 0.9, every C", pass: passB });
  } else {
    claims.report({ ...rowA, why: "vanilla quick networks are under-trained (§2); " + (passA ? "holds here" : "does not hold here"), value: passA ? 1 : 0 });
    claims.report({ ...rowB, why: "vanilla quick networks are under-trained (§2); " + (passB ? "holds here" : "does not hold here"), value: passB ? 1 : 0 });
  }
}
claims.report({
  claim: "the simplex is regular (equilateral for C = 3)", paper: "an equilateral triangle for 3 symmetric classes",
  ours: ["C3", "C4"].map((key) => `C=${key.slice(1)}: edge ratio ${results.filter((r) => r.key === key && r.arch !== "vanilla").map((r) => r.edgeRatio.toFixed(2)).join(", ")} (GRU, LSTM)`).join("; "),
  why: "the vertex estimates (top-10 % margin means) carry no calibrated error at this size; shown, not asserted",
});

// %% [markdown]
// ## 8. Ordered classes: the manifold collapses to a curve
//
// Five ordered classes (binned valence sum) against five unordered ones, both GRUs: the word counts predict d̂ = 1 for the
// ordered data and d̂ = 4 for the unordered data (§1). The fixed points in their first two PCs, coloured by class: the ordered
// classes lie along one curve, in order. **Claims**, with the participation ratio PR = (Σλ)²/Σλ² of the points' PCA variances
// (a count of effective dimensions) and bootstrap 95 % bounds over points (500 resamples, seeds `seriesSeed(80)`, `seriesSeed(81)`,
// per network): (a) ordered: PR < **2** (upper bound) for every network — closer to a curve than to a plane, far below C − 1 = 4;
// (b) unordered C = 5: PR > **3** (lower bound) for every network — more than three effective dimensions, so the collapse is
// the ordering's doing and not the network size's. Reported: the ordered manifold's PC1 share and its slow modes.

// %%
const ordRows = planeRows(gru("C5-ordered"));
await display(scatter(ordRows, { x: "pc1", y: "pc2", color: "class", title: "GRU fixed points, 5 ordered classes", xLabel: "PC1", yLabel: "PC2" }));
await display(scatter(planeRows(gru("C5")), { x: "pc1", y: "pc2", color: "class", title: "GRU fixed points, 5 unordered classes (a 4-D simplex seen in 2-D)", xLabel: "PC1", yLabel: "PC2" }));
const spectrumRows: object[] = [];
for (const key of ["C5", "C5-ordered"]) {
  gru(key).dim.explainedVarianceRatio.slice(0, 6).forEach((v, i) => spectrumRows.push({ component: i + 1, share: v, series: `fixed points, ${key}` }));
  counts[key]!.explainedVarianceRatio.forEach((v, i) => spectrumRows.push({ component: i + 1, share: v, series: `word counts, ${key}` }));
}
lineChart(spectrumRows, { x: "component", y: "share", series: "series", title: "Variance by principal component: fixed points vs word-count prediction", xLabel: "component", yLabel: "share of variance" })

// %%
function prCi(r: NetResult, seed: number) {
  const idx = Array.from({ length: r.K }, (_, k) => k);
  return bootstrapInterval(idx, (ks) => {
    const xs = new Float64Array(ks.length * r.S);
    ks.forEach((k, j) => xs.set(r.fps.xstar.subarray(k * r.S, (k + 1) * r.S), j * r.S));
    return manifoldDimension(xs, r.S).participationRatio;
  }, { seed: seed, reps: 500 });
}
const ordCis = results.filter((r) => r.key === "C5-ordered").map((r) => prCi(r, seriesSeed(80) + r.net));
const unoCis = results.filter((r) => r.key === "C5").map((r) => prCi(r, seriesSeed(81) + r.net));
claims.check({
  claim: "ordered classes: the manifold collapses to ~1-D (participation ratio < 2)", paper: "ordered classes (star ratings): a roughly 1-D manifold, as word counts predict",
  ours: "PR " + ordCis.map((c) => `${c.estimate.toFixed(2)} (≤ ${c.hi.toFixed(2)})`).join(", ") + ` vs predicted d̂ = ${dHat("C5-ordered")}`,
  tolerance: "bootstrap 95 % upper bound < 2, every network", pass: ordCis.every((c) => c.hi < 2),
});
claims.check({
  claim: "unordered C = 5: the manifold keeps > 3 effective dimensions", paper: "C−1 = 4 dimensions for categorical classes",
  ours: "PR " + unoCis.map((c) => `${c.estimate.toFixed(2)} (≥ ${c.lo.toFixed(2)})`).join(", ") + ` vs predicted d̂ = ${dHat("C5")}`,
  tolerance: "bootstrap 95 % lower bound > 3, every network", pass: unoCis.every((c) => c.lo > 3),
});
const ordNets = results.filter((r) => r.key === "C5-ordered");
claims.report({
  claim: "ordered: PC1 dominates and the points carry about one slow mode", paper: "a line attractor-like curve",
  ours: ordNets.map((r) => `PC1 ${pct(r.dim.explainedVarianceRatio[0]!, 0)}, PC2 ${pct(r.dim.explainedVarianceRatio[1]!, 0)}, slow-mode counts mode ${modeOf(r.slow)} (${pct(r.slow.filter((x) => x === modeOf(r.slow)).length / r.K, 0)})`).join("; "),
  why: "the curve bends at its saturated ends, so PC2 and the slow-mode count are shown, not asserted; evidence-word cosine median " +
    median(ordNets.flatMap((r) => r.evidenceCos)).toFixed(2),
});

// %% [markdown]
// ## 9. Accuracy
//
// The prerequisite of §2, checked last so that every mechanism claim above is stated for the networks as trained.

// %%
for (const arch of archs) {
  const parts: string[] = [];
  let pass = true;
  for (const key of ["C2", "C3", "C4", ...(arch === "gru" ? ["C5", "C5-ordered"] : [])]) {
    const rs = [...results, ...untraced].filter((r) => r.arch === arch && r.key === key);
    const k = rs.reduce((s, r) => s + r.nRight, 0), n = rs.reduce((s, r) => s + r.nVal, 0);
    const ci = wilsonInterval(k, n);
    pass = pass && ci.lo > 0.9;
    parts.push(`${key}: ${pct(k / n)} (≥ ${pct(ci.lo)})`);
  }
  const row = { claim: `${arch}: the networks solve the task`, paper: "trained networks classify accurately", ours: parts.join("; ") };
  if (arch !== "vanilla") claims.check({ ...row, tolerance: "Wilson 95 % lower bound of the pooled accuracy > 90 %, every setting", pass: pass });
  else claims.report({ ...row, why: "vanilla networks train more slowly than the quick budget allows (≈ 90–95 % at seed 0 trial runs)", value: pass ? 1 : 0 });
}
console.log("notebook time: " + ((Date.now() - t0) / 1000).toFixed(0) + " s (" + runMode() + " mode)");

// %% [markdown]
// ## Summary
//
// Text-classification networks integrate evidence on an attractor manifold whose dimension the training data set: d̂ = C − 1
// for C unordered classes (a line, a triangle, a tetrahedron, with C − 1 slow modes at each fixed point and each class's words
// pushing towards its vertex), about one for ordered classes, as the word-count statistics predict before any training. The
// claims table lists this run's numbers, per architecture.

// %%
claims.finish()
