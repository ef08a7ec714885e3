// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # 04 · Interval and delayed discrimination: solution types and extrapolation
//
// The two other tasks of **Turner, Dabholkar & Barak (NeurIPS 2021)**: *interval discrimination* (which of two intervals was
// longer?) and *delayed discrimination* (which of two pulses, separated by a delay, was stronger? — a Romo-like task). As for
// Ready-Set-Go (notebook 03), populations of networks with identical hyperparameters solve them in qualitatively different ways;
// the differences show in the reduced-dynamics graphs and when the networks are probed **outside the training range** — longer
// intervals, longer delays, larger amplitudes.
//
// * E. Turner, K. V. Dabholkar & O. Barak, *Charting and navigating the space of solutions for recurrent neural networks*,
//   NeurIPS 34 (2021), arXiv:2111.09356. Task definitions: spec §3.2–3.3; graph tool §5.3; type statistics §5.4.
//
// Steps: (1) the two tasks, (2) train both populations with the discard-and-retrain loop, (3) correctness grids beyond the
// trained range, (4) reduced-dynamics graphs and solution types, (5) full mode, (6) the claims table. Every claim of the paper
// that 04 tests is a **population claim** (a fraction of networks, with a tolerance derived from the sample sizes — ours and the
// paper's); claims a quick population cannot carry are **reported** with the reason, and asserted in full mode where it can.
// Every seed goes through `seriesSeed` (`RNN_ATLAS_SEED=<n>` draws independent populations).
//
// **Quick mode** uses shortened variants (our choice, in the spirit of the spec's §9 CPU recipe for RSG): interval discrimination
// with intervals 5–15 instead of 10–30 (60-step trials, the full 110-pair grid as training set), delayed discrimination with delays
// 0–9 instead of 0–19 (50-step trials, all 72 amplitude pairs × 10 delays = 720 trials), two sizes (16, 20 units) × 6 networks.
// **Initialisation:** with PyTorch's default init these networks stayed on the "always silent" plateau (output ≡ 0) for hundreds of
// epochs in our runs; the spec notes that the authors' stored initial weights for these two tasks are not a fresh default draw
// (spectral radius 1.1–2.7, large input weights), so we start from a Gaussian init with input weights of order 1 and recurrent gain
// 1.2 (delayed discrimination) or 1.0 (interval discrimination, see §4), Adam lr 10⁻³ with gradient-norm clip 1. Interval-discrimination
// networks train to a loss target (MSE < 5·10⁻⁴ or 2000 epochs) rather than stopping at the first epoch with every validation
// trial right — the graphs of §4 need clear ±1 answers. **Paper mode** (`RNN_ATLAS_MODE=paper`) uses the paper's tasks, sizes
// 20/30/40/50 × 25 networks (100 per task) and the paper-equivalent rules; **full mode** (`RNN_ATLAS_MODE=full`) the paper's
// 100 networks per size (§5).

// %%
import {
  runMode, byMode, populationPreset, trainSolutionPopulation, typePopulation, solutionTask,
  intervalDiscriminationGrid, delayedDiscriminationGrid,
  lineChart, discriminationGridPlot, reducedGraphPlot, typeHistogram,
  simulateAutonomous, normalisedSpeed, DEFAULT_GRAPH_OPTIONS, ReducedGraph,
  Claims, seriesSeed, wilsonInterval, binomialLowerTail, binomialUpperTail, bootstrapInterval, mean, pct, fraction, table,
} from "rnn-atlas";

const claims = new Claims("04_discrimination");
const t0 = Date.now();
const mode = runMode();
console.log("run mode:", mode, "(RNN_ATLAS_MODE=full for the paper-scale populations); RNN_ATLAS_SEED shifts every seed (seriesSeed(0) = " + seriesSeed(0) + ")");

// %% [markdown]
// **How "most networks" is tested.** The paper's extrapolation and graph observations for these tasks come from the authors'
// 16 stored example networks per task (spec §5.1, §5.3), e.g. "16/16 answer the training grid correctly". A population
// consistent with k/16 has a rate at least the Wilson 95 % lower bound of k/16 (80.6 % for 16/16, 71.7 % for 15/16). Each such
// claim asserts that **our population does not contradict that rate**: it fails when our count k of n is below what a population
// with that rate gives with 5 % probability (one-sided binomial test, P(X ≤ k) < 0.05). With n = 12 networks that means
// "fails at ≤ 6 of 12" for 16/16. Below the population size at which even "only half the networks have it" would not be
// rejected, the claim is reported instead of asserted.

