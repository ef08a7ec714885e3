// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # 03 · Ready-Set-Go: a population of solutions
//
// **Turner, Dabholkar & Barak (NeurIPS 2021)** trained hundreds of small recurrent networks with *identical hyperparameters* on
// the same timing task and asked whether they all solve it the same way. They do not: behaviour on the training trials is
// almost identical, but the dynamics behind it — and the behaviour outside the training range — fall into a handful of
// qualitatively different **solution types**, found by compressing each network's dynamics into a small directed graph.
//
// * E. Turner, K. V. Dabholkar & O. Barak, *Charting and navigating the space of solutions for recurrent neural networks*,
//   NeurIPS 34 (2021), arXiv:2111.09356.
//
// Steps: (1) the task, (2) train populations of vanilla, GRU and LSTM networks with the paper's rules, discarding and retraining
// bad networks, (3) activity of networks with the same hyperparameters, (4) extrapolation: the produced interval t_p against the
// sample interval t_s beyond the trained range, (5) reduced-dynamics graphs, (6) solution types and their histogram, (7) what full
// mode runs. Every check is a **population claim** of the paper (a fraction or a median, never "every network" unless it is the
// keep rule itself), asserted with a tolerance derived from its own sample (Wilson interval for a fraction, bootstrap interval
// for a median, a minimum sample below which it is reported instead), and the notebook ends with the claims table. Every seed
// goes through `seriesSeed`, so `RNN_ATLAS_SEED=<n>` reruns the whole notebook on independent draws.
//
// **Quick mode** (default) trains a few dozen small networks on the **shortened RSG of the paper's §9 CPU recipe**
// (t_s ∈ [10, 25], pulses of 3 steps, 75-step trials) because the full task (t_s ∈ [20, 50], 150 steps) is too slow for tens of
// networks in the quick budget: in our measurement (8 vanilla networks, N = 20, the paper-equivalent rules) 6 of 8 met the
// behavioural criterion after 710–2,240 epochs and 2 stopped at 97 % after 2,500, at twice the cost per epoch — about 6× the
// shortened task's training time. **Paper mode** (`RNN_ATLAS_MODE=paper`) trains on the paper's task with the paper-equivalent
// rules, sizes 20/30/40/50 with 25 networks each (100 per architecture, the sample the population claims are asserted from at
// the paper's own thresholds), in well under an hour on 2 cores; its executed copy is in the gallery. **Full mode**
// (`RNN_ATLAS_MODE=full`) is the paper's exact 100 networks per size; it is documented in §7, not run in CI.

// %%
import {
  runMode, byMode, populationPreset, trainSolutionPopulation, typePopulation, rsgGeometry, solutionTask,
  rsgExtrapolation, runModel, fitPca, fromStates, stateSize, initPlotly, classifyGraphs,
  lineChart, trajectories3d, tpTsPlot, reducedGraphPlot, typeHistogram,
  Claims, seriesSeed, wilsonInterval, bootstrapInterval, median, pct, fraction, table,
} from "rnn-atlas";

const claims = new Claims("03_ready_set_go");
const t0 = Date.now();
const mode = runMode();
console.log("run mode:", mode, "(RNN_ATLAS_MODE=paper: the paper's task and rules, 100 networks per architecture; full: 400)");
// The paper's main-type cut is 10 of 400 networks (2.5 %): 3 of 100 in paper mode; quick mode uses "seen twice" (see §6).
const minTypeSize = byMode({ quick: 2, paper: 3, full: 10 });

// %%
initPlotly()

// %% [markdown]
// ## 1. The task
//
// Two input channels and one output (§3.1 of the spec). **Ready** is a pulse on channel 0, **Set** a pulse on channel 1 t_s steps
// later; the network must answer with a **Go** pulse t_s steps after Set, and stay at 0 everywhere else (mean squared error over
// every step). The produced interval t_p is measured from Set onset to the first output step above 0.8. One trial with the shortest
// and one with the longest trained t_s:

