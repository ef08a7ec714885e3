// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # 05 · The space of solutions: features → types, a map, training trajectories, nature vs nurture
//
// Notebook 03 showed that Ready-Set-Go networks trained with identical hyperparameters fall into several **solution types**
// (isomorphism classes of their reduced-dynamics graphs). Here we chart that space, following **Turner, Dabholkar & Barak
// (NeurIPS 2021)** §5.5 and the analyses of E. Turner's thesis talk (spec §5.6):
//
// 1. **Neural features** — eleven hand-crafted geometric features of each network's activity on the *training-range* trials
//    (curvature, speed ratios, angles, a linear-SVM margin, …).
// 2. **Features → types**: a random forest predicts the type from the features; mean Cohen's κ over repeated stratified splits,
//    compared with a label-permutation baseline. The paper reports κ̄ ≈ 0.4–0.6 on 400 networks per setting: activity on the
//    trained trials carries part, not all, of the type.
// 3. **A map of the solution space**: classical MDS of the standardised feature vectors, coloured by type.
// 4. **Training trajectories and bifurcations**: training checkpoints placed into the same map; a *bifurcation* is a change of
//    graph type between consecutive **valid** checkpoints (every trial answered, onset MSE < 2 steps², spec §4), shown together
//    with the jump of the behaviour curve t_p − t_s.
// 5. **Nature vs nurture**: a factorial population (initial weights × training data) tests whether the type follows the
//    initial weights ("only the initial weights matter") or the data.
//
// * E. Turner, K. V. Dabholkar & O. Barak, *Charting and navigating the space of solutions for recurrent neural networks*,
//   NeurIPS 34 (2021), arXiv:2111.09356.
//
// **Quick mode** (default) works on 40 small vanilla networks (N = 16/20) on the shortened RSG of notebook 03 (t_s ∈ [10, 25]) —
// the population notebook 03 caches plus a second one of the same kind — so every number below has wide, stated tolerances.
// Every check is a population claim asserted with a tolerance derived from its sample (permutation p-values with enough
// permutations for the level claimed, binomial tests, minimum sample sizes below which a claim is reported), every seed goes
// through `seriesSeed`, and the notebook ends with the claims table.
// **Paper mode** (`RNN_ATLAS_MODE=paper`) uses notebook 03's paper-mode population (100 vanilla networks on the paper's task, sizes
// 20/30/40/50, the paper-equivalent rules; its executed copy is in the gallery) and the full-mode design sizes below; **full mode**
// (`RNN_ATLAS_MODE=full`) uses the paper's 400 networks (§7).

// %%
import {
  runMode, byMode, populationPreset, populationCacheDir, trainSolutionPopulation, typePopulation, classifyGraphs, solutionTask,
  graphOptionsFor, checkpointValidity, buildReducedGraph, neuralFeatures, predictTypes, solutionMap, detectBifurcations,
  rsgBehaviourCurve, matchTypes, trainNatureNurture, natureNurture, typeHistogram, FEATURE_NAMES_11,
  Claims, seriesSeed, permutationsFor, permutationPValue, shuffled, binomialUpperTail, fraction, table, Rng,
} from "rnn-atlas";

const claims = new Claims("05_solution_space");
const t0 = Date.now();
const mode = runMode();
console.log("run mode:", mode);

// %% [markdown]
// ## 1. The population and its types
//
// Quick mode loads the vanilla population of notebook 03 from its cache (`out/populations/rsg-vanilla-quick/`, trained there with
// the paper's rules and the discard/retrain loop; trained here if missing) and adds a second population of the same kind with
// another seed (cached as `rsg-vanilla-05b`), for 40 networks. Both are typed together by the authors' isomorphism rule on the
// reduced-dynamics graphs (spec §5.3 H).