// %%
/** A "most networks have X" claim of the paper (paperK of paperN stored networks), tested on our per-network outcomes. */
function mostNetworks(c: { claim: string; paper: string; paperK: number; paperN: number; has: boolean[]; quickOnly?: string; quickShortfall?: string }): void {
  const rate = wilsonInterval(c.paperK, c.paperN).lo;
  const n = c.has.length, k = c.has.filter(Boolean).length;
  // smallest population at which "half the networks have it" is rejected against `rate`
  let minN = 1;
  while (minN < 1000 && binomialLowerTail(Math.floor(minN / 2), minN, rate) >= 0.05) minN++;
  const p = n > 0 ? binomialLowerTail(k, n, rate) : 1;
  const tolerance = "one-sided binomial test against a rate ≥ " + pct(rate) + " (Wilson 95 % lower bound of the paper's " + c.paperK + "/" + c.paperN +
    "): P(X ≤ " + k + " of " + n + ") = " + p.toFixed(3) + ", fails below 0.05";
  if (c.quickOnly && mode === "quick") claims.report({ claim: c.claim, paper: c.paper, ours: fraction(k, n), value: n ? k / n : NaN, why: c.quickOnly });
  else claims.check({ claim: c.claim, paper: c.paper, ours: fraction(k, n), value: n ? k / n : NaN, n, minN, tolerance, pass: n > 0 && p >= 0.05,
    // quick mode only: a shortfall with the reason measured here is a finding (not-reproduced); full mode fails
    ...(c.quickShortfall && mode === "quick" ? { notReproducedBecause: c.quickShortfall } : {}) });
}

// %% [markdown]
// ## 1. The tasks
//
// **Interval discrimination** (spec §3.2): a 2-step pulse on channel 0 at t1 marks the end of the first interval (measured from
// trial onset), a 2-step pulse on channel 1 at t1 + t2 the end of the second; 15 steps later the output must be sign(t1 − t2) for 2
// steps (0 elsewhere). Training set = every pair t1 ≠ t2 of the trained range.
//
// **Delayed discrimination** (spec §3.3): amplitude f1 on channel 0 for steps [5, 10), amplitude f2 on channel 1 for [15 + d, 20 + d);
// the output must be sign(f1 − f2) for [30 + d, 35 + d). f1, f2 ∈ {2, …, 10}, f1 ≠ f2; training set = all 72 pairs × all trained delays.

// %%
const idOpts = populationPreset("interval-discrimination");
const ddOpts = populationPreset("delayed-discrimination");
const idTask = solutionTask("interval-discrimination", idOpts.taskOptions);
const ddTask = solutionTask("delayed-discrimination", ddOpts.taskOptions);
const io = idTask.options, dO = ddTask.options;
console.log("interval discrimination: intervals " + io.minT + "–" + io.maxT + ", " + io.time + "-step trials; delayed discrimination: delays 0–" + (dO.maxDelay - 1) + ", amplitudes " + dO.fMin + "–" + dO.fMax + ", " + dO.time + "-step trials");
function schematic(trials: any, labels: string[]): Array<{ step: number; value: number; signal: string }> {
  const rows: Array<{ step: number; value: number; signal: string }> = [];
  trials.meta.forEach((m: any, b: number) => {
    for (let t = 0; t < trials.time; t++) {
      const i = b * trials.time + t;
      rows.push({ step: t, value: trials.inputs[i * 2], signal: labels[b] + " input 0" });
      rows.push({ step: t, value: trials.inputs[i * 2 + 1], signal: labels[b] + " input 1" });
      rows.push({ step: t, value: trials.targets[i], signal: labels[b] + " target" });
    }
  });
  return rows;
}
const idDemo = idTask.grid([[io.minT + 3, io.maxT - 2], [io.maxT - 2, io.minT + 3]]);
lineChart(schematic(idDemo, ["t1<t2", "t1>t2"]), { x: "step", y: "value", series: "signal", title: "Interval discrimination: inputs and target", height: 200 })

// %%
const ddDemo = ddTask.validation();
const pick = [ddDemo.meta.findIndex((m: any) => m.f1 === 8 && m.f2 === 4)];
const ddRows = schematic({ ...ddDemo, meta: [ddDemo.meta[pick[0]]], inputs: ddDemo.inputs.subarray(pick[0] * ddDemo.time * 2, (pick[0] + 1) * ddDemo.time * 2),
  targets: ddDemo.targets.subarray(pick[0] * ddDemo.time, (pick[0] + 1) * ddDemo.time) }, ["f1=8, f2=4"]);
lineChart(ddRows, { x: "step", y: "value", series: "signal", title: "Delayed discrimination (longest trained delay)", height: 200 })