// %%
const vanillaOpts = populationPreset("rsg-vanilla");
const geo = rsgGeometry(vanillaOpts.taskOptions);
const task = solutionTask("rsg", vanillaOpts.taskOptions);
console.log("trained t_s range [" + geo.lowTs + ", " + geo.highTs + "], pulse " + geo.pulse + " steps, trial " + task.options.time + " steps");
const demo = task.grid([geo.lowTs, geo.highTs]);
const taskRows: Array<{ step: number; value: number; signal: string }> = [];
demo.meta.forEach((m: any, b: number) => {
  for (let t = 0; t < demo.time; t++) {
    const i = b * demo.time + t;
    taskRows.push({ step: t, value: demo.inputs[i * 2], signal: "t_s=" + m.t_s + " Ready (in 0)" });
    taskRows.push({ step: t, value: demo.inputs[i * 2 + 1], signal: "t_s=" + m.t_s + " Set (in 1)" });
    taskRows.push({ step: t, value: demo.targets[i], signal: "t_s=" + m.t_s + " Go target" });
  }
});
lineChart(taskRows, { x: "step", y: "value", series: "signal", title: "Ready-Set-Go: inputs and target", xLabel: "step", yLabel: "value", height: 200 })

// %% [markdown]
// ## 2. Populations trained with the paper's rules
//
// The authors trained with Adam (lr 10⁻³, batch 32, a fixed set of 128 trials per network), kept the best weights, stopped on
// loss < 2·10⁻⁵ or failure (loss still > 2·10⁻² after epoch 2000), and **discarded** networks whose best loss stayed above 2·10⁻⁴,
// retraining those from a new random initialisation with new data until each size had its 100 networks (spec §4).
// We use the documented CPU equivalent (spec §9, `TURNER_RULES` / `QUICK_RULES`): global gradient-norm clipping at 0.1, **restore the
// best weights and multiply the learning rate by 0.7** whenever an epoch's loss exceeds 3× the best, and a **behavioural stop**:
// a network is done when it reproduces every trained t_s within ±1 step (checked every 10 epochs). A network is discarded when it
// hits the failure rule, goes non-finite, or does not reproduce every validation t_s; its slot is retrained from a new seed (new
// init, new training set) for up to `maxRetrainRounds` rounds, and the number of rounds used is reported. Quick mode raises the
// learning rate to 3·10⁻³ and caps training at 1500 epochs (failure rule at epoch 1000).
//
// Initialisation follows what the authors' stored initial weights show: PyTorch's default U(±1/√N) for vanilla networks, that
// divided by √N for GRU and LSTM. Populations are cached under `out/populations/<name>-<mode>/`; a rerun (and notebook 05) loads
// them instead of retraining. The preset's base seed goes through `seriesSeed` (notebook 05 does the same, so it finds this cache).
//
// **Claim** (paper: each size is retrained until it holds its 100 networks): the discard/retrain loop fills every requested slot
// within the retrain cap. This is the population's definition, not a statistic, so it is asserted for every population.

// %%
const pops: Record<string, any> = {};
for (const name of ["rsg-vanilla", "rsg-gru", "rsg-lstm"] as const) {
  const preset = populationPreset(name);
  const p = await trainSolutionPopulation({ ...preset, seed: seriesSeed(preset.seed), reporter: "notebook" });
  pops[name] = p;
  console.log(name + ": " + p.networks.length + " networks kept (" + p.source + "), " + p.discarded.length + " discarded and retrained, " +
    (p.timings.trainMs / 1000).toFixed(1) + " s of training, " + p.timings.msPerNetEpoch.toFixed(2) + " ms per network-epoch");
}
const summaryRows = Object.values(pops).map((p: any) => ({
  population: p.name,
  sizes: p.sizes.join("/"),
  requested: p.sizes.length * p.networksPerSize,
  kept: p.networks.length,
  discarded: p.discarded.length,
  rounds: Math.max(...p.rounds.map((r: any) => r.round)) + 1,
  "median epochs": (() => { const e = p.networks.map((n: any) => n.record.epochs).sort((a: number, b: number) => a - b); return e[Math.floor(e.length / 2)]; })(),
  "blow-up restores": p.networks.reduce((s: number, n: any) => s + n.record.restores, 0),
  "ms/net-epoch": Number(p.timings.msPerNetEpoch.toFixed(2)),
}));
for (const p of Object.values(pops) as any[]) {
  const rounds = Math.max(...p.rounds.map((r: any) => r.round)) + 1;
  claims.check({ claim: p.name + ": the discard/retrain loop fills every requested slot", paper: "every size retrained to its 100 networks",
    ours: fraction(p.networks.length, p.sizes.length * p.networksPerSize) + " kept after " + rounds + " round(s)",
    tolerance: "all slots within the cap of " + (p.maxRetrainRounds + 1) + " rounds (definition of the population)", pass: p.complete,
    value: p.networks.length });
}
table(summaryRows)