// %%
const optsA = populationPreset("rsg-vanilla");
const popA = await trainSolutionPopulation({ ...optsA, seed: seriesSeed(optsA.seed), reporter: "notebook" }); // as notebook 03: same cache
const pops = [popA];
if (mode === "quick") {
  pops.push(await trainSolutionPopulation({ ...optsA, name: "rsg-vanilla-05b", seed: seriesSeed(2022), outDir: populationCacheDir("rsg-vanilla-05b"), reporter: "notebook" }));
}
for (const p of pops) console.log(p.name + ": " + p.networks.length + " networks (" + p.source + "), " + (p.timings.trainMs / 1000).toFixed(0) + " s of training");
const nets = pops.flatMap((p) => p.networks);
const ids = pops.flatMap((p, k) => p.networks.map((n) => (pops.length > 1 ? "ABCD"[k] + "-" : "") + n.id));
const typed = pops.map((p) => typePopulation(p, { reporter: "none" }));
const types = classifyGraphs(typed.flatMap((t) => t.graphs), ids, { task: "rsg", minTypeSize: byMode({ quick: 5, paper: 3, full: 10 }) });
const typeOf = types.typeOf;
console.log("types (" + types.types.length + "): " + JSON.stringify(types.counts));
typeHistogram(types.counts, { mainTypeCoverage: types.coverage, title: "Solution types of " + nets.length + " vanilla RSG networks" })

// %% [markdown]
// ## 2. Neural features (§5.5)
//
// Computed on the validation trials (one per trained t_s) of the final network. **epoch 1** = the Ready–Set wait of the longest t_s
// (from 10 steps after Ready); **epoch 2** = the Set–Go segments of t_s = lowTs+2, lowTs+4, … (from 5 steps after Set). Speed = mean
// RMS one-step change of the state.
//
// | feature | definition |
// |---|---|
// | `angle`, `corr` | angle (°) and Pearson r between the epoch-1 displacement and the last epoch-2 displacement |
// | `aspect_ratio` | path length through the epoch-2 end points / path length of the last epoch-2 segment |
// | `curvature_max`, `curvature_min` | max/min log₁₀ curvature of epoch 1 in its top-2 PC plane |
// | `epoch1_speed_ratio` | speed of the last 5 / first 5 steps of epoch 1 |
// | `first_pc` | PC1 share of the variance of all states |
// | `speed_ratio` | speed(epoch 1) / speed(last epoch 2) |
// | `speed_vs_length` | slope of the normalised epoch-2 path lengths against linspace(0, 1) |
// | `svm_margin` | margin 2/‖w‖ of a linear SVM (C = 100, standardised states) separating epoch 1 from all epoch 2 states; 0 if not separable |
// | `speed_end` | speed over the last 3 steps of the first validation trial |
//
// The extractor reproduces the authors' stored feature rows for all 25 of their RSG networks in the reference fixtures (vanilla,
// GRU, LSTM; relative differences ≤ 10⁻³, SVM margins within 1 %; `test/solutions/features.test.ts`).

// %%
const task = solutionTask("rsg", popA.taskOptions);
const tf = Date.now();
const F = nets.map((n) => neuralFeatures(n.model, task));
console.log("features of " + F.length + " networks in " + ((Date.now() - tf) / 1000).toFixed(1) + " s");
// a prerequisite, not a claim: the extractor must give a number for every feature of every network
const bad = F.flatMap((f, i) => f.values.some((v) => !Number.isFinite(v)) ? [ids[i]] : []);
if (bad.length) throw new Error("neural features are not finite for " + bad.join(", ") + ": the feature extractor failed on these networks");
console.log("all " + F.length * 11 + " feature values are finite");
table(F.slice(0, 8).map((f, i) => ({ network: ids[i], type: typeOf[i], ...Object.fromEntries(FEATURE_NAMES_11.map((n) => [n, Number(f.get(n).toPrecision(3))])) })))