// %% [markdown]
// ## 2. Populations, with discards and retraining
//
// The same machinery as notebook 03 (`trainSolutionPopulation`, one labelled progress panel per population): all networks of one
// size train together; a delayed-discrimination network is done when it answers every validation trial correctly (checked every
// 10 epochs), an interval-discrimination network when its loss is below 5·10⁻⁴ or after 2000 epochs (its best-loss weights are
// kept); a network is **discarded** when it hits the failure rule (loss still above the silent plateau after epoch 500 for
// interval, 100 for delayed discrimination), goes non-finite, or ends below **98 %** validation accuracy; discarded slots are
// retrained from new seeds for up to 4 (interval) or 8 (delayed discrimination) more rounds. The delayed-discrimination networks
// often get stuck at 78 % (they answer from f2 alone — 56 of the 72 pairs are decided by whether f2 is small or large), so several
// rounds are typical.
//
// **Reported, not asserted:** how many slots were filled within the round cap. The paper retrains until all 400 slots are filled;
// our cap is a run-time budget, so the yield says how hard the task is to learn under our rules, not something the paper claims.
// That every kept network answers ≥ 98 % of its validation trials holds by construction of the discard rule; it is re-measured
// here as a prerequisite (a failure would be a bug, and stops the notebook).

// %%
// seriesSeed: RNN_ATLAS_SEED=<n> trains independent populations (a different seed is a different cache fingerprint)
const idPop: any = await trainSolutionPopulation({ ...idOpts, seed: seriesSeed(idOpts.seed), reporter: "notebook" });
const ddPop: any = await trainSolutionPopulation({ ...ddOpts, seed: seriesSeed(ddOpts.seed), reporter: "notebook" });
const popRow = (p: any) => ({ population: p.name, sizes: p.sizes.join("/"), requested: p.sizes.length * p.networksPerSize, kept: p.networks.length,
  discarded: p.discarded.length, "rounds used": Math.max(...p.rounds.map((r: any) => r.round)) + 1, "round cap": p.maxRetrainRounds + 1, missing: p.missing.length,
  "training s": Number((p.timings.trainMs / 1000).toFixed(1)), "ms/net-epoch": Number(p.timings.msPerNetEpoch.toFixed(2)) });
for (const p of [idPop, ddPop]) {
  console.log(p.name + " (" + p.source + ", seed " + p.seed + "): " + p.networks.length + " kept, " + p.discarded.length + " discarded, " + p.missing.length + " slots empty");
  if (p.networks.length < 2) throw new Error(p.name + ": only " + p.networks.length + " network(s) kept — nothing to compare (see the discard table below).");
  const attempts = p.networks.length + p.discarded.length;
  const y = wilsonInterval(p.networks.length, attempts);
  claims.report({ claim: p.name + ": slots filled within the round cap", paper: "all 400 (retrained until full)", value: p.networks.length / (p.sizes.length * p.networksPerSize),
    ours: fraction(p.networks.length, p.sizes.length * p.networksPerSize) + " in ≤ " + (p.maxRetrainRounds + 1) + " rounds; " + fraction(p.networks.length, attempts) +
      " of attempts kept (95 % CI " + pct(y.lo) + "–" + pct(y.hi) + ")",
    why: "the round cap is our run-time budget; the paper retrains until every slot is filled, so the yield is not a claim of the paper" });
}
const minAcc = Math.min(...[...idPop.networks, ...ddPop.networks].map((n: any) => n.accuracy));
if (!(minAcc >= 0.98)) throw new Error("a kept network answers only " + pct(minAcc) + " of its validation trials, below the 98 % discard rule: the discard loop is broken");
console.log("every kept network answers ≥ 98 % of its validation trials (lowest " + pct(minAcc) + "), as the discard rule requires");
table([popRow(idPop), popRow(ddPop)])

// %% [markdown]
// Why networks were discarded (count per rule):

// %%
const reasons: Record<string, number> = {};
for (const p of [idPop, ddPop]) for (const d of p.discarded) { const k = p.name + ": " + d.reason.replace(/[0-9.]+ </, "x <"); reasons[k] = (reasons[k] ?? 0) + 1; }
table(Object.entries(reasons).map(([rule, count]) => ({ rule: rule, count: count })))