// %% [markdown]
// Discarded attempts, with the rule that fired (an empty table means every first attempt was kept):

// %%
table(Object.values(pops).flatMap((p: any) => p.discarded.map((d: any) => ({ population: p.name, size: d.size, slot: d.instance, round: d.round,
  epochs: d.epochs, "best loss": Number(d.bestLoss.toExponential(2)), accuracy: Number(d.accuracy.toFixed(3)), reason: d.reason }))))

// %% [markdown]
// Training curves of the vanilla population (epoch loss, log scale). The loss first sits on the "always silent" plateau
// (constant output ≈ 0 costs ≈ pulse/trial-length) and then drops when the network learns to time its output:

// %%
const vpop = pops["rsg-vanilla"];
const curveRows: Array<{ epoch: number; loss: number; net: string }> = [];
// every 5th epoch (paper mode: every 20th, its nets train up to 3000 epochs), so the stored figure stays small
const curveStride = byMode({ quick: 5, paper: 20, full: 20 });
for (const n of vpop.networks.slice(0, 8)) n.history.loss.forEach((l: number, e: number) => { if (e % curveStride === 0) curveRows.push({ epoch: e, loss: l, net: n.id }); });
lineChart(curveRows, { x: "epoch", y: "loss", series: "net", yScale: "log", title: "Training loss, 8 vanilla networks", height: 240 })

// %% [markdown]
// ## 3. Same hyperparameters, different activity
//
// Three vanilla networks of the same size, trained with the same rules (only the seeds differ), on the validation trials (one per
// trained t_s). Each panel is that network's own PCA (top 3 components of its hidden states); colour = t_s. All three produce the
// same behaviour, yet their trajectories differ in shape — the first layer of variability the paper describes.

// %%
const val = task.validation();
const same = vpop.networks.filter((n: any) => n.size === vpop.sizes[0]).slice(0, 3);
const pcaVar: string[] = [];
const trajFigs = same.map((n: any) => {
  const S = stateSize(n.model.spec);
  const run = runModel(n.model, val.inputs, { batch: val.batch, time: val.time });
  const pca = fitPca(fromStates(run.states, S), 3);
  pcaVar.push(n.id + ": PC1–3 explain " + Array.from(pca.explainedVarianceRatio).map((r: number) => pct(r)).join(", "));
  return trajectories3d({ data: run.states, shape: [val.batch, val.time, S] }, { projection: pca, color: val.meta.map((m: any) => Number(m.t_s)), colorLabel: "t_s",
    maxTrials: val.batch, maxSteps: 50, title: n.id, height: 360 }); // 50 evenly spaced steps per trajectory keep the shared notebook small (paper task: 31 trials × 150 steps)
});
console.log(pcaVar.join("\n"));
trajFigs[0]

// %%
trajFigs[1]

// %%
trajFigs[2]

// %% [markdown]
// ## 4. Extrapolation: t_p against t_s beyond the trained range
//
// For every network: one trial per t_s from the shortest trained interval to 3.2× the longest, t_p = first output > 0.8 after Set
// (spec §5.1), plus a **Ready-only** run (no Set at all, 12× the longest trained interval). `rsgExtrapolation` classifies what the
// network does beyond the trained range: *premature* (it answers without waiting for Set), *oscillation*, *silence*, *near-perfect*,
// *saturation* (t_p grows with slope < 0.5).
//
// **Claims.**
//
// (a) *Training-range behaviour is reproduced* (paper: t_p = t_s for all 48 stored example networks). Asserted for **every**
// vanilla network, ±1 step over the trained range: this is the keep rule of §2, so a miss is a bug in the pipeline, not a
// statistic.
//
// (b) *Vanilla networks mostly cannot wait beyond the trained range* (paper: 15 of 16 stored vanilla networks emit an output on
// their own when Set never comes). Ours is the fraction k/n of vanilla networks with a spontaneous output (> 0.8) in the
// Ready-only run. Tolerance: our 95 % Wilson interval must overlap the paper's (15/16 → 72–99 %). Quick networks are stopped at
// the first epoch that reproduces every trained t_s (loss ≈ 10⁻², the paper trains to 2·10⁻⁵) on the shortened task; in our
// runs (seeds 0–4) 25–40 % of them fire on their own and most of the others *saturate* (t_p keeps growing, slowly, beyond the
// trained range; see the behaviour table). We take the short training to be the cause but have not tested it, so in quick mode
// a miss is recorded as **not reproduced** with that reason; full mode asserts it. The count with a 0.5 output threshold is
// printed next to ours, to show that the result does not hinge on weak outputs just below 0.8.
//
// (c) *The spontaneous output comes just after the longest trained interval* (paper: 51–62 steps after Ready, 1.02–1.24× the
// longest trained t_s of 50). Ours is the **median** first spontaneous onset over the emitting networks, in units of the longest
// trained t_s. Tolerance: the 95 % bootstrap interval of that median (2000 resamples) must overlap the paper's 1.0–1.3×, with at
// least 5 emitting networks (below that it is reported). A median, not "every": a few networks emit much later (2–4.5×, a slow
// drift that reaches the output only after the transient), and one such network must not decide the claim.