// %% [markdown]
// ## 3. Do the features predict the type?
//
// As in the paper: keep types with enough members, standardise, repeat a stratified train/test split, fit a random forest
// (100 trees, √p features per split), and average Cohen's κ over the splits; the confusion matrix is row-normalised per split and
// averaged. A **permutation baseline** repeats everything with shuffled types to give the κ̄ expected by chance.
//
// Quick mode has 40 networks, so it keeps types with ≥ 5 members (paper: ≥ 10 of 400) and tests on 25 % per split (paper: 10 %)
// so each test set holds every kept type.
//
// **Claim** (paper: features predict the type above chance, κ̄ = 0.38 for vanilla RSG, 0.38–0.59 across settings): κ̄ beats the
// label-permutation baseline. Tolerance: one-sided permutation p < 0.05, with `permutationsFor(0.05)` = 100 permutations (the
// smallest reachable p is 1/101, and the test has room for 4 null exceedances below the level; 30 permutations could never go
// below p = 0.032). Asserted when at least 2 types with ≥ 5 members and ≥ 20 networks are kept (below that a split cannot hold
// every type in both halves; reported otherwise). The value of κ̄ is reported next to the paper's, not asserted: on 30-odd
// networks it varies by ± 0.15 between splits.

// %%
const pred = predictTypes(F.map((f) => f.values), typeOf, {
  minClassSize: byMode({ quick: 5, paper: 5, full: 10 }), testFraction: byMode({ quick: 0.25, paper: 0.1, full: 0.1 }), splits: 50,
  permutations: permutationsFor(0.05), permutationSplits: byMode({ quick: 5, paper: 10, full: 10 }), seed: seriesSeed(5), featureNames: FEATURE_NAMES_11,
});
console.log(String(pred));
const predictable = pred.classes.length >= 2 && pred.used >= 20;
claims.check({ claim: "neural features predict the solution type above chance", paper: "κ̄ above the permutation baseline (κ̄ = 0.38, vanilla RSG)",
  ours: "κ̄ = " + pred.meanKappa.toFixed(2) + " ± " + pred.sdKappa.toFixed(2) + " vs chance " + pred.nullMeanKappa.toFixed(2) + ", p = " + pred.pValue.toPrecision(2) +
    " (" + pred.classes.length + " types, " + pred.used + " networks)",
  tolerance: "permutation p < 0.05 with " + pred.nullKappas.length + " permutations; ≥ 2 types of ≥ 5 and ≥ 20 networks",
  pass: pred.pValue < 0.05, value: pred.pValue, n: predictable ? pred.used : 0, minN: 20 });
claims.report({ claim: "κ̄ of features → type", paper: "0.38 (vanilla RSG; 0.38–0.59 across settings)", ours: pred.meanKappa.toFixed(2) + " ± " + pred.sdKappa.toFixed(2) + " (SD over splits)",
  why: mode === "quick" ? "the value itself varies by ± 0.15 between splits on 30-odd networks; only its excess over chance is asserted"
    : "no sampling interval over networks for κ̄ without a bootstrap of the whole prediction (resampling networks, ~100× its cost); only its excess over chance is asserted",
  value: pred.meanKappa });
pred

// %% [markdown]
// ## 4. A map of the solution space, with training trajectories
//
// **Embedding.** Each network is its standardised feature vector (the representation §5.5 shows to carry type information, and the
// only one available for every checkpoint without a pairwise graph distance); classical MDS of the Euclidean distances gives 2-D
// coordinates. **Checkpoints** are placed with the out-of-sample formula of classical MDS (Gower 1968 / landmark MDS): the final
// networks stay fixed and a checkpoint gets the coordinates that best reproduce its distances to them (features standardised with
// the final population's mean and SD). Each trajectory is drawn through its **valid** checkpoints in training order and ends at its
// network; red diamonds mark bifurcations (next section).
//
// For every trajectory network and every checkpoint saved during its training (every 10 improvements of the best loss, as the
// authors did): the §4 validity filter, then the reduced graph → type (matched to the population's types, unseen graphs get
// `new-k`), the behaviour curve t_p − t_s over the validation trials, and the features.
//
// **Claim** (thesis talk: solutions of RSG cluster into discrete sets): networks of one type lie closer together in the map than
// networks of different types. Ours: mean within-type / between-type map distance. Tolerance: permutation test against the same
// ratio with shuffled type labels, p < 0.05 with `permutationsFor(0.05)` permutations; asserted with ≥ 2 types of ≥ 2 networks.

