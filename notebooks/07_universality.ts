// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # 07 · Universality and individuality across architectures
//
// **Maheswaranathan, Williams, Golub, Ganguli & Sussillo (NeurIPS 2019)** trained large populations of recurrent networks of
// different architectures on the same simple tasks and compared them in two ways:
//
// * **Geometry** — the representations, compared with SVCCA (canonical correlations between the top singular directions of two
//   networks' activity on the same trials). Geometry is *individual*: in an MDS map of SVCCA distances the networks cluster **by
//   architecture** (and by activation function).
// * **Topology** — the computational scaffold found by fixed-point analysis (Sussillo & Barak 2013): how many fixed points, of
//   which stability, linked how. Topology is *universal*: it is the same for every architecture that solves the task.
//
// We reproduce both findings at notebook scale on three tasks: the **3-bit flip-flop** (8 memories → 8 stable fixed points with
// saddles between them), **frequency-cued sine-wave generation** (an unstable fixed point per cue whose rotating mode predicts the
// output frequency) and **context-dependent integration** (an approximate line attractor per context).
//
// * N. Maheswaranathan, A. H. Williams, M. D. Golub, S. Ganguli & D. Sussillo, *Universality and individuality in neural dynamics
//   across large populations of recurrent networks*, NeurIPS 2019 (arXiv 1907.08549).
// * D. Sussillo & O. Barak, *Opening the black box*, Neural Computation 25:626–649 (2013).
// * M. Raghu, J. Gilmer, J. Yosinski & J. Sohl-Dickstein, *SVCCA*, NeurIPS 2017.
//
// **Which networks.** The paper compared vanilla RNNs, UGRNNs, GRUs and LSTMs, and varied the activation function (most likely tanh
// vs ReLU). The library's models (`src/models`) provide the vanilla RNN with **tanh** or **ReLU**, the **GRU** and the **LSTM**
// (whose gates keep their sigmoid/tanh; the activation option does not apply to them); there is no UGRNN. So we compare four
// variants: `vanilla-tanh`, `vanilla-relu`, `gru`, `lstm` — three architectures and, within the vanilla RNN, two activations.
//
// **Scale.** Quick mode (the default, for CI on 2 cores) trains 3 flip-flop networks and 2 sine and context-integration networks per variant, with N = 32 units, and keeps the
// fixed-point searches small; `RNN_ATLAS_MODE=full` trains 8 per variant with N = 64 (flip-flop, sine) and longer budgets, closer to the
// paper's populations. Every random draw has a fixed seed. Each claim below is checked by an assertion with its tolerance stated
// next to it.

// %%
import {
  runMode, byMode, getTask, trainPopulation, unstackModel, runModel, stepModel, readoutModel, stateSize,
  sampleStates, findFixedPointsDetailed, fixedPointTopology, topologyDistance, pairwiseDistances, classicalMds,
  svccaDistances, groupSeparation, saddleLinks, dominantOscillation, signalFrequency, cycleWinding, fitPca, fromStates,
  initPlotly, display, scatter, mdsMap, distanceMatrixPlot, fixedPointsView, eigenvaluePlot,
} from "rnn-atlas";

/** Notebook assertion: stops the run with a message that says what failed. */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error("CHECK FAILED: " + what);
  console.log("✓ " + what);
}
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
function pearson(a: number[], b: number[]): number {
  const ma = mean(a), mb = mean(b);
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - ma) * (b[i] - mb); da += (a[i] - ma) ** 2; db += (b[i] - mb) ** 2; }
  return num / Math.sqrt(da * db);
}
const t0 = Date.now();
const M = byMode({ quick: 3, full: 8 });   // flip-flop networks per variant
const M2 = byMode({ quick: 2, full: 8 });  // sine and context-integration networks per variant
console.log("run mode:", runMode(), "— " + M + " flip-flop and " + M2 + " sine / context-integration networks per variant (RNN_ATLAS_MODE=full for the larger populations)");
/** Elapsed time since the first cell, for the progress lines. */
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(0) + " s";

// %% [markdown]
// 3-D state-space views are drawn with plotly, embedded once here (offline). Each 3-D output also carries a static 2-D picture.

// %%
initPlotly()

// %% [markdown]
// ## 1. Training the populations
//
// One helper trains every variant on a task with `trainPopulation` (Adam, gradient-norm clip 1, fresh batches of 32 trials, a
// different seed per network) and keeps the networks that solve it — the paper likewise analysed only networks that reached low
// loss. The initialisation is part of the recipe: small discrete-time networks train within the quick budget only from a suitable
// start, so each variant uses the one that trained it reliably here —
//
// * `vanilla-tanh`, `gru`, `lstm`: Gaussian recurrent weights of gain g = 1.2 (W<sub>hh</sub> ~ g·N(0, 1/N), normalised input
//   columns; near the edge of chaos, where oscillations and long memories are easy to reach);
// * `vanilla-relu`: PyTorch's uniform default for the flip-flop, the Gaussian g = 1.2 start for the sine task, and the identity
//   ("IRNN", Le, Jaitly & Hinton 2015: W<sub>hh</sub> = I + small noise, biases 0) for context-dependent integration, where the ReLU
//   network otherwise never left the "output 0" plateau in our trials.
//
// For the SVCCA comparison we record each network's **hidden state h** (for the LSTM the h half of its [h, c] state: what the
// readout sees; the paper compared hidden-state activity) on a fixed battery of trials shared by all networks.