// %%
const maxTs = Math.round(3.2 * geo.highTs);
// The task supplies the timing (Ready onset, pulse, trained range); we choose only the t_s tested and the horizon.
const extOpts = { task: task, tsValues: Array.from({ length: maxTs - geo.lowTs + 1 }, (_, i) => geo.lowTs + i), readyOnlySteps: 12 * geo.highTs };
const ext: Record<string, any[]> = {};
for (const [name, p] of Object.entries(pops)) ext[name] = (p as any).networks.map((n: any) => rsgExtrapolation(n.model, extOpts));
const behaviours = ["near-perfect", "premature", "saturation", "oscillation", "silence", "other"];
table(Object.entries(ext).map(([name, rs]) => ({ population: name, networks: rs.length, ...Object.fromEntries(behaviours.map((b) => [b, rs.filter((r: any) => r.behaviour === b).length])),
  "spontaneous output": rs.filter((r: any) => r.spontaneousOnsets.length > 0).length })))

// %%
const vext = ext["rsg-vanilla"];
const vanillaNets = () => pops["rsg-vanilla"].networks as any[];
const exact = vext.filter((r: any) => r.trainedAccuracy === 1).length;
claims.check({ claim: "vanilla networks reproduce t_s within ±1 step over the trained range [" + geo.lowTs + ", " + geo.highTs + "]",
  paper: "48/48 stored networks, t_p = t_s", ours: fraction(exact, vext.length), tolerance: "every kept network (the keep rule of §2)",
  pass: exact === vext.length, value: exact / vext.length });

const spont = vext.filter((r: any) => r.spontaneousOnsets.length > 0);
const rel: number[] = spont.map((r: any) => r.spontaneousOnsets[0] / geo.highTs);
console.log("first spontaneous onsets: " + spont.map((r: any) => r.spontaneousOnsets[0]).join(", ") + " steps after Ready = " +
  rel.map((x) => x.toFixed(2)).join(", ") + " × longest trained t_s (paper 1.02–1.24)");
// the same Ready-only run read with a 0.5 threshold: how many quick networks emit a weaker spontaneous output
const weak = vanillaNets().filter((n: any) => rsgExtrapolation(n.model, { ...extOpts, tsValues: [geo.lowTs], threshold: 0.5 }).spontaneousOnsets.length > 0).length;
console.log("vanilla networks with a spontaneous output > 0.8: " + fraction(spont.length, vext.length) + "; > 0.5: " + fraction(weak, vext.length));
const ws = wilsonInterval(spont.length, vext.length);
const wPaper = wilsonInterval(15, 16);
claims.check({ claim: "most vanilla networks output spontaneously when Set never comes", paper: "15/16 (94 %; Wilson 95 % " + pct(wPaper.lo, 0) + "–" + pct(wPaper.hi, 0) + ")",
  ours: fraction(spont.length, vext.length) + ", Wilson 95 % " + pct(ws.lo, 0) + "–" + pct(ws.hi, 0) + " (> 0.5 threshold: " + weak + ")",
  tolerance: "our Wilson 95 % interval overlaps the paper's", pass: ws.hi >= wPaper.lo, value: spont.length / vext.length, n: vext.length, minN: 10,
  notReproducedBecause: mode !== "quick" ? undefined : "quick networks (shortened task, stopped at loss ≈ 1e-2, not 2e-5) mostly saturate instead of firing on their own; the cause is untested (see text)" });