// %% [markdown]
// ## 3. Beyond the trained range
//
// **Interval discrimination.** Each network answers every pair (t1, t2) with t1, t2 from the shortest trained interval to 3× the
// longest (the response is the sign of the mean output over the 2-step window). Regions: *trained* (both intervals in range),
// *one beyond* (exactly one interval longer than 4/3 of the longest trained — the paper's 40 for 30), *both beyond*. The paper's
// observation (spec §5.1, the authors' 16 stored networks, intervals up to 80): 100 % correct on the training grid, **≥ 89 %**
// when only one interval exceeds 40, and **exactly 50 %** when both do (every network answers one fixed sign: the "long interval"
// representation saturates). **Claims** (each a fraction of networks, tested against 16/16 as above):
//
// * most networks answer ≥ 95 % of the trained grid correctly;
// * most networks answer ≥ 89 % correctly when exactly one interval is beyond the range;
// * most networks are **at chance** when both are: a network is at chance when its number of correct answers over the K
//   both-beyond pairs lies inside the two-sided 99 % binomial band of a coin flip, Bin(K, ½) — a fixed-sign answer (exactly
//   50 %) is inside, a network that still compares the two intervals is not.
//
// **In quick mode the last two are not reproduced** (in our run at seed 0 on this machine: 0/12 networks ≥ 89 % with one interval beyond, population mean
// 52 %; 6/12 at chance with both beyond). The reason we find is the one behind the type variety of §4: the quick networks are
// trained on intervals 5–15 to loss 5·10⁻⁴ (the paper: 10–30, to 2·10⁻⁵), and most of them never settle at rest, so a long
// interval drives them into states that no training trial visited. The networks that do settle are the ones that answer one
// fixed sign when both intervals are long, as the paper's do (4 of the 5 settling networks at seed 0, 1 of the 7 others). Each
// claim's row states this split as measured at the current seed; a shortfall is therefore recorded as **not reproduced, with
// its reason**, in quick mode, and fails the run in full mode.

// %%
const idIntervals = Array.from({ length: 3 * io.maxT - io.minT + 1 }, (_, i) => io.minT + i);
const beyondId = Math.round((4 / 3) * io.maxT);
const idGrids = idPop.networks.map((n: any) => intervalDiscriminationGrid(n.model, { task: idTask, intervals: idIntervals, beyond: beyondId }));
const regionRows = (grids: any[], pop: any) => grids.map((g: any, i: number) => ({ network: pop.networks[i].id,
  ...Object.fromEntries(Object.entries(g.regions).map(([k, v]: [string, any]) => [k, Number(v.accuracy.toFixed(3))])), behaviour: g.behaviour }));
/** Inside the two-sided 99 % band of Bin(K, ½): answers no better (and no worse) than coin flips. */
const atChance = (r: { n: number; accuracy: number }) => {
  const k = Math.round(r.accuracy * r.n);
  return r.n > 0 && binomialUpperTail(k, r.n, 0.5) >= 0.005 && binomialLowerTail(k, r.n, 0.5) >= 0.005;
};
// Does each network's activity at rest (zero input from the zero state) reach a fixed point within the graph tool's 500-step
// lace horizon (normalised speed below its 5e-5 clip)? The authors' networks do; it splits the quick population below.
const settleStep = idPop.networks.map((n: any) => {
  const q = normalisedSpeed(simulateAutonomous(n.model, new Float64Array(n.model.spec.hiddenSize), DEFAULT_GRAPH_OPTIONS.laceSteps).states);
  return q.findIndex((v: number) => v < DEFAULT_GRAPH_OPTIONS.speedClip);
});
const settles = settleStep.map((s: number) => s >= 0);
/** "settling networks a, others b" for a per-network statistic (mean, or a count when `count`). */
const bySettling = (v: number[], count = false) => {
  const part = (want: boolean) => { const xs = v.filter((_, i) => settles[i] === want); return !xs.length ? "none" : count ? xs.filter(Boolean).length + "/" + xs.length : pct(mean(xs)) + " (n = " + xs.length + ")"; };
  return "networks whose rest activity settles within 500 steps " + part(true) + ", the others " + part(false);
};
const idTrained = idGrids.map((g: any) => g.regions["trained"].accuracy);
const idOne = idGrids.map((g: any) => g.regions["one beyond"].accuracy);
const idBoth = idGrids.map((g: any) => g.regions["both beyond"].accuracy);
const meanCi = (v: number[], seed: number) => { const b = bootstrapInterval(v, mean, { seed: seriesSeed(seed) }); return pct(b.estimate) + " (bootstrap 95 % CI " + pct(b.lo) + "–" + pct(b.hi) + ")"; };
console.log("interval discrimination: population mean accuracy, trained " + meanCi(idTrained, 401) + ", one beyond " + meanCi(idOne, 402) + ", both beyond (> " + beyondId + ") " + meanCi(idBoth, 403) +
  "; K = " + idGrids[0].regions["both beyond"].n + " both-beyond pairs per network");