// %%
const known = types.types.map((t) => ({ label: t.label, example: t.example }));
const gopts = graphOptionsFor(popA);
const trajNets = popA.networks.slice(0, byMode({ quick: 10, paper: 40, full: 40 }));
const bifs: any[] = [];
const trajectories: any[] = [];
const tt = Date.now();
for (const net of trajNets) {
  const states: any[] = [];
  const cps: any[] = [];
  for (const c of net.checkpoints) {
    if (!checkpointValidity(c.model, "rsg", popA.taskOptions).valid) { states.push({ epoch: c.epoch, type: "", valid: false, curve: [] }); continue; }
    let g = null;
    try { g = buildReducedGraph(c.model, "rsg", gopts); } catch (e) { g = null; }
    const type = matchTypes([g], known)[0];
    states.push({ epoch: c.epoch, type: type, valid: true, curve: rsgBehaviourCurve(c.model, task) });
    cps.push({ epoch: c.epoch, type: type, features: neuralFeatures(c.model, task).values });
  }
  const b = detectBifurcations(states);
  const at = new Set(b.events.map((e) => e.toEpoch));
  bifs.push({ id: net.id, b: b, final: typeOf[nets.indexOf(net)] });
  trajectories.push({ id: ids[nets.indexOf(net)], finalEpoch: net.record.epochs, checkpoints: cps.map((c) => ({ ...c, bifurcation: at.has(c.epoch) })) });
}
console.log("checkpoints of " + trajNets.length + " networks analysed in " + ((Date.now() - tt) / 1000).toFixed(1) + " s");
const map = solutionMap(nets.map((n, i) => ({ id: ids[i], type: typeOf[i], features: F[i].values })), { trajectories: trajectories, featureNames: FEATURE_NAMES_11 });
console.log(String(map));
const sep = map.typeSeparation();
const labels = map.points.map((p) => p.type);
const sepRng = new Rng(seriesSeed(55));
const sepNull = Array.from({ length: permutationsFor(0.05) }, () => map.typeSeparation(shuffled(labels, sepRng)));
const sepP = permutationPValue(-sep, sepNull.map((v) => -v)); // smaller ratio = more separated
const repeated = types.types.filter((t) => t.size >= 2).length;
claims.check({ claim: "types occupy separate regions of the solution map", paper: "solutions cluster into discrete sets (thesis talk; no number)",
  ours: "within/between distance " + sep.toFixed(2) + " vs shuffled " + (sepNull.reduce((a, b) => a + b, 0) / sepNull.length).toFixed(2) + ", p = " + sepP.toPrecision(2),
  tolerance: "permutation p < 0.05 with " + sepNull.length + " label shuffles; ≥ 2 types of ≥ 2 networks", pass: sepP < 0.05, value: sepP,
  n: repeated >= 2 ? nets.length : 0, minN: 10 });
map

// %% [markdown]
// ## 5. Bifurcations during training
//
// Along each trajectory, a **bifurcation** is a change of graph type between consecutive valid checkpoints; its behaviour jump is
// the RMS change of the t_p − t_s curve across that step, called large when it exceeds 3× the median step change of that run (and
// 0.5 steps). The thesis talk's claim is that parameter updates often act as bifurcations that change topology and behaviour
// abruptly. Quick mode keeps few valid checkpoints per network (checkpoints come every 10 loss improvements and most early ones
// are not yet valid), so we only count events and check that they exist.
//
// **Claims.**
//
// (a) *Training passes through bifurcations* (thesis talk: parameter updates often change the topology; no rate given). An
// existence claim: at least one change of type among the trajectories, asserted once ≥ 5 networks have ≥ 2 valid checkpoints
// (fewer cannot show a change; reported then). The rate is shown, not asserted: the talk gives none to compare with.
//
// (b) *A trajectory ends in its network's basin*: the last valid checkpoint has the final network's type more often than chance.
// Chance is the probability that two networks drawn from the population share a type (Σ p_t² over the type shares). Tolerance:
// one-sided binomial test p < 0.05 against that chance rate; asserted with ≥ 5 networks with valid checkpoints.