if (rel.length > 0) {
  const bm = bootstrapInterval(rel, median, { seed: seriesSeed(303) });
  claims.check({ claim: "the median spontaneous output comes 1.0–1.3× the longest trained interval after Ready", paper: "1.02–1.24× (15 networks)",
    ours: "median " + bm.estimate.toFixed(2) + "× (95 % bootstrap " + bm.lo.toFixed(2) + "–" + bm.hi.toFixed(2) + ", n = " + rel.length + ")",
    tolerance: "bootstrap 95 % interval of the median overlaps 1.0–1.3; ≥ 5 emitting networks", pass: bm.lo <= 1.3 && bm.hi >= 1.0,
    value: bm.estimate, n: rel.length, minN: 5 });
} else {
  claims.report({ claim: "the median spontaneous output comes 1.0–1.3× the longest trained interval after Ready", paper: "1.02–1.24× (15 networks)",
    ours: "no network emitted", why: "no emitting network to take a median of" });
}

// %% [markdown]
// Three examples, one per architecture (shaded = trained range, dashed = t_p = t_s):

// %%
tpTsPlot(ext["rsg-vanilla"][0], { title: "vanilla " + pops["rsg-vanilla"].networks[0].id + ": " + ext["rsg-vanilla"][0].behaviour })

// %%
tpTsPlot(ext["rsg-gru"][0], { title: "GRU " + pops["rsg-gru"].networks[0].id + ": " + ext["rsg-gru"][0].behaviour })

// %%
tpTsPlot(ext["rsg-lstm"][0], { title: "LSTM " + pops["rsg-lstm"].networks[0].id + ": " + ext["rsg-lstm"][0].behaviour })

// %% [markdown]
// ## 5. Reduced-dynamics graphs
//
// `typePopulation` runs the graph tool of spec §5.3 on every network (the same code reproduces the authors' stored graphs for
// 41/41 fixture networks): autonomous **laces** from a state in the Ready–Set wait, **Set probes** launched from two points on that
// lace, laces merged where the trajectories coincide (speed-normalised distance), outputs discretised (> 0.15 = "output"), and the
// graph compacted. Nodes are coloured by output (grey silent, green output), node 0 is the start; edge colour = input (flow or Set).
// For the shortened task the probe times scale with the longest trained interval (`probesFor`). Networks are grouped into
// **types** by the authors' isomorphism rule (structure, edge-type sets, node-0 loops), labelled T1, T2, ... by size.

// %%
const types: Record<string, any> = {};
for (const [name, p] of Object.entries(pops)) {
  types[name] = typePopulation(p as any, { minTypeSize: minTypeSize });
  const t = types[name];
  console.log(name + ": " + t.types.length + " types among " + t.graphs.length + " networks (" + (t.ms / 1000).toFixed(1) + " s), sizes " +
    t.types.map((x: any) => x.label + "=" + x.size).join(" ") + (t.failures.length ? ", " + t.failures.length + " graph failures" : ""));
}
const vt = types["rsg-vanilla"];
reducedGraphPlot(vt.types[0].example, { title: "vanilla type " + vt.types[0].label + " (" + vt.types[0].size + " networks)" })

// %%
vt.types.length > 1 ? reducedGraphPlot(vt.types[1].example, { title: "vanilla type " + vt.types[1].label + " (" + vt.types[1].size + " networks)" }) : "only one vanilla type"

// %%
reducedGraphPlot(types["rsg-lstm"].types[0].example, { title: "LSTM type " + types["rsg-lstm"].types[0].label + " (" + types["rsg-lstm"].types[0].size + " networks)" })