mostNetworks({ claim: "interval discrimination: networks answer ≥ 95 % of the trained grid", paper: "16/16 stored networks at 100 %", paperK: 16, paperN: 16, has: idTrained.map((a: number) => a >= 0.95) });
const quickId = "quick networks are trained on intervals 5–15 to loss 5e-4 (paper 10–30 to 2e-5), and only " + settles.filter(Boolean).length + "/" + settles.length +
  " settle at rest within 500 steps (the authors' do), so a long interval drives most of them into states no training trial visited; ";
mostNetworks({ claim: "interval discrimination, one interval beyond the trained range: networks ≥ 89 % correct", paper: "16/16 stored networks ≥ 89 %", paperK: 16, paperN: 16, has: idOne.map((a: number) => a >= 0.89),
  quickShortfall: quickId + "mean accuracy with one interval beyond: " + bySettling(idOne) });
const idAtChance = idGrids.map((g: any) => atChance(g.regions["both beyond"]));
mostNetworks({ claim: "interval discrimination, both intervals beyond the trained range: networks at chance (99 % binomial band of ½)", paper: "16/16 stored networks at exactly 50 % (one fixed sign)",
  paperK: 16, paperN: 16, has: idAtChance,
  quickShortfall: quickId + "at chance with both beyond: " + bySettling(idAtChance.map(Number), true) + "; answering one fixed sign: " + bySettling(idGrids.map((g: any) => Number(g.regions["both beyond"].fixedSign !== null)), true) });
table(regionRows(idGrids, idPop))

// %%
discriminationGridPlot(idGrids[0], { title: "interval discrimination, " + idPop.networks[0].id + " (outline = trained range)" })

// %% [markdown]
// **Delayed discrimination.** Each network answers every amplitude pair at every second delay from 0 to 3× the longest trained
// delay, and amplitudes up to 16 at the trained delays. Regions: *trained*, *long delay* (trained amplitudes, delay beyond the
// range), *large amplitude* (trained delays, an amplitude above 10). The paper's observation (spec §5.1, 16 stored networks,
// delays up to 80 with 0–19 trained): mostly **≥ 90 %** correct at long delays (one network drops to 68 % at d = 80: 15/16), and
// **70–99 %** at amplitudes above 10 (16/16 ≥ 70 %). **Claims:** most networks answer ≥ 90 % of the trained region (the kept
// networks were validated at the longest trained delay only) and ≥ 70 % at large amplitudes. **Reported in quick mode,
// asserted in full mode:** ≥ 90 % at long delays — quick networks stop at the first epoch at which every validation trial
// (longest trained delay) is right and have seen delays 0–9 only, so how long they hold f1 beyond that is not what the
// paper's networks, trained to loss 2·10⁻⁵ on delays 0–19, show; in quick mode their memory typically fades beyond the
// trained delays (population means in the log line). The spread across networks of identical hyperparameters (table) is
// the extrapolation layer of variability the paper describes.

// %%
// every second delay up to 3× the longest trained one (keeps the grid at ~3,400 trials per network)
const ddGrids = ddPop.networks.map((n: any) => delayedDiscriminationGrid(n.model, { task: ddTask, delays: Array.from({ length: Math.floor(1.5 * dO.maxDelay) + 1 }, (_, i) => 2 * i) }));
const ddTrained = ddGrids.map((g: any) => g.regions["trained"].accuracy);
const ddLong = ddGrids.map((g: any) => g.regions["long delay"].accuracy);
const ddAmp = ddGrids.map((g: any) => g.regions["large amplitude"].accuracy);
console.log("delayed discrimination: population mean accuracy, trained " + meanCi(ddTrained, 411) + ", long delays " + meanCi(ddLong, 412) + ", large amplitudes " + meanCi(ddAmp, 413));
mostNetworks({ claim: "delayed discrimination: networks answer ≥ 90 % of the trained region", paper: "16/16 stored networks (trained to loss 2e-5)", paperK: 16, paperN: 16, has: ddTrained.map((a: number) => a >= 0.9) });
mostNetworks({ claim: "delayed discrimination, delays beyond the trained range: networks ≥ 90 % correct", paper: "15/16 stored networks ≥ 90 % up to d = 80", paperK: 15, paperN: 16,
  has: ddLong.map((a: number) => a >= 0.9),
  quickOnly: "quick networks stop at their first all-correct validation epoch (longest trained delay 9) instead of training to loss 2e-5 on delays 0–19; their memory beyond the trained delays is not the paper's (mean " + pct(mean(ddLong)) + " vs trained " + pct(mean(ddTrained)) + ")" });