// %%
interface Variant { name: string; arch: string; activation: string; spec: any; init: (task: string) => any }
/** IRNN start (Le et al. 2015): W_hh = I + N(0, 0.01²), inputs and readout PyTorch-uniform, biases 0. */
const identityInit = (ctx: any) => {
  const n = ctx.shape.reduce((a: number, b: number) => a * b, 1), N = ctx.spec.hiddenSize, out = new Float32Array(n);
  if (ctx.name === "weight_hh_l0") { for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) out[i * N + j] = (i === j ? 1 : 0) + ctx.rng.normal(0, 0.01); return out; }
  if (ctx.name.startsWith("bias")) return out;
  for (let i = 0; i < n; i++) out[i] = ctx.rng.uniform(-1 / Math.sqrt(N), 1 / Math.sqrt(N));
  return out;
};
const gaussian12 = { scheme: "gaussian", g: 1.2 };
const VARIANTS: Variant[] = [
  { name: "vanilla-tanh", arch: "vanilla", activation: "tanh", spec: { arch: "vanilla", nonlinearity: "tanh" }, init: () => gaussian12 },
  { name: "vanilla-relu", arch: "vanilla", activation: "relu", spec: { arch: "vanilla", nonlinearity: "relu" },
    init: (t) => (t === "flipflop3" ? { scheme: "pytorch" } : t === "mante" ? { scheme: identityInit } : gaussian12) },
  { name: "gru", arch: "gru", activation: "tanh (gated)", spec: { arch: "gru" }, init: () => gaussian12 },
  { name: "lstm", arch: "lstm", activation: "tanh (gated)", spec: { arch: "lstm" }, init: () => gaussian12 },
];

interface Net { label: string; variant: string; arch: string; activation: string; model: any; score: any; kept: boolean; updates: number }
/** Trains M networks of every variant on `task`; `solved(score, model)` decides which are kept. */
async function trainVariants(task: any, o: { N: number; networks: number; lr: number; stop: any; solved: (score: any, model: any) => boolean; seed: number }): Promise<Net[]> {
  const nets: Net[] = [];
  for (const v of VARIANTS) {
    const ts = Date.now();
    const r = await trainPopulation({ task: task, spec: { ...v.spec, hiddenSize: o.N }, networks: o.networks, seed: o.seed, lr: o.lr, clipNorm: 1,
      init: v.init(task.name), data: { batch: 32 }, stop: o.stop, reporter: "none" });
    const val = task.validation();
    r.networks.forEach((rec, i) => {
      const model = unstackModel(r.population, i);
      const run = runModel(model, val.inputs, { batch: val.batch, time: val.time });
      const score = task.score(val, run.outputs);
      nets.push({ label: v.name + "#" + i, variant: v.name, arch: v.arch, activation: v.activation, model: model, score: score, kept: o.solved(score, model), updates: rec.updates });
    });
    const mine = nets.filter((n) => n.variant === v.name);
    console.log(v.name.padEnd(13) + ((Date.now() - ts) / 1000).toFixed(1).padStart(5) + " s  " +
      mine.map((n) => n.updates + " updates, acc " + n.score.accuracy.toFixed(3) + (n.score.meanR2 !== undefined ? ", R² " + n.score.meanR2.toFixed(3) : "") + (n.kept ? "" : " (not solved)")).join(" | "));
  }
  return nets;
}

/** Hidden-state activity [trials·time, N] of a network on a battery (LSTM: the h half of [h, c]). */
function hiddenActivity(net: Net, battery: any) {
  const N = net.model.spec.hiddenSize, S = stateSize(net.model.spec);
  const run = runModel(net.model, battery.inputs, { batch: battery.batch, time: battery.time });
  const rows = battery.batch * battery.time;
  const data = new Float64Array(rows * N);
  for (let r = 0; r < rows; r++) for (let j = 0; j < N; j++) data[r * N + j] = run.states[r * S + j];
  return { rows: rows, cols: N, data: data };
}

// %% [markdown]
// ## 2. The 3-bit flip-flop
//
// `getTask("flipflop3")`: three input channels carry ±1 pulses, each output must hold the sign of the last pulse on its channel
// (FixedPointFinder's generator: 64 steps, pulses with probability ½ per step and channel). Training stops at MSE 5·10⁻⁴ (quick) /
// 2·10⁻⁴ (full). **Kept:** networks with validation accuracy 1 (every output has the right sign at every step of the 128 validation
// trials). **Check:** at least **2** networks of every variant are kept (needed for within-variant distances).

// %%
const ff = getTask("flipflop3");
const ffAll = await trainVariants(ff, { N: byMode({ quick: 32, full: 64 }), networks: M, lr: 0.01, seed: 1, solved: (s: any) => s.accuracy === 1,
  stop: byMode({ quick: { targetLoss: 5e-4, maxUpdates: 3000 }, full: { targetLoss: 2e-4, maxUpdates: 10000 } }) });
const ffNets = ffAll.filter((n) => n.kept);
console.log("[" + elapsed() + "] flip-flop populations trained");
for (const v of VARIANTS) {
  const k = ffNets.filter((n) => n.variant === v.name).length;
  check(k >= 2, v.name + ": " + k + "/" + M + " flip-flop networks solved the task (≥ 2 needed)");
}

// %% [markdown]
// ### 2a. Geometry: SVCCA distances cluster by architecture
//
// Every network runs the same **battery of 32 flip-flop trials** (64 steps each, 2048 samples). `svccaDistances` centres each
// network's hidden activity, keeps its top **k = 10** singular directions, runs CCA between every pair and sets
// d = 1 − mean canonical correlation (the paper's recipe). Classical MDS (`classicalMds`) embeds the distance matrix in 2-D.
//
// How well does architecture explain the distances? `groupSeparation` reports the mean within- and between-variant distance and the
// leave-one-out **1-nearest-neighbour accuracy** of the variant label (a network is classified by its nearest other network; chance
// is the accuracy of a random neighbour, ≈ 2/11 with 3 networks per variant).
// **Checks:** the mean within-variant distance is smaller than the mean between-variant distance, and the 1-NN accuracy is at least
// **0.5** and at least **2.5×** chance.