// %% [markdown]
// ## 6. Solution types
//
// The paper's histogram: one bar per graph type, sorted by size; types with at least 10 of the 400 networks are **main types**, and
// the boxed number is the share of networks inside them (time reproduction, vanilla: 4 main types of 274, 61, 20, 19 networks =
// 93.5 %; GRU 5 types, 87 %; LSTM 5 types, 87.8 %). With tens of networks a cut of 10 would leave nothing, so quick mode calls a
// type "main" when it has **at least 2 networks** (2.5 % of 400 is 10; of 40 it is 1 — we round up to "seen twice").
//
// **Claims.**
//
// (d) *Identical hyperparameters give several solutions* (paper: 4 main types of vanilla networks). Ours: the number of main
// types. Tolerance: **≥ 2 main types** — a second type seen at least twice, so that one odd graph (a graph-tool artefact is
// possible for any single network) cannot make the claim; asserted from 10 typed networks on.
//
// (e) *A handful of types cover most networks* (paper: main types hold 93.5 % of 400 vanilla networks). Ours: the fraction of
// vanilla networks inside main types. Quick mode: the 95 % Wilson lower bound of that fraction is above 50 % ("most"); we do not
// compare with 93.5 % itself because the quick cut (2 networks = 5 % of 40) is not the paper's (10 networks = 2.5 % of 400).
// Paper and full mode use the paper's cut (2.5 % of the population) on the paper's task, so they compare with the paper's own
// coverage: our 95 % Wilson interval must overlap the paper's (374/400 → 90.7–95.5 %). The same test covers GRU (87.0 %,
// 348/400) and LSTM (87.8 %, 351/400) there; quick mode reports those two (8 networks each).
//
// *Why 40 vanilla networks.* With 20, the claim needed 15 of 20 inside main types. Over five seeds (session 23, after the fix
// that keeps the weights whose loss is reported) coverage was 70, 95, 90, 95 and 85 %: seed 0 failed at 14 of 20, so at that
// size the check depended on the seed. The threshold stays; the sample grew to 40, where the claim needs 26 (65 %).

// %%
const cov = vt.coverage;
console.log("vanilla: " + vt.types.length + " types, " + vt.mainTypes + " main types (≥ " + vt.minTypeSize + " networks) covering " + pct(cov));
for (const name of ["rsg-gru", "rsg-lstm"]) console.log(name + ": " + types[name].types.length + " types, " + types[name].mainTypes + " main, coverage " + pct(types[name].coverage));
const nTyped = vt.graphs.length;
claims.check({ claim: "identical hyperparameters give several solution types (vanilla)", paper: "4 main types (274, 61, 20, 19 of 400)",
  ours: vt.mainTypes + " main types (≥ " + vt.minTypeSize + " networks) among " + vt.types.length + " types",
  tolerance: "≥ 2 main types; ≥ 10 typed networks", pass: vt.mainTypes >= 2, value: vt.mainTypes, n: nTyped, minN: 10 });
// the paper's main-type counts of 400 networks per setting (spec §5.4)
const paperCoverage: Record<string, { inMain: number; text: string }> = {
  "rsg-vanilla": { inMain: 374, text: "93.5 % in 4 main types (≥ 10 of 400)" },
  "rsg-gru": { inMain: 348, text: "87.0 % in 5 main types (≥ 10 of 400)" },
  "rsg-lstm": { inMain: 351, text: "87.8 % in 5 main types (≥ 10 of 400)" },
};
for (const name of ["rsg-vanilla", "rsg-gru", "rsg-lstm"]) {
  const t = types[name];
  const k = t.types.filter((x: any) => x.size >= t.minTypeSize).reduce((s: number, x: any) => s + x.size, 0);
  const n = t.graphs.length;
  const w = wilsonInterval(k, n), wp = wilsonInterval(paperCoverage[name]!.inMain, 400);
  const ours = fraction(k, n) + " in " + t.mainTypes + " main types (≥ " + t.minTypeSize + "), Wilson 95 % " + pct(w.lo, 0) + "–" + pct(w.hi, 0);
  const claim = "a handful of main types cover most " + name.slice(4) + " networks";
  if (mode !== "quick") {
    claims.check({ claim: claim, paper: paperCoverage[name]!.text, ours: ours,
      tolerance: "our Wilson 95 % interval overlaps the paper's (" + pct(wp.lo, 1) + "–" + pct(wp.hi, 1) + ")",
      pass: w.hi >= wp.lo && w.lo <= wp.hi, value: k / n, n: n, minN: 50 });
  } else if (name === "rsg-vanilla") {
    claims.check({ claim: claim, paper: paperCoverage[name]!.text, ours: ours,
      tolerance: "Wilson 95 % lower bound > 50 %", pass: w.lo > 0.5, value: k / n, n: n, minN: 10 });
  } else {
    claims.report({ claim: claim, paper: paperCoverage[name]!.text, ours: ours, why: n + " networks on the shortened task with the quick cut of 2; asserted in paper mode" });
  }
}
typeHistogram(vt.typeOf, { mainTypeCoverage: cov, title: "RSG vanilla: " + vt.types.length + " types, main types (≥ " + vt.minTypeSize + ") cover " + pct(cov) })