// %%
const rows = bifs.map((r) => ({
  network: r.id,
  checkpoints: r.b.total,
  valid: r.b.valid.length,
  "type sequence": r.b.valid.map((v: any) => v.type).join(" → "),
  final: r.final,
  bifurcations: r.b.events.map((e: any) => e.fromType + "→" + e.toType + " @" + e.toEpoch + " (Δcurve " + e.curveJump.toFixed(1) + (e.behaviourJump ? ", jump" : "") + ")").join("; "),
}));
const withValid = bifs.filter((r) => r.b.valid.length > 0);
const agree = withValid.filter((r) => r.b.valid[r.b.valid.length - 1].type === r.final).length;
const events = bifs.flatMap((r) => r.b.events);
const jumps = events.filter((e: any) => e.behaviourJump).length;
console.log(events.length + " bifurcations in " + bifs.length + " trajectories; " + jumps + " of them with a large behaviour jump");
const canChange = bifs.filter((r) => r.b.valid.length >= 2).length;
const changed = bifs.filter((r) => r.b.events.length > 0).length;
claims.check({ claim: "training passes through changes of solution type (bifurcations)", paper: "parameter updates often act as bifurcations (thesis talk; no rate)",
  ours: events.length + " bifurcations; " + fraction(changed, canChange) + " networks with ≥ 2 valid checkpoints change type",
  tolerance: "≥ 1 bifurcation (existence); ≥ 5 networks with ≥ 2 valid checkpoints", pass: events.length >= 1, value: changed,
  n: canChange, minN: 5 });
const chance = types.types.reduce((s, t) => s + (t.size / nets.length) ** 2, 0);
const pAgree = withValid.length ? binomialUpperTail(agree, withValid.length, chance) : 1;
claims.check({ claim: "the last valid checkpoint already has its network's final type", paper: "trajectories end in the final solution's basin (thesis talk)",
  ours: fraction(agree, withValid.length) + " vs chance " + (100 * chance).toFixed(0) + " %, binomial p = " + pAgree.toPrecision(2),
  tolerance: "one-sided binomial p < 0.05 against the chance of two networks sharing a type; ≥ 5 networks", pass: pAgree < 0.05, value: agree / Math.max(1, withValid.length),
  n: withValid.length, minN: 5 });
table(rows)

// %% [markdown]
// ## 6. Nature vs nurture
//
// A factorial population: K initial weight sets × L training sets (each a fixed 128-trial set in a fixed order), every combination
// trained once with the same rules (`trainNatureNurture`: one `trainPopulation` call per data set with `sameData`, started from the
// same stacked initial weights). Networks sharing an init differ only in their data ("same init, different data/order"); networks
// sharing a data set differ only in their init ("different init, same data"). Types are assigned by matching the graphs to the
// population's types. We tabulate type × init and type × data and compute the mutual information I(type; group) with a
// permutation test (2000 shuffles of the group labels) and the Miller–Madow bias correction.
//
// "Only the initial weights matter" predicts I(type; init) ≈ H(type) and I(type; data) ≈ 0. Quick mode's 5 × 5 design has little
// power (25 networks per table): when we tried it (seeds 11 and 12) I(type; init) ≥ I(type; data) held both times but was
// significant only for seed 12 (p = 0.0005 vs 0.11 for seed 11, the base seed here at RNN_ATLAS_SEED=0), and an earlier 4 × 5 design gave the
// opposite direction. A claim that flips with the seed is not a result, so **quick mode reports the two mutual informations and
// their p-values without asserting a direction**; it only checks that the factorial design is complete (every init × data pair
// trained once) so that the two tables are comparable. **Paper and full mode** (10 × 10) assert the paper's claim: I(type; init) > I(type; data)
// with a permutation p-value for the init table below 0.05.