// %%
const ffBattery = ff.trials({ batch: 32, seed: 11 });
const ffD = svccaDistances(ffNets.map((n) => hiddenActivity(n, ffBattery)), { k: 10, labels: ffNets.map((n) => n.label) });
const ffSep = groupSeparation(ffD, ffNets.map((n) => n.variant));
const ffSepArch = groupSeparation(ffD, ffNets.map((n) => n.arch));
console.log("SVCCA distance: within variant " + ffSep.meanWithin.toFixed(3) + ", between " + ffSep.meanBetween.toFixed(3) + " (ratio " + ffSep.ratio.toFixed(2) +
  "); 1-NN accuracy " + ffSep.nnAccuracy.toFixed(2) + " (chance " + ffSep.chance.toFixed(2) + "); by architecture only: " + ffSepArch.nnAccuracy.toFixed(2) + " (chance " + ffSepArch.chance.toFixed(2) + ")");
check(ffSep.meanWithin < ffSep.meanBetween, "flip-flop: mean within-variant SVCCA distance " + ffSep.meanWithin.toFixed(3) + " < mean between-variant " + ffSep.meanBetween.toFixed(3));
check(ffSep.nnAccuracy >= 0.5 && ffSep.nnAccuracy >= 2.5 * ffSep.chance, "flip-flop: 1-NN accuracy of the variant " + ffSep.nnAccuracy.toFixed(2) + " ≥ 0.5 and ≥ 2.5 × chance (" + (2.5 * ffSep.chance).toFixed(2) + ")");
await display(distanceMatrixPlot(ffD, { title: "Flip-flop: SVCCA distances (1 − mean CCA correlation)" }));
const ffMds = classicalMds(ffD, 2);
await display(mdsMap(ffMds, { category: ffNets.map((n) => n.variant), categoryLabel: "variant", title: "Flip-flop: MDS of SVCCA distances, by architecture" }));
mdsMap(ffMds, { category: ffNets.map((n) => n.activation), categoryLabel: "activation", title: "Flip-flop: the same map, by activation" })

// %% [markdown]
// ### 2b. Topology: 8 memories and the saddles between them, in every network
//
// For each network we search for fixed points under zero input (between pulses the network only has to remember) with
// `findFixedPointsDetailed`: **256 initial states** (1024 in full mode) — the 8 states reached by writing each memory and letting
// the network run on with zero input for 2300 steps, plus states sampled from the validation trajectories with Gaussian noise of
// std 0.5 (FixedPointFinder's flip-flop setting) — up to 3000 Adam iterations; points closer than 0.05 are one point (the memories and
// saddles lie O(1) apart). We count as **fixed points** the unique points with q ≤ **10⁻⁹**; slower-converging minima are slow points,
// not counted (gated networks contract slowly toward some points, and a search from afar can stop before reaching them — hence the
// settled memory states among the initial states).
// `fixedPointTopology` classifies each point by its number of unstable modes and follows the dominant unstable mode of every
// saddle in both directions to the point it reaches; `saddleLinks` lists the stable points each index-1 saddle links.
//
// Some networks solve the 64-step task while a memory slowly drifts over longer holds (a slow point instead of a fixed point). We
// test this directly: a network **holds its memories** when all 8 written patterns keep the right readout sign for 300 steps of
// zero input. **Checks**, on every network that holds its memories (and at least **one per architecture**): exactly **8 stable**
// fixed points; their readouts give the **8 different** sign patterns; at least **3** index-1 saddles (the ideal cube has 12 — one per edge;
// a small search finds a subset); and at least **90 %** of the found index-1 saddles link two memories that differ in **exactly one bit**.

// %%
const HOLD = 300, SETTLE = 2000;
const patterns = Array.from({ length: 8 }, (_, m) => [4, 2, 1].map((b) => ((m & b) ? 1 : -1)));
const patternOf = (y: ArrayLike<number>) => Array.from(y, (v) => (v > 0 ? "+" : "−")).join("");
const Kff = byMode({ quick: 256, full: 1024 });
interface FfResult { net: Net; fps: any; topo: any; holds: boolean; nStable: number; nPatterns: number; nIndex1: number; oneBit: number; links: number; seconds: number }
const ffRes: FfResult[] = [];
for (const net of ffNets) {
  const ts = Date.now();
  const S = stateSize(net.model.spec);
  // Write each pattern at t = 0, hold with zero input.
  const u = new Float32Array(8 * HOLD * 3);
  patterns.forEach((p, b) => p.forEach((s, c) => (u[b * HOLD * 3 + c] = s)));
  const held = runModel(net.model, u, { batch: 8, time: HOLD });
  const heldEnds = patterns.map((_, b) => held.states.subarray((b * HOLD + HOLD - 1) * S, (b * HOLD + HOLD) * S));
  const holds = heldEnds.every((h, b) => patternOf(readoutModel(net.model, h)) === patternOf(patterns[b]));
  // Gated networks contract slowly onto some memories: run the held states on (zero input) until they have settled.
  const settled = runModel(net.model, new Float32Array(8 * SETTLE * 3), { batch: 8, time: SETTLE, h0: Float64Array.from(heldEnds.flatMap((h) => Array.from(h))) });
  const memStates = patterns.map((_, b) => settled.states.subarray((b * SETTLE + SETTLE - 1) * S, (b * SETTLE + SETTLE) * S));
  const val = ff.validation();
  const run = runModel(net.model, val.inputs, { batch: val.batch, time: val.time });
  const sampled = sampleStates({ data: run.states, shape: [val.batch, val.time, S] }, Kff - 8, { noise: 0.5, seed: 0 });
  const inits = new Float64Array(Kff * S);
  memStates.forEach((h, b) => inits.set(h, b * S));
  inits.set(sampled.states, 8 * S);
  const search = findFixedPointsDetailed(net.model, { inits: inits, inputs: [0, 0, 0], maxIters: 3000, tolUnique: 0.05 });
  const fps = search.unique.filter((k: number) => search.unique.q[k] <= 1e-9);
  const topo = fixedPointTopology(net.model, fps);
  const stable = topo.pointIndex.flatMap((x: number, k: number) => (x === 0 ? [k] : []));
  const pat = (k: number) => patternOf(readoutModel(net.model, fps.xstar.subarray(k * S, (k + 1) * S)));
  const nPatterns = new Set(stable.map(pat)).size;
  const sl = saddleLinks(topo);
  const oneBit = sl.links.filter((l: any) => { const a = pat(l.a), b = pat(l.b); return [0, 1, 2].filter((c) => a[c] !== b[c]).length === 1; }).length;
  const nIndex1 = topo.pointIndex.filter((x: number) => x === 1).length;
  ffRes.push({ net: net, fps: fps, topo: topo, holds: holds, nStable: stable.length, nPatterns: nPatterns, nIndex1: nIndex1, oneBit: oneBit, links: sl.links.length, seconds: (Date.now() - ts) / 1000 });
}
console.log("network          holds  fixed points by index (0 = stable)   patterns  index-1 links one-bit/all   time");
for (const r of ffRes) console.log(r.net.label.padEnd(16) + (r.holds ? "yes  " : "NO   ") + "  " + JSON.stringify(r.topo.indexHistogram).padEnd(36) + String(r.nPatterns).padStart(6) +
  ("      " + r.oneBit + "/" + r.links + " (" + r.nIndex1 + " index-1)").padEnd(30) + r.seconds.toFixed(1) + " s");