mostNetworks({ claim: "delayed discrimination, amplitudes above the trained range: networks ≥ 70 % correct", paper: "16/16 stored networks at 70–99 %", paperK: 16, paperN: 16, has: ddAmp.map((a: number) => a >= 0.7) });
table(regionRows(ddGrids, ddPop))

// %%
discriminationGridPlot(ddGrids[0], { title: "delayed discrimination, " + ddPop.networks[0].id })

// %% [markdown]
// ## 4. Reduced-dynamics graphs and solution types
//
// The graph tool (spec §5.3) with the task-specific probes: for interval discrimination a lace from rest, the first pulse applied on
// it, and the second pulse at two times and at the end of the post-first-pulse lace (edge type 4 = first pulse, 2 = second pulse);
// for delayed discrimination recorded trial segments for f1 = 4 and f1 = 8 and their f2 = f1 ± 2 continuations (edge type = amplitude).
// Node colour = discretised output (pink −1, grey 0, green +1). For the shortened interval task the probes pulse at the paper's trial
// times scaled by 15/30 (`probesFor`: first pulse at t1 = 11, second pulse at t2 = 8 and 13 instead of 21, 16, 26 — the second pulse
// lands 2–3 steps before/after the first, as 5 steps do in the paper).
//
// **Claims asserted at quick scale** (fractions of networks against the authors' 16/16 stored graphs, as above): the graphs reach
// **both answers** (output nodes −1 and +1) in both populations; the delayed-discrimination graphs have **both first-pulse
// branches** (edge types 4 and 8, the spec's "separate branches for f1 = 4 and f1 = 8"); and identical hyperparameters give
// **more than one type** in each population (a population whose largest type held ≤ 77 % of the networks would show a single type
// among 12 with probability < 5 %; the paper's largest types hold 35 % and 25 %).
//
// **Type statistics: reported in quick mode, asserted in full mode.** In the paper the populations split into 4 main types
// (≥ 10 networks) covering 88.5 % of 400 interval-discrimination networks, and 8 covering 69.5 % of 400 delayed-discrimination
// networks. "A handful of types cover most networks" is a statement about a population of hundreds: the paper's main-type cut is
// 10 of 400 networks (2.5 %), and at 12 networks even the paper's own distribution would put ~1.4 networks (11.5 %) into rare
// types and leave the count of types among 12 to chance. Quick interval networks are also far less polished than the paper's
// (loss 5·10⁻⁴ vs 2·10⁻⁵) and much of their variety comes from networks whose activity at rest never settles (table below): the
// graph tool assumes the autonomous flow reaches a fixed point or a cycle within its 500-step laces. (The check this replaces,
// "≤ 80 % as many types as networks", failed at seed 0 on an AMD machine with 10 types among 12 networks.) So the coverage claim
// needs **≥ 100 networks** (then a main type of 10 is ≤ 10 % of them); in full mode (400 networks, main = ≥ 10) it asserts that
// main types cover most networks: Wilson 95 % lower bound of the coverage > 50 %. The share of networks whose graph has the type
// of one of the authors' two example graphs is reported in both modes (the paper gives no count for it).

// %%
const minType = byMode({ quick: 2, paper: 3, full: 10 }); // the paper's cut: 2.5 % of the population
const idTypes: any = typePopulation(idPop, { minTypeSize: minType });
const ddTypes: any = typePopulation(ddPop, { minTypeSize: minType });
for (const t of [idTypes, ddTypes]) console.log(t.name + ": " + t.types.length + " types among " + t.graphs.length + " networks (sizes " + t.types.map((x: any) => x.size).join(", ") + "), " + t.mainTypes + " main (≥ " + t.minTypeSize + "), coverage " + pct(t.coverage) +
  ", graph sizes (nodes/edges) " + t.graphs.map((g: any) => g ? g.counts().nodes + "/" + g.counts().edges : "failed").join(" ") + " (" + (t.ms / 1000).toFixed(1) + " s)");
const both = (g: any) => Boolean(g && g.nodes.some((n: any) => n.output === 1) && g.nodes.some((n: any) => n.output === -1));
// Compact graphs of the authors' interval-discrimination example networks (their stored compact_graph of i100, sizes 20 and 30;
// structure and discretised outputs): A = 4 nodes / 6 edges, B = 4 nodes / 7 edges with a first-pulse self-loop on node 0.
const paperA = ReducedGraph.fromJSON({ nodes: [{ id: 0, output: 0 }, { id: 1, output: 1 }, { id: 2, output: -1 }, { id: 3, output: 0 }],
  edges: [{ from: 0, to: 2, type: 2 }, { from: 0, to: 3, type: 4 }, { from: 1, to: 0, type: 0 }, { from: 2, to: 0, type: 0 }, { from: 3, to: 1, type: 2 }, { from: 3, to: 0, type: 0 }] });