// %%
// all three architectures on one type list: a graph type is shared when the authors' rule matches across populations
const allGraphs = ["rsg-vanilla", "rsg-gru", "rsg-lstm"].flatMap((n) => types[n].graphs);
const allIds = ["rsg-vanilla", "rsg-gru", "rsg-lstm"].flatMap((n) => types[n].ids);
const pooled = classifyGraphs(allGraphs, allIds, { minTypeSize: minTypeSize });
const archOf = (id: string) => id.split("-")[0];
table(pooled.types.slice(0, 8).map((t: any) => ({ type: t.label, "nodes/edges": t.example.counts().nodes + "/" + t.example.counts().edges,
  vanilla: t.members.filter((m: string) => archOf(m) === "vanilla").length, gru: t.members.filter((m: string) => archOf(m) === "gru").length,
  lstm: t.members.filter((m: string) => archOf(m) === "lstm").length })))

// %% [markdown]
// ## 7. Full mode and its cost
//
// Full mode (`RNN_ATLAS_MODE=full`) trains the paper's setting: the 150-step task, sizes 20/30/40/50 × 100 networks for each of
// vanilla, GRU and LSTM, `TURNER_RULES` (lr 10⁻³, up to 3000 epochs, failure rule at epoch 2000), checkpoints every 10
// improvements, up to 10 retrain rounds. It is not run in CI. In quick mode the estimate below scales the cost per network-epoch measured
// above by the trial length (150 vs 75 steps) and by the mean size (35 vs 18 units; linear and quadratic scaling bound it), and
// takes the epochs per attempt and attempts per kept network from our separate measurement on the full task (8 vanilla networks,
// N = 20: mean 1,685 epochs per attempt, 6 of 8 kept → 1.33 attempts per kept network; these two inputs are measured outside this
// notebook). GRU and LSTM networks cost ~2–3× more per epoch but need far fewer epochs (see the median epochs in §2).
// In paper mode the same task, rules and sizes trained 25 networks per size above, so full mode costs 4× its measured training
// time per setting (networks train independently, so the cost is linear in their number).

// %%
if (mode !== "quick") {
  for (const p of Object.values(pops) as any[]) {
    console.log(p.name + ": " + p.networks.length + " networks, " + (p.timings.trainMs / 60000).toFixed(1) + " min of training (" + p.source +
      ") → full mode (" + p.sizes.length + " × 100): about " + (p.timings.trainMs * (100 / p.networksPerSize) / 3.6e6).toFixed(1) + " h");
  }
} else {
  const q = pops["rsg-vanilla"];
  const meanQuick = q.sizes.reduce((s: number, x: number) => s + x, 0) / q.sizes.length;
  const perNetEpoch = q.timings.msPerNetEpoch * (150 / 75);
  const lo = perNetEpoch * (35 / meanQuick), hi = perNetEpoch * (35 / meanQuick) ** 2;
  const attemptsPerKept = 8 / 6, epochsPerAttempt = 1685; // measured on the full task (see text)
  const hours = (ms: number) => (ms * 400 * attemptsPerKept * epochsPerAttempt / 3.6e6).toFixed(1);
  console.log("measured " + q.timings.msPerNetEpoch.toFixed(2) + " ms per network-epoch (quick vanilla, sizes " + q.sizes.join("/") + ")");
  console.log("full mode, one setting (400 vanilla networks): about " + hours(lo) + "–" + hours(hi) + " h on this machine");
}
console.log("notebook run time: " + ((Date.now() - t0) / 1000).toFixed(0) + " s (mode " + mode + ")");

// %% [markdown]
// **What this notebook showed.** Networks trained with identical hyperparameters reproduce the trained intervals equally well, but
// their activity differs (§3), their extrapolation differs — some vanilla networks fire on their own just after the longest trained
// interval, others saturate or stay silent (§4) — and their reduced-dynamics graphs fall into several types (§5–6). The populations
// are cached for notebook 05, which predicts the types from neural features and maps the space of solutions.

// %% [markdown]
// ## Claims
//
// Every claim above with the paper's value, ours, the tolerance and its status (pass / fail asserted; *reported* = shown, not
// asserted at this sample size; *not reproduced* = outside the paper's range for the reason written next to it).

// %%
claims.finish()