// %%
console.log("[" + elapsed() + "] flip-flop fixed points searched");
const ffHold = ffRes.filter((r) => r.holds);
for (const a of ["vanilla", "gru", "lstm"]) check(ffHold.some((r) => r.net.arch === a), a + ": at least one network holds its 8 memories for " + HOLD + " steps");
console.log("networks that hold their memories: " + ffHold.length + "/" + ffRes.length + " (" + ffRes.filter((r) => !r.holds).map((r) => r.net.label).join(", ") + " drift)");
check(ffHold.every((r) => r.nStable === 8), "every holding network has exactly 8 stable fixed points (" + ffHold.map((r) => r.nStable).join(", ") + ")");
check(ffHold.every((r) => r.nPatterns === 8), "their readouts give the 8 different memories in every holding network");
check(ffHold.every((r) => r.nIndex1 >= 3), "every holding network has ≥ 3 index-1 saddles (" + ffHold.map((r) => r.nIndex1).join(", ") + ")");
const linkFrac = ffHold.reduce((s, r) => s + r.oneBit, 0) / Math.max(1, ffHold.reduce((s, r) => s + r.links, 0));
check(ffHold.every((r) => r.links > 0 && r.oneBit >= 0.9 * r.links), "in every holding network ≥ 90% of the index-1 saddle links join one-bit neighbours (pooled " + (100 * linkFrac).toFixed(0) + "%)");

// %% [markdown]
// The fixed points of one network per architecture, in a PCA of the points themselves: 8 stable points (black) at the corners of a
// cube, index-1 saddles (with their unstable modes as red segments) on the edges between them — the same picture for every
// architecture, although the activity that carries it differs (2a).

// %%
for (const a of ["vanilla", "gru"]) {
  const r = ffHold.find((x) => x.net.arch === a)!;
  await display(fixedPointsView(r.fps, { title: "Flip-flop fixed points: " + r.net.label }));
}
const rl = ffHold.find((x) => x.net.arch === "lstm")!;
fixedPointsView(rl.fps, { title: "Flip-flop fixed points: " + rl.net.label })

// %% [markdown]
// ### 2c. Topology does not separate architectures, geometry does
//
// `topologyDistance` compares two topologies without coordinates (counts per stability index plus the edge types of the saddle
// graph and the in-degrees of the stable points). We compute it between all holding networks, and to compare it with SVCCA on a common
// scale we ask the same question of both matrices: how well does the nearest neighbour predict the architecture?
// **Check:** the 1-NN architecture accuracy from the topology distances is at most **chance + 0.25**, while the SVCCA 1-NN
// accuracy over the same networks exceeds it by at least **0.25** (architecture is visible in the geometry, not in the topology). The
// core part of the topology — 8 stable points whose saddles link one-bit neighbours — was checked identical for every network above;
// the remaining differences are in how many higher-index saddles a small search happens to find.

// %%
const ffTopoD = pairwiseDistances(ffHold.map((r) => r.topo), (a: any, b: any) => topologyDistance(a, b).distance, { labels: ffHold.map((r) => r.net.label) });
const holdIdx = ffHold.map((r) => ffNets.indexOf(r.net));
const nH = holdIdx.length;
const ffDHold = { size: nH, data: Float64Array.from({ length: nH * nH }, (_, i) => ffD.data[holdIdx[Math.floor(i / nH)] * ffD.size + holdIdx[i % nH]]), labels: ffHold.map((r) => r.net.label) };
const topoSep = groupSeparation(ffTopoD, ffHold.map((r) => r.net.arch));
const svccaSepH = groupSeparation(ffDHold, ffHold.map((r) => r.net.arch));
console.log("holding networks (" + nH + "), architecture 1-NN accuracy: topology " + topoSep.nnAccuracy.toFixed(2) + ", SVCCA " + svccaSepH.nnAccuracy.toFixed(2) + " (chance " + topoSep.chance.toFixed(2) + ")");
console.log("topology distances: within architecture " + topoSep.meanWithin.toFixed(1) + ", between " + topoSep.meanBetween.toFixed(1) + " (ratio " + topoSep.ratio.toFixed(2) + "); SVCCA ratio " + svccaSepH.ratio.toFixed(2));
check(topoSep.nnAccuracy <= topoSep.chance + 0.25, "topology 1-NN architecture accuracy " + topoSep.nnAccuracy.toFixed(2) + " ≤ chance + 0.25 = " + (topoSep.chance + 0.25).toFixed(2));
check(svccaSepH.nnAccuracy >= topoSep.nnAccuracy + 0.25, "SVCCA 1-NN architecture accuracy " + svccaSepH.nnAccuracy.toFixed(2) + " ≥ topology's + 0.25");
distanceMatrixPlot(ffTopoD, { title: "Flip-flop: topology distances (holding networks)" })