// %%
const nn = await trainNatureNurture({ task: "rsg", taskOptions: popA.taskOptions, hiddenSize: 16, inits: byMode({ quick: 5, paper: 10, full: 10 }),
  datasets: byMode({ quick: 5, paper: 10, full: 10 }), seed: seriesSeed(11), rules: optsA.rules, reporter: "notebook" });
console.log("trained " + nn.models.length + " networks in " + (nn.ms / 1000).toFixed(0) + " s; solved: " + nn.accuracy.filter((a) => a === 1).length);
const nnGraphs = nn.models.map((m) => { try { return buildReducedGraph(m, "rsg", gopts); } catch (e) { return null; } });
const nnTypes = matchTypes(nnGraphs, known).map((t, i) => (nn.accuracy[i] === 1 ? t : "unsolved"));
const nature = natureNurture({ types: nnTypes, init: nn.init, data: nn.data }, { permutations: 2000, seed: seriesSeed(3) });
console.log(String(nature));
const pairs = new Set(nn.init.map((a, i) => a + "/" + nn.data[i]));
const design = byMode({ quick: 25, paper: 100, full: 100 });
claims.check({ claim: "the nature-vs-nurture design is complete (every init × data pair trained once)", paper: "same init/different data vs different init/same data",
  ours: pairs.size + " distinct pairs among " + nn.models.length + " networks", tolerance: "all " + design + " pairs (definition of the design)",
  pass: pairs.size === nn.models.length && nn.models.length === design, value: pairs.size });
const nnLine = "I(type; init) = " + nature.byInit.mi.toFixed(2) + " bits (p = " + nature.byInit.pValue.toPrecision(2) + ") vs I(type; data) = " +
  nature.byData.mi.toFixed(2) + " bits (p = " + nature.byData.pValue.toPrecision(2) + ")";
const nnClaim = { claim: "the solution type follows the initial weights, not the data", paper: "only the initial weights matter (thesis talk)", ours: nnLine };
if (mode !== "quick") {
  claims.check({ ...nnClaim, tolerance: "I(type; init) > I(type; data) and permutation p(init) < 0.05 (2000 shuffles)",
    pass: nature.byInit.mi > nature.byData.mi && nature.byInit.pValue < 0.05, value: nature.byInit.pValue });
} else {
  claims.report({ ...nnClaim, why: "a 5 × 5 design flips direction with the seed (see text); asserted in paper and full mode (10 × 10)", value: nature.byInit.pValue });
}
nature

// %% [markdown]
// ## 7. Full mode
//
// `RNN_ATLAS_MODE=full` uses the paper-scale population of notebook 03 (sizes 20/30/40/50 × 100 networks, the 150-step task,
// checkpoints every 10 improvements), types with ≥ 10 members, 90/10 splits and 100 permutations, trajectories of 40 networks and a
// 10 × 10 nature-vs-nurture design. Its cost is dominated by training the population (hours; see notebook 03 §7). On the authors'
// own stored features our type prediction gives κ̄ = 0.35 (vanilla RSG), 0.61 (GRU), 0.50 (LSTM), 0.43 (interval discrimination),
// 0.42 (delayed discrimination) against 0.38 / 0.59 / 0.50 / 0.44 / 0.45 from a rerun of their script
// (`test/solutions/typePrediction.test.ts`).

// %%
console.log("notebook run time: " + ((Date.now() - t0) / 1000).toFixed(0) + " s (mode " + mode + ")");

// %% [markdown]
// ## Claims
//
// Every claim above with the paper's value, ours, the tolerance and its status (pass / fail asserted; *reported* = shown, not
// asserted at this sample size or scale, with the reason).

// %%
claims.finish()