const paperB = ReducedGraph.fromJSON({ nodes: [{ id: 0, output: 0 }, { id: 1, output: 0 }, { id: 2, output: 1 }, { id: 3, output: -1 }],
  edges: [{ from: 0, to: 1, type: 0 }, { from: 0, to: 0, type: 4 }, { from: 0, to: 2, type: 2 }, { from: 1, to: 3, type: 2 }, { from: 1, to: 0, type: 4 }, { from: 2, to: 1, type: 0 }, { from: 3, to: 1, type: 0 }] });
const paperType = (g: any) => !g ? "" : g.sameTurnerType(paperA) ? "authors' A" : g.sameTurnerType(paperB) ? "authors' B" : "";
mostNetworks({ claim: "interval discrimination: graphs reach both answers (−1 and +1)", paper: "16/16 stored compact graphs", paperK: 16, paperN: 16, has: idTypes.graphs.map(both) });
mostNetworks({ claim: "delayed discrimination: graphs reach both answers (−1 and +1)", paper: "16/16 stored compact graphs", paperK: 16, paperN: 16, has: ddTypes.graphs.map(both) });
mostNetworks({ claim: "delayed discrimination: graphs have both first-pulse branches (f1 = 4 and 8)", paper: "16/16 stored compact graphs", paperK: 16, paperN: 16,
  has: ddTypes.graphs.map((g: any) => Boolean(g && g.edges.some((e: any) => e.type === 4) && g.edges.some((e: any) => e.type === 8))) });
for (const t of [idTypes, ddTypes]) {
  const built = t.graphs.filter(Boolean).length;
  claims.check({ claim: t.name + ": identical hyperparameters give more than one solution type", paper: t.name === idTypes.name ? "4 main types of 400" : "8 main types of 400",
    ours: t.types.length + " types among " + built + " graphs", value: t.types.length, n: built, minN: 12,
    tolerance: "≥ 2 types; with ≥ 12 graphs a single type has probability < 5 % unless one type holds > 77 % of the population", pass: t.types.length >= 2 });
  const inMain = Math.round(t.coverage * t.graphs.length);
  const cov = wilsonInterval(inMain, Math.max(1, t.graphs.length));
  // paper and full mode compare with the paper's own coverage (spec §5.4: 354/400 and 278/400): the two Wilson intervals overlap
  const paperIn = t.name === idTypes.name ? 354 : 278, wp = wilsonInterval(paperIn, 400);
  const vsPaper = mode !== "quick";
  claims.check({ claim: t.name + ": a handful of main types (≥ " + t.minTypeSize + " networks) cover most networks", paper: t.name === idTypes.name ? "4 main types cover 88.5 % of 400" : "8 main types cover 69.5 % of 400",
    ours: t.mainTypes + " main types cover " + fraction(inMain, t.graphs.length) + " (Wilson 95 % CI " + pct(cov.lo) + "–" + pct(cov.hi) + "); " + t.types.length + " types in all",
    value: t.coverage, n: t.graphs.length, minN: 100,
    tolerance: vsPaper ? "our Wilson 95 % interval overlaps the paper's (" + pct(wp.lo) + "–" + pct(wp.hi) + "); ≥ 100 networks"
      : "Wilson 95 % lower bound of the coverage > 50 % (needs ≥ 100 networks: the paper's main-type cut is 10 of 400)",
    pass: vsPaper ? cov.hi >= wp.lo && cov.lo <= wp.hi : cov.lo > 0.5 });
}
const idPaperN = idTypes.graphs.filter((g: any) => paperType(g) !== "").length;
claims.report({ claim: "interval discrimination: networks with the type of one of the authors' two example graphs", paper: "the authors' i100 graphs of sizes 20 and 30 (no count given)",
  ours: fraction(idPaperN, idTypes.graphs.length), value: idPaperN / idTypes.graphs.length, why: "the paper does not say how many of its 400 networks have these two types, so there is no value to test against" });
reducedGraphPlot(ddTypes.types[0].example, { title: "delayed discrimination type " + ddTypes.types[0].label + " (" + ddTypes.types[0].size + " networks)" })

// %% [markdown]
// Interval discrimination: does each network's activity at rest (zero input from the zero state) reach a fixed point within the
// graph tool's lace horizon (normalised speed below its 5·10⁻⁵ clip within 500 steps)? Graph size, type and the two beyond-range
// accuracies of §3 per network:

// %%
const restRows = idPop.networks.map((n: any, i: number) => {
  const g = idTypes.graphs[i];
  return { network: n.id, "best loss": Number(n.record.bestLoss.toExponential(1)), "rest settles at step": settleStep[i] < 0 ? "never (≤ 500)" : settleStep[i],
    "graph nodes/edges": g ? g.counts().nodes + "/" + g.counts().edges : "failed", type: idTypes.typeOf[i], "authors' type": paperType(g),
    "one beyond": Number(idOne[i].toFixed(3)), "both beyond": Number(idBoth[i].toFixed(3)) };
});
const settledN = restRows.filter((r: any) => typeof r["rest settles at step"] === "number").length;
claims.report({ claim: "interval discrimination: activity at rest settles to a fixed point within the 500-step lace", paper: "assumed by the graph tool (laces clip at a fixed point)",
  ours: fraction(settledN, restRows.length), value: settledN / restRows.length, why: "a property of how far our networks trained, shown to explain the type variety; the paper gives no count" });
table(restRows)

// %%
ddTypes.types.length > 1 ? reducedGraphPlot(ddTypes.types[1].example, { title: "delayed discrimination type " + ddTypes.types[1].label + " (" + ddTypes.types[1].size + " networks)" }) : "only one delayed-discrimination type"

// %%
const idExample = idTypes.types[0];
reducedGraphPlot(idExample.example, { title: "interval discrimination type " + idExample.label + " (" + idExample.size + " networks)" })

// %%
typeHistogram(ddTypes.typeOf, { mainTypeCoverage: ddTypes.coverage, title: "Delayed discrimination: " + ddTypes.types.length + " types, main (≥ " + minType + ") cover " + pct(ddTypes.coverage) })

// %%
typeHistogram(idTypes.typeOf, { mainTypeCoverage: idTypes.coverage, title: "Interval discrimination: " + idTypes.types.length + " types, main (≥ " + minType + ") cover " + pct(idTypes.coverage) })

// %% [markdown]
// ## 5. Full mode and its cost
//
// `RNN_ATLAS_MODE=full` trains the paper's tasks (intervals 10–30, 90-step trials, 420-trial grid; delays 0–19, 60-step trials,
// 1,440 trials), sizes 20/30/40/50 × 100 networks, with `TURNER_RULES` (lr 10⁻³, clip 0.1, restore + lr × 0.7 on blow-ups, up to
// 3000 epochs, failure rule at epoch 2000, behavioural stop, up to 10 retrain rounds) and the Gaussian init above; it is not run in
// CI. The estimate scales the cost per network-epoch measured here by the number of trial-steps per epoch (paper / quick) and by
// the mean size (35 vs 18 units, linear to quadratic), assuming the measured mean epochs per attempt and attempts per kept network.

// %%
function estimate(p: any, stepsRatio: number): string {
  const meanSize = p.sizes.reduce((s: number, x: number) => s + x, 0) / p.sizes.length;
  const attempts = (p.networks.length + p.discarded.length) / Math.max(1, p.networks.length);
  const epochsPerAttempt = p.timings.netEpochs / (p.networks.length + p.discarded.length);
  const ms = p.timings.msPerNetEpoch * stepsRatio * epochsPerAttempt * attempts * 400;
  return p.name + ": " + attempts.toFixed(1) + " attempts per kept network, " + epochsPerAttempt.toFixed(0) + " epochs per attempt → about " +
    (ms * (35 / meanSize) / 3.6e6).toFixed(1) + "–" + (ms * (35 / meanSize) ** 2 / 3.6e6).toFixed(1) + " h for 400 networks";
}
console.log(estimate(idPop, (420 * 90) / (110 * 60)));
console.log(estimate(ddPop, (1440 * 60) / (720 * 50)));
console.log("notebook run time: " + ((Date.now() - t0) / 1000).toFixed(0) + " s (mode " + mode + ")");

// %% [markdown]
// ## 6. Claims
//
// **What this notebook showed.** Networks with identical hyperparameters all solve the discrimination tasks on the training range,
// but extrapolate differently: beyond the trained intervals the quick interval networks lose the comparison (those that settle at
// rest by answering one fixed sign, as the paper's do; the others erratically), and memory of f1 across delays beyond the trained
// ones degrades to a different degree in each network. Their reduced-dynamics graphs split into
// several types — with the same two-branch structure (one per f1) for delayed discrimination; the interval-discrimination graphs
// share types, and the variety beyond the paper's few types comes mostly from quick networks whose activity at rest does not settle.
// The table lists every claim with the paper's value, ours, the tolerance and its status; the cell fails the run if an asserted
// claim is outside its tolerance.

// %%
claims.finish()