// %% [markdown]
// ## 3. Frequency-cued sine waves
//
// `getTask("sine", { time: 100 })`: a constant input level cue<sub>j</sub> = j/51 + 0.25 selects ω<sub>j</sub> = 0.1 + 0.01·j rad per step
// (j = 0…50); the output must be sin(ω<sub>j</sub> t). We shorten the trials from 200 to 100 steps (quick and full) to keep training
// cheap; the slowest wave still completes 1.6 cycles. Budget 1500 updates (quick) / 6000 (full), learning rate 0.005.
//
// **Kept:** networks whose validation mean R² ≥ **0.75** and whose output at the 11 cues j = 0, 5, …, 50 oscillates at the target
// frequency within **5 %** at every cue over the trained trial length (steps 20–99; measured with `signalFrequency`, a least-squares
// sinusoid fit). **Check:** at least **1** network per variant is kept (small vanilla networks often fail this task within the quick
// budget; the separation checks below count a variant with a single network against the 1-NN accuracy, since its nearest neighbour is
// necessarily of another variant).

// %%
const sine = getTask("sine", { time: 100 });
const levels = Array.from({ length: 11 }, (_, i) => 5 * i);
const TS = 200;
const sineGrid = sine.grid(levels, { time: TS });
/** Output frequency (rad/step) of a network at each of the 11 cues. */
const outputFrequencies = (model: any) => {
  const run = runModel(model, sineGrid.inputs, { batch: sineGrid.batch, time: TS });
  return { run: run, omega: levels.map((_, b) => signalFrequency(run.outputs.subarray(b * TS, (b + 1) * TS), { start: 50 }).omega) };
};
/** Frequency test over the trained trial length (steps 20–99 of the 200-step run). */
const freqOk = (model: any) => {
  const run = runModel(model, sineGrid.inputs, { batch: sineGrid.batch, time: TS });
  return levels.every((j, b) => Math.abs(signalFrequency(run.outputs.subarray(b * TS, b * TS + 100), { start: 20 }).omega - sine.omegaOf(j)) <= 0.05 * sine.omegaOf(j));
};
const sineAll = await trainVariants(sine, { N: byMode({ quick: 32, full: 64 }), networks: M2, lr: 0.005, seed: 1, solved: (s: any, m: any) => s.meanR2 >= 0.75 && freqOk(m),
  stop: byMode({ quick: { targetLoss: 1e-3, maxUpdates: 1500 }, full: { targetLoss: 5e-4, maxUpdates: 6000 } }) });
const sineNets = sineAll.filter((n) => n.kept);
console.log("[" + elapsed() + "] sine populations trained");
for (const v of VARIANTS) {
  const k = sineNets.filter((n) => n.variant === v.name).length;
  check(k >= 1, v.name + ": " + k + "/" + M2 + " sine networks oscillate at the cued frequency (≥ 1 needed)");
}

// %% [markdown]
// ### 3a. Geometry
//
// SVCCA (k = 10) on the activity at the 11 cues (11 trials × 100 steps), MDS, and the same separation checks as for the flip-flop:
// within-variant mean distance < between-variant, and a 1-NN accuracy of the variant ≥ **2×** chance (a looser bound than for the
// flip-flop, because variants with a single kept network can only count against it).

// %%
const sineBattery = sine.grid(levels);
const sineD = svccaDistances(sineNets.map((n) => hiddenActivity(n, sineBattery)), { k: 10, labels: sineNets.map((n) => n.label) });
const sineSep = groupSeparation(sineD, sineNets.map((n) => n.variant));
console.log("SVCCA distance: within variant " + sineSep.meanWithin.toFixed(3) + ", between " + sineSep.meanBetween.toFixed(3) + " (ratio " + sineSep.ratio.toFixed(2) +
  "); 1-NN accuracy " + sineSep.nnAccuracy.toFixed(2) + " (chance " + sineSep.chance.toFixed(2) + ")");
check(sineSep.meanWithin < sineSep.meanBetween, "sine: mean within-variant SVCCA distance " + sineSep.meanWithin.toFixed(3) + " < between " + sineSep.meanBetween.toFixed(3));
check(sineSep.nnAccuracy >= 2 * sineSep.chance, "sine: 1-NN accuracy of the variant " + sineSep.nnAccuracy.toFixed(2) + " ≥ 2 × chance (" + (2 * sineSep.chance).toFixed(2) + ")");
mdsMap(classicalMds(sineD, 2), { category: sineNets.map((n) => n.variant), categoryLabel: "variant", title: "Sine: MDS of SVCCA distances" })

// %% [markdown]
// ### 3b. Topology: the fixed point at the centre of each limit cycle predicts the frequency
//
// Sussillo & Barak's account, which the paper found in every architecture: for each constant cue the network's state runs on a
// limit cycle around a fixed point; the linearisation there has a complex pair λ = |λ|e<sup>±iθ</sup> with |λ| > 1 (an unstable
// spiral: the state winds outward until the nonlinearity stops it on the cycle), and the rotation per step θ = |arg λ| sets the
// oscillation frequency.
//
// The analysis therefore starts from the cycle, not from the fixed points. For each network and each of the 11 cues we run the network
// for 200 steps and take the **centre of its steady oscillation**, the mean state over steps 100–199. The fixed-point search (cue held
// constant) starts from **16 states per cue** (48 in full mode): the centre itself and points on the segments from the centre towards
// cycle states (fractions 1/16 … 15/16 of the way), all cues in one batched search of up to 5000 iterations. Per cue we select the
// fixed point (q ≤ **10⁻⁶**) **nearest to the centre**, and accept it as the cycle's **central point** when the cycle winds around it:
// projected onto the plane of the cycle's two leading principal components (`cycleWinding`), the cycle turns around the point as many
// times as it oscillates, within **½ turn** (turns = ω<sub>out</sub>·99/2π over steps 100–199). A point outside the cycle gives ≈ 0 turns.
// We read θ from the central point's dominant unstable complex mode (`dominantOscillation`); a cue "has a rotating central point" when
// both exist.
//
// The table also gives the share of the cycle's variance in its two leading principal components (how planar the cycle is).
// A network **follows the mechanism** when it has a rotating central point at ≥ **8 of the 11** cues. Networks that solve the task in
// another way (e.g. a cycle that encircles none of the fixed points found) are listed with their winding numbers, not hidden.
// **Checks:** (a) at least **half** of the kept networks, and at least **one network of each architecture** (vanilla, GRU, LSTM), follow
// the mechanism; (b) in every network with ≥ **5** cues with a rotating central point, θ is correlated with the produced frequency over
// those cues (Pearson r ≥ **0.9**), and (c) so it is pooled over all of them (r ≥ **0.9**); (d) the median relative error
// |θ − ω<sub>out</sub>|/ω<sub>out</sub> over all those pairs is ≤ **0.3**. The linearisation holds only near the fixed point while the cycle
// lies far from it, so θ is an approximate predictor — it tends to run faster than the cycle (we report the bias).

// %%
const perCue = byMode({ quick: 16, full: 48 });
const C0 = 100;  // steady part of the 200-step run: steps 100–199
interface SineRow { net: string; arch: string; variant: string; level: number; target: number; produced: number; predicted: number; modulus: number; turns: number; cycles: number }
interface SineNetSummary { net: Net; central: number; rotating: number; noPoint: number; turns: string[]; planar: number[]; r: number; rows: SineRow[]; fps: any; selected: number[] }
const sineRows: SineRow[] = [];
const sineSummary: SineNetSummary[] = [];
for (const net of sineNets) {
  const S = stateSize(net.model.spec);
  const { run, omega } = outputFrequencies(net.model);
  const inits = new Float64Array(levels.length * perCue * S);
  const inputs = new Float64Array(levels.length * perCue);
  const centres: Float64Array[] = [];
  levels.forEach((j, b) => {
    const traj = run.states.subarray(b * TS * S, (b + 1) * TS * S);
    const centre = new Float64Array(S);
    for (let t = C0; t < TS; t++) for (let i = 0; i < S; i++) centre[i] += traj[t * S + i] / (TS - C0);
    centres.push(centre);
    for (let k = 0; k < perCue; k++) {
      const t = C0 + ((k * 37) % (TS - C0)), a = k / perCue;  // spread over the cycle's phases
      for (let i = 0; i < S; i++) inits[(b * perCue + k) * S + i] = centre[i] + a * (traj[t * S + i] - centre[i]);
    }
    inputs.fill(sine.cueOf(j), b * perCue, (b + 1) * perCue);
  });
  const fps = findFixedPointsDetailed(net.model, { inits: inits, inputs: inputs, maxIters: 5000 }).unique;
  const summary: SineNetSummary = { net: net, central: 0, rotating: 0, noPoint: 0, turns: [], planar: [], r: NaN, rows: [], fps: fps, selected: [] };
  levels.forEach((j, b) => {
    let best = -1, bestD = Infinity;
    for (let k = 0; k < fps.count; k++) {
      if (Math.abs(fps.inputs[k] - sine.cueOf(j)) > 1e-9 || fps.q[k] > 1e-6) continue;
      let d = 0;
      for (let i = 0; i < S; i++) d += (fps.xstar[k * S + i] - centres[b][i]) ** 2;
      if (d < bestD) { bestD = d; best = k; }
    }
    if (best < 0) { summary.noPoint++; summary.turns.push("–"); return; }
    const w = cycleWinding(run.states.subarray((b * TS + C0) * S, (b + 1) * TS * S), S, fps.xstar.subarray(best * S, (best + 1) * S));
    const cycles = (omega[b] * (TS - C0 - 1)) / (2 * Math.PI);
    summary.turns.push(Math.abs(w.turns).toFixed(1) + "/" + cycles.toFixed(1));
    summary.planar.push(w.planeVariance);
    if (Math.abs(Math.abs(w.turns) - cycles) > 0.5) return;
    summary.central++;
    const osc = dominantOscillation(fps, best);
    if (!osc) return;
    summary.rotating++;
    summary.selected.push(best);
    summary.rows.push({ net: net.label, arch: net.arch, variant: net.variant, level: j, target: sine.omegaOf(j), produced: omega[b], predicted: osc.angularFrequency, modulus: osc.modulus, turns: Math.abs(w.turns), cycles: cycles });
  });
  if (summary.rows.length >= 5) summary.r = pearson(summary.rows.map((x) => x.predicted), summary.rows.map((x) => x.produced));
  sineRows.push(...summary.rows);
  sineSummary.push(summary);
}
console.log("[" + elapsed() + "] central fixed points searched");
console.log("network          central  rotating  no point   r(θ, ω_out)  median rel. err.  median |λ|  cycle in PC1–2   |turns|/cycles per cue");
for (const s of sineSummary) {
  const rel = s.rows.map((x) => Math.abs(x.predicted - x.produced) / x.produced);
  console.log(s.net.label.padEnd(16) + String(s.central).padStart(7) + String(s.rotating).padStart(10) + String(s.noPoint).padStart(10) +
    (Number.isNaN(s.r) ? "–" : s.r.toFixed(3)).padStart(14) + (rel.length ? median(rel).toFixed(3) : "–").padStart(18) +
    (s.rows.length ? median(s.rows.map((x) => x.modulus)).toFixed(3) : "–").padStart(12) + (s.planar.length ? (100 * median(s.planar)).toFixed(0) + "%" : "–").padStart(16) + "   " + s.turns.join(" "));
}
const follows = sineSummary.filter((s) => s.rotating >= 8);
const others = sineSummary.filter((s) => s.rotating < 8);
if (others.length) console.log("not following the mechanism (< 8 cues with a rotating central point): " + others.map((s) => s.net.label + " (" + s.rotating + "/11)").join(", "));
check(follows.length >= 0.5 * sineSummary.length, follows.length + "/" + sineSummary.length + " networks have a rotating central fixed point at ≥ 8 of 11 cues (≥ half required)");
for (const a of ["vanilla", "gru", "lstm"]) check(follows.some((s) => s.net.arch === a), a + ": at least one network follows the mechanism (" + follows.filter((s) => s.net.arch === a).map((s) => s.net.label).join(", ") + ")");
const rated = sineSummary.filter((s) => s.rows.length >= 5);
check(rated.every((s) => s.r >= 0.9), "per network (" + rated.length + " with ≥ 5 rotating central points): r(θ, ω_out) ≥ 0.9 (" + rated.map((s) => s.net.label + " " + s.r.toFixed(3)).join(", ") + ")");
const pooledRows = rated.flatMap((s) => s.rows);
const pooledR = pearson(pooledRows.map((x) => x.predicted), pooledRows.map((x) => x.produced));
const relErr = pooledRows.map((r) => Math.abs(r.predicted - r.produced) / r.produced);
const bias = median(pooledRows.map((r) => r.predicted / r.produced - 1));
check(pooledR >= 0.9, "pooled over " + pooledRows.length + " (network, cue) pairs: r(θ, ω_out) = " + pooledR.toFixed(3) + " ≥ 0.9");
check(median(relErr) <= 0.3, "median relative error of the predicted frequency " + median(relErr).toFixed(3) + " ≤ 0.3 (median bias θ/ω_out − 1 = " + bias.toFixed(3) + ")");
scatter(pooledRows.map((r) => ({ produced: r.produced, predicted: r.predicted, variant: r.variant })),
  { x: "produced", y: "predicted", color: "variant", title: "Central fixed point's rotation θ vs produced frequency (rad/step)", xLabel: "produced ω (rad/step)", yLabel: "predicted θ = |arg λ|" })

// %% [markdown]
// The eigenvalues at the central points of one network that follows the mechanism: at every cue a complex pair outside the unit circle.

// %%
const ex = follows[0];
eigenvaluePlot(ex.fps.filter((k: number) => ex.selected.includes(k)), { title: "Sine, " + ex.net.label + ": eigenvalues of the central fixed points (" + ex.selected.length + " cues)" })

// %% [markdown]
// ## 4. Context-dependent integration (brief)
//
// `getTask("mante")` (Mante et al. 2013, as in notebook 06): two noisy sensory streams and a one-hot context; during the decision
// period the output reports the sign of the *cued* stream's coherence. Training stops at loss 10⁻⁴ or 2000 updates (quick) / 6000
// (full), learning rate 0.005. **Kept:** validation accuracy ≥ **0.95**. **Check:** at least **1** network per variant is kept.
//
// Then: SVCCA + MDS with the same separation checks as for the sine task (within < between, 1-NN accuracy ≥ 2× chance), and a light look at the topology. With the
// context cue on and no sensory evidence, a network that integrates should hold its accumulated evidence — an **approximate line
// attractor**: slow points spread along a line, each with one eigenvalue near 1 (Mante et al. 2013; the paper reports it for every
// architecture). We search under each context's input (sensory inputs 0) from **64 states** (128 in full mode) sampled from the
// stimulus-period trajectories with noise of std 0.01, up to 3000 iterations, merging points closer than 0.05, and count the **slow
// points** (q ≤ 10⁻⁴: the state moves ≤ 0.014 per step there). A (network, context) pair has an **approximate line attractor** when it
// has ≥ **3** slow points, their first principal component carries ≥ **80 %** of their variance, and their median top eigenvalue
// satisfies ||λ₁| − 1| ≤ **0.1** (a time constant ≥ 10 steps, a quarter of the 40-step stimulus).
// The table also gives the variance share of the first two principal components of the slow points (a plane-like set has a low PC1
// but a high PC1+2 share).
//
// At this small scale and short training the picture is **not** as uniform as in the paper: in trial runs some networks had a clean
// line, some a single slow point with a fast-decaying top mode (evidence kept only briefly), and some a spread, plane-like set of slow
// points. We therefore assert only what held robustly, and print the full table: **checks** (a) every kept network has at least one slow
// point in each context (the search converges); (b) networks of at least **2 of the 3** architectures have an approximate line
// attractor in both contexts. The fraction of (network, context) pairs with a line is printed, not asserted; a faithful test of the
// universality claim for this task needs the full-mode populations.

// %%
const mante = getTask("mante");
const manteAll = await trainVariants(mante, { N: 32, networks: M2, lr: 0.005, seed: 3, solved: (s: any) => s.accuracy >= 0.95,
  stop: byMode({ quick: { targetLoss: 1e-4, maxUpdates: 2000 }, full: { targetLoss: 1e-4, maxUpdates: 6000 } }) });
const manteNets = manteAll.filter((n) => n.kept);
console.log("[" + elapsed() + "] context-integration populations trained");
for (const v of VARIANTS) {
  const k = manteNets.filter((n) => n.variant === v.name).length;
  check(k >= 1, v.name + ": " + k + "/" + M2 + " context-integration networks solved the task (≥ 1 needed)");
}
const manteVal = mante.validation();
const manteBattery = { inputs: manteVal.inputs.subarray(0, 64 * manteVal.time * 4), batch: 64, time: manteVal.time };
const manteD = svccaDistances(manteNets.map((n) => hiddenActivity(n, manteBattery)), { k: 10, labels: manteNets.map((n) => n.label) });
const manteSep = groupSeparation(manteD, manteNets.map((n) => n.variant));
console.log("SVCCA distance: within variant " + manteSep.meanWithin.toFixed(3) + ", between " + manteSep.meanBetween.toFixed(3) + "; 1-NN accuracy " + manteSep.nnAccuracy.toFixed(2) + " (chance " + manteSep.chance.toFixed(2) + ")");
check(manteSep.meanWithin < manteSep.meanBetween, "context integration: mean within-variant SVCCA distance < between");
check(manteSep.nnAccuracy >= 2 * manteSep.chance, "context integration: 1-NN accuracy of the variant " + manteSep.nnAccuracy.toFixed(2) + " ≥ 2 × chance (" + (2 * manteSep.chance).toFixed(2) + ")");
mdsMap(classicalMds(manteD, 2), { category: manteNets.map((n) => n.variant), categoryLabel: "variant", title: "Context-dependent integration: MDS of SVCCA distances" })

// %%
const stimMask = new Uint8Array(manteVal.batch * manteVal.time);
manteVal.meta.forEach((m: any, b: number) => { for (let t = Number(m.stimulusOnset); t < Number(m.decisionOnset); t++) stimMask[b * manteVal.time + t] = 1; });
const lineRows: string[] = [];
const drift: number[] = [], pc1s: number[] = [], slowCounts: number[] = [];
const lineNets: Net[] = [];
let linePairs = 0;
for (const net of manteNets) {
  const S = stateSize(net.model.spec);
  const run = runModel(net.model, manteVal.inputs, { batch: manteVal.batch, time: manteVal.time });
  const parts: string[] = [];
  let lines = 0;
  for (const ctx of [0, 1]) {
    const inits = sampleStates({ data: run.states, shape: [manteVal.batch, manteVal.time, S] }, byMode({ quick: 64, full: 128 }), { noise: 0.01, seed: ctx, validMask: stimMask });
    const u = [0, 0, ctx === 0 ? 1 : 0, ctx === 1 ? 1 : 0];
    const fps = findFixedPointsDetailed(net.model, { inits: inits.states, inputs: u, maxIters: 3000, tolUnique: 0.05 }).unique;
    const slow = fps.filter((k: number) => fps.q[k] <= 1e-4);
    slowCounts.push(slow.count);
    if (slow.count === 0) { drift.push(Infinity); pc1s.push(0); parts.push("ctx " + ctx + ": no slow point"); continue; }
    const lam1 = Array.from({ length: slow.count }, (_, k) => Math.hypot(slow.eigRe[k * S], slow.eigIm[k * S]));
    const d = median(lam1.map((l) => Math.abs(l - 1)));
    drift.push(d);
    const ev = slow.count >= 3 ? fitPca(fromStates(slow.xstar, S), 2).explainedVarianceRatio : [0, 0];
    const pc1 = ev[0];
    pc1s.push(pc1);
    const line = slow.count >= 3 && pc1 >= 0.8 && d <= 0.1;
    if (line) lines++;
    parts.push("ctx " + ctx + ": " + String(slow.count).padStart(3) + " slow points, PC1 " + (100 * pc1).toFixed(0).padStart(3) + "% (PC1+2 " + (100 * (ev[0] + (ev[1] ?? 0))).toFixed(0).padStart(3) + "%), median |λ1| " + median(lam1).toFixed(3) + (line ? " → line" : "        "));
  }
  linePairs += lines;
  if (lines === 2) lineNets.push(net);
  lineRows.push(net.label.padEnd(16) + parts.join("; "));
}
console.log(lineRows.join("\n"));
console.log("[" + elapsed() + "] context-integration slow points searched");
console.log("approximate line attractor in " + linePairs + "/" + 2 * manteNets.length + " (network, context) pairs; in both contexts: " + (lineNets.map((n) => n.label).join(", ") || "none"));
check(slowCounts.every((c) => c >= 1), "every network has ≥ 1 slow point in each context (" + slowCounts.join(", ") + ")");
const lineArchs = new Set(lineNets.map((n) => n.arch));
check(lineArchs.size >= 2, "networks of " + lineArchs.size + " architectures (" + [...lineArchs].join(", ") + ") have an approximate line attractor in both contexts (≥ 2 of 3 required)");

// %% [markdown]
// ## Summary
//
// Across three tasks and four network variants, the **geometry** of the hidden activity (SVCCA) carries the architecture — networks
// of one variant are closer to each other than to the others, and the nearest neighbour usually shares the variant — while the
// **topology** is shared: every flip-flop network that holds its memories has 8 stable fixed points linked by saddles between
// one-bit neighbours, and the sine networks that follow Sussillo & Barak's mechanism (most of them, in every architecture) have an
// unstable rotating fixed point at the centre of each limit cycle whose rotation tracks the produced frequency. For context-dependent
// integration the quick-scale populations are less uniform: some networks form an approximate line attractor per context, others do
// not (see the table in section 4). The numbers checked in this run:

// %%
console.log([
  "flip-flop: " + ffNets.length + "/" + ffAll.length + " networks kept; SVCCA within/between " + ffSep.meanWithin.toFixed(3) + "/" + ffSep.meanBetween.toFixed(3) +
    ", 1-NN variant accuracy " + ffSep.nnAccuracy.toFixed(2) + " (chance " + ffSep.chance.toFixed(2) + ")",
  "flip-flop topology: " + ffHold.length + " holding networks, stable counts " + ffHold.map((r) => r.nStable).join(",") + ", one-bit saddle links " + (100 * linkFrac).toFixed(0) +
    "%; architecture 1-NN accuracy topology " + topoSep.nnAccuracy.toFixed(2) + " vs SVCCA " + svccaSepH.nnAccuracy.toFixed(2),
  "sine: " + sineNets.length + "/" + sineAll.length + " kept; SVCCA 1-NN " + sineSep.nnAccuracy.toFixed(2) + " (chance " + sineSep.chance.toFixed(2) + "); " + follows.length + "/" + sineSummary.length +
    " networks with a rotating central point at ≥ 8/11 cues; per-network r " + rated.map((x) => x.r.toFixed(2)).join(", ") + "; pooled r(θ, ω) " + pooledR.toFixed(3) + ", median rel. error " + median(relErr).toFixed(3) + ", bias " + bias.toFixed(3),
  "context integration: " + manteNets.length + "/" + manteAll.length + " kept; SVCCA 1-NN " + manteSep.nnAccuracy.toFixed(2) + " (chance " + manteSep.chance.toFixed(2) + "); slow points per context " + slowCounts.join(", ") +
    "; line attractor in " + linePairs + "/" + 2 * manteNets.length + " (network, context) pairs, in both contexts in " + lineNets.map((n) => n.label).join(", "),
  "notebook time: " + ((Date.now() - t0) / 1000).toFixed(0) + " s (" + runMode() + " mode)",
].join("\n"));
