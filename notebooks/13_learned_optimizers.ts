// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # 13 · Reverse engineering a learned optimizer
//
// **Maheswaranathan, Sussillo, Metz, Sun & Sohl-Dickstein (2021)** meta-train optimizers that are themselves RNNs and take them apart
// with the tools of this series: fixed points, linearisations, and responses to controlled inputs. The optimizers they trained had
// learned four known mechanisms: **momentum** (a stable fixed point of the optimizer's state under zero gradient whose linearisation has
// an eigenvalue that plays the role of the momentum β), **gradient clipping** (the update saturates as the gradient grows),
// **learning-rate schedules** (the effective learning rate changes over a run, driven by the state's own dynamics), and
// **learning-rate adaptation** (the effective learning rate depends on the recent gradient scale).
//
// * N. Maheswaranathan, D. Sussillo, L. Metz, R. Sun & J. Sohl-Dickstein, *Reverse engineering learned optimizers reveals known and
//   novel mechanisms*, NeurIPS 2021 (arXiv 2011.02159).
//
// **The paper's** are the mechanisms and the analyses (update-vs-gradient curves, zero-gradient fixed points and their eigenvalues,
// effective learning rates over a run and against the gradient scale) and the comparison with tuned momentum and Adam. **Our choices**
// (the paper's tasks — linear regression, Rosenbrock, a two-moons MLP, an MNIST CNN — and its larger optimizers do not fit a quick
// notebook): a **coordinate-wise GRU with 16 units** shared by all parameters, input the gradient g (no other features), update
// Δx = 0.1·(wᵀh + b); a problem family of random **2-D quadratics** (scale 0.2–2, condition number 1–20) and **logistic regression** on
// 32 synthetic points in 3-D (`src/experiments/optimizeeProblems.ts`); runs of 40 steps; meta-objective the mean over the run of
// L(x<sub>t</sub>)/L(x<sub>0</sub>) (each problem relative to its start, so problems of different scale weigh alike), meta-trained with truncated unrolls of 10 steps, 8 problems per meta-batch, Adam (lr 0.003, clip 1). The
// meta-gradient is exact through the unroll, Hessian path included, in hand-written float64 reverse mode (`src/experiments/
// learnedOptimizerTraining.ts`: 76–140× faster than TF.js at this size, measured in `bench/learnedOptimizerEngine.ts`; checked against
// finite differences in `test/learnedOptimizer`). No tiny-MLP problem: its Hessian-vector product is left for later.
//
// *Another objective we measured and did not keep:* the mean of log(L<sub>t</sub>/L<sub>0</sub> + 10<sup>−12</sup>) (`objective: "log"`, baselines tuned for it too,
// 8000 meta-iterations), over seeds 0–2: final-loss wins against tuned momentum rise to 19, 34, 23 of 64 and β<sub>eff</sub> lands inside tuned
// momentum's indistinguishable range at all three seeds (tuned β 0.2–0.4), but the run-objective win over momentum drops to 33/64 at seed 0
// and seed 1's leading eigenvalue is a complex pair (0.50 ± 0.12i): less robust at quick scale, so the notebook uses the ratio.
//
// Steps: (1) meta-train; (2) compare with tuned momentum and Adam on held-out problems; (3) momentum: fixed points and eigenvalues, and
// the learned β against tuned momentum's; (4) clipping; (5) schedule; (6) adaptation. Every claim is in the table at the end.

// %%
import {
  runMode, byMode, seriesSeed, display, lineChart, table,
  trainLearnedOptimizer, sampleOptimizees, runLearnedOptimizer, runBaseline, runObjective, tuneBaseline,
  optimizerFixedPoints, impulseResponse, optimizerStep, optimizerParams64, updateVsGradient, lrScheduleOnRun, lrScheduleZeroGradient, lrAdaptation,
  updateCurvePlot, optimizerEigenvaluePlot, lrSchedulePlot, lrAdaptationPlot,
} from "rnn-atlas";
import { Claims, wilsonInterval, median, quantile, pct, fraction } from "rnn-atlas";

const claims = new Claims("13_learned_optimizers");
const t0 = Date.now();
console.log("run mode:", runMode(), "(RNN_ATLAS_MODE=full for longer meta-training and more test problems) · seed offset", seriesSeed(0));

// %% [markdown]
// ## 1. Meta-training
//
// 4000 meta-iterations in quick mode (20 000 in full); each advances 8 workers by one 10-step truncation of their 40-step runs
// (a worker that finishes a run starts a new problem). The curve is the meta-batch's mean meta-loss, averaged over 100 iterations.

// %%
const H = 16, K = 40;
const tr = trainLearnedOptimizer({ hidden: H, seed: seriesSeed(1), iterations: byMode({ quick: 4000, full: 20000 }), runSteps: K, truncation: 10, workers: 8, historyEvery: 100 });
const opt = tr.optimizer;
console.log(`meta-trained in ${tr.seconds.toFixed(1)} s; meta-loss ${tr.history[0]!.metaLoss.toFixed(3)} → ${tr.history.at(-1)!.metaLoss.toFixed(3)}`);
lineChart(tr.history, { x: "iteration", y: "metaLoss", title: "Meta-loss during meta-training (mean L_t/L_0 over a truncation)", xLabel: "meta-iteration", yLabel: "meta-loss" })

// %% [markdown]
// ## 2. Against tuned momentum and Adam
//
// Both baselines are tuned by grid search on 64 **tuning** problems (not the held-out ones) for the meta-objective: learning rate
// 10<sup>−2</sup>…10 in quarter decades, and for momentum (heavy ball, v ← βv + g, Δx = −αv) β ∈ {0, 0.1, …, 0.9, 0.95}; Adam keeps
// β₁ = 0.9, β₂ = 0.999. Then all three run 40 steps on 64 **held-out** problems (half quadratics, half logistic regression).
// **Claims:** the learned optimizer beats each tuned baseline on most held-out problems, paired per problem, on the meta-objective (the
// quantity all three were fitted to) and on the final loss L(x<sub>40</sub>): Wilson 95 % lower bound of the fraction of wins > 50 %.

// %%
const nTest = byMode({ quick: 64, full: 256 });
const tuneSet = sampleOptimizees({ count: 64, seed: seriesSeed(20) });
const heldOut = sampleOptimizees({ count: nTest, seed: seriesSeed(21) });
const lrs = Array.from({ length: 13 }, (_, i) => 10 ** (-2 + i * 0.25));
const betas = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
const momT = tuneBaseline("momentum", { lrs, betas }, tuneSet, K);
const adamT = tuneBaseline("adam", { lrs }, tuneSet, K);
const mom = momT.best as { kind: "momentum"; lr: number; beta: number };
console.log(`tuned momentum: lr ${mom.lr.toPrecision(3)}, β ${mom.beta}; tuned Adam: lr ${adamT.best.lr.toPrecision(3)}`);
const runs = heldOut.map((p) => ({ kind: p.kind, learned: runLearnedOptimizer(opt, p, K).losses, momentum: runBaseline(mom, p, K), adam: runBaseline(adamT.best, p, K) }));
const obj = (l: Float64Array) => runObjective(l);
const names = ["momentum", "adam"] as const;
const rows = [];
for (const b of names) {
  const winsObj = runs.filter((r) => obj(r.learned) < obj(r[b])).length;
  const winsFin = runs.filter((r) => r.learned[K]! < r[b][K]!).length;
  rows.push({ baseline: b, winsObj, winsFin });
}
display(table(["learned", ...names].map((o) => ({
  optimizer: o,
  "mean objective": +(runs.reduce((s, r) => s + obj((r as any)[o]), 0) / runs.length).toFixed(4),
  "median log10 L_40/L_0, quadratic": +median(runs.filter((r) => r.kind === "quadratic").map((r) => Math.log10((r as any)[o][K] / (r as any)[o][0]))).toFixed(2),
  "median log10 L_40/L_0, logistic": +median(runs.filter((r) => r.kind === "logistic").map((r) => Math.log10((r as any)[o][K] / (r as any)[o][0]))).toFixed(2),
}))));
const curveRows = ["learned", ...names].flatMap((o) => Array.from({ length: K + 1 }, (_, t) => ({ step: t, loss: median(runs.map((r) => (r as any)[o][t] / (r as any)[o][0])), optimizer: o })));
lineChart(curveRows, { x: "step", y: "loss", series: "optimizer", yScale: "log", title: `Median L_t/L_0 over ${nTest} held-out problems`, xLabel: "step", yLabel: "L_t / L_0" })

// %% [markdown]
// A measured reason if the final-loss claim fails: at the zero-gradient fixed point h* (found in §3; computed here) the update with g = 0
// is Δx₀ = η(wᵀh* + b), a constant step that does not vanish at the minimum, so x cannot settle closer than that step allows.

// %%
const fp = optimizerFixedPoints(opt, { seed: seriesSeed(31) });
const drift = fp.state ? Math.abs(optimizerStep(opt, optimizerParams64(opt), fp.state, 0, new Float64Array(H))) : NaN;
const medFinal = (o: "learned" | "momentum", kind: string) => median(runs.filter((r) => r.kind === kind).map((r) => r[o][K]!));
console.log(`update at h* with zero gradient: |Δx₀| = ${drift.toExponential(2)}; median final loss on quadratics: learned ${medFinal("learned", "quadratic").toExponential(2)}, momentum ${medFinal("momentum", "quadratic").toExponential(2)}`);
// The learned optimizer's median final-loss ratio relative to tuned momentum's, per kind (used in the reasons below).
const finRatio = (kind: string) => median(runs.filter((r) => r.kind === kind).map((r) => Math.log10(r.learned[K]! / r.momentum[K]!)));
for (const { baseline, winsObj, winsFin } of rows) {
  const ci = wilsonInterval(winsObj, nTest), cf = wilsonInterval(winsFin, nTest);
  claims.check({ claim: `learned optimizer beats tuned ${baseline} on the run objective`, paper: "learned optimizers outperform tuned baselines on their task family",
    ours: `${fraction(winsObj, nTest)} held-out problems (95 % CI ${pct(ci.lo)}–${pct(ci.hi)})`, tolerance: "Wilson 95 % lower bound > 50 % (paired per problem)",
    pass: ci.lo > 0.5, value: winsObj / nTest, n: nTest, minN: 50 });
  claims.check({ claim: `learned optimizer beats tuned ${baseline} on the final loss L(x_40)`, paper: "learned optimizers outperform tuned baselines",
    ours: `${fraction(winsFin, nTest)} (95 % CI ${pct(cf.lo)}–${pct(cf.hi)})`, tolerance: "Wilson 95 % lower bound > 50 % (paired per problem)",
    pass: cf.lo > 0.5, value: winsFin / nTest, n: nTest, minN: 50,
    notReproducedBecause: cf.lo > 0.5 ? undefined : `it was meta-trained (and the baselines tuned) for the mean loss over the run, not the last step: it wins that objective on ${fraction(winsObj, nTest)} problems but ends higher, median log10 of its final loss over ${baseline}'s ${finRatio("quadratic").toFixed(2)} on quadratics and ${finRatio("logistic").toFixed(2)} on logistic regression: with zero gradient it still steps |Δx₀| = ${drift.toExponential(1)} per coordinate, a floor heavy ball does not have (its median final loss on quadratics ${medFinal("momentum", "quadratic").toExponential(1)} vs ${medFinal("learned", "quadratic").toExponential(1)})` });
}

// %% [markdown]
// ## 3. Momentum: the zero-gradient fixed point and its eigenvalues
//
// With g = 0 the optimizer's state h evolves autonomously. The library's fixed-point search (`findFixedPointsDetailed`, input 0, 64
// starts from N(0, 0.5²), seed `seriesSeed(31)`) finds where it settles; the Jacobian's eigenvalues there say how a gradient impulse
// decays. **Claim (the paper's momentum):** there is a stable fixed point and its leading eigenvalue λ₁ is real and in (0, 1) — a
// heavy-ball memory of past gradients with β = λ₁ (the check is exact; no sampling). Next to it the optimizer's linear **impulse
// response** r<sub>k</sub> (update per unit gradient k steps earlier) and β<sub>eff</sub> = D/(1 + D) from its mean delay D (our summary: for heavy ball
// it is exactly β; a GRU mixes several modes, so it can sit below λ₁).

// %%
const nStable = Array.from({ length: fp.points.count }, (_, k) => Math.hypot(fp.points.eigRe![k * H]!, fp.points.eigIm![k * H]!) < 1).filter(Boolean).length;
console.log(`${fp.points.count} unique points (q ≤ ${Math.max(...Array.from(fp.points.q)).toExponential(1)}), ${nStable} stable; λ1 = ${fp.leading.re.toFixed(3)}${Math.abs(fp.leading.im) > 1e-9 ? ` ± ${Math.abs(fp.leading.im).toFixed(3)}i` : ""}, |λ2| = ${Math.hypot(fp.eigRe[1] ?? NaN, fp.eigIm[1] ?? NaN).toFixed(3)}`);
const ir = fp.state ? impulseResponse(opt, fp.state, 200) : null;
const lamReal = fp.main >= 0 && Math.abs(fp.leading.im) < 1e-9;
claims.check({ claim: "a stable zero-gradient fixed point with a real leading eigenvalue in (0, 1)", paper: "momentum: the slowest mode's eigenvalue is the momentum β",
  ours: fp.main >= 0 ? `λ1 = ${fp.leading.re.toFixed(3)}${lamReal ? "" : ` ± ${Math.abs(fp.leading.im).toFixed(3)}i`} (${nStable} stable point${nStable === 1 ? "" : "s"}); β_eff ${ir!.betaEff.toFixed(3)}` : "no stable point",
  tolerance: "exact (deterministic given the trained optimizer)", pass: lamReal && fp.leading.re > 0 && fp.leading.re < 1, value: fp.leading.re });
display(optimizerEigenvaluePlot(fp));
if (ir) {
  const r0 = ir.response[0]!;
  const irRows = Array.from({ length: 20 }, (_, k) => [
    { lag: k, response: ir.response[k]! / r0, curve: "learned optimizer (linearised)" },
    { lag: k, response: fp.leading.re ** k, curve: `λ1^k, λ1 = ${fp.leading.re.toFixed(2)}` },
    { lag: k, response: mom.beta ** k, curve: `tuned momentum β^k, β = ${mom.beta}` },
  ]).flat();
  await display(lineChart(irRows, { x: "lag", y: "response", series: "curve", title: "Impulse response: update k steps after a unit gradient (normalised)", xLabel: "k", yLabel: "r_k / r_0" }));
}

// %% [markdown]
// **The learned β against tuned momentum's** (reported; see the claim's note). How precisely the grid search pins β down follows from the tuning sample: for each
// β (at its best learning rate) we take the per-problem difference of the objective from the tuned optimum over the 64 tuning problems;
// the β's whose mean difference is within 2 standard errors are indistinguishable from the best. β<sub>eff</sub> must lie in that set's range,
// widened by half a grid step (0.05), is the tolerance we would assert.

// %%
const perBeta = betas.map((beta) => {
  let best: { m: number; v: number[] } | null = null;
  for (const lr of lrs) {
    const v = tuneSet.map((p) => runObjective(runBaseline({ kind: "momentum", lr, beta }, p, K)));
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    if (!best || m < best.m) best = { m, v };
  }
  return { beta, ...best! };
});
const bestB = perBeta.reduce((a, b) => (b.m < a.m ? b : a));
const same = perBeta.filter((r) => {
  const d = r.v.map((x, k) => x - bestB.v[k]!);
  const md = d.reduce((s, x) => s + x, 0) / d.length;
  const se = Math.sqrt(d.reduce((s, x) => s + (x - md) ** 2, 0) / (d.length - 1) / d.length);
  return md <= 2 * se;
}).map((r) => r.beta);
const bLo = Math.min(...same) - 0.05, bHi = Math.max(...same) + 0.05;
const betaEff = ir ? ir.betaEff : NaN;
const nearest = perBeta.reduce((a, b) => (Math.abs(b.beta - betaEff) < Math.abs(a.beta - betaEff) ? b : a));
console.log(`β indistinguishable from the tuned optimum: ${same.join(", ")}; β_eff ${betaEff.toFixed(3)}, λ1 ${fp.leading.re.toFixed(3)}`);
// Measured in the seed sweep (seeds 0–2): β_eff 0.68, 0.61, 0.64 against tuned β 0.5 every time; inside the indistinguishable range
// at 1 seed of 3, above it at the other two. Not reliable at quick scale either way, so reported, not asserted.
claims.report({ claim: "the learned optimizer's β matches tuned momentum's", paper: "the eigenvalue's timescale matches the momentum a tuned baseline uses",
  ours: `β_eff ${betaEff.toFixed(3)} (λ1 ${fp.leading.re.toFixed(3)}); tuned β ${mom.beta}, indistinguishable range ${bLo.toFixed(2)}–${bHi.toFixed(2)}${betaEff >= bLo && betaEff <= bHi ? " (inside)" : " (above)"}; heavy ball at β = ${nearest.beta} is ${((nearest.m / bestB.m - 1) * 100).toFixed(1)} % worse than at β = ${mom.beta}`,
  why: "over seeds 0–2 β_eff is 0.61–0.68, 0.1–0.18 above the tuned β = 0.5, inside the range that 64 tuning problems cannot tell from the optimum at 1 seed of 3: the learned rule keeps a little more momentum than heavy ball can use (its updates also saturate, §4, which heavy ball's do not), but the quick sample does not decide whether the gap is real", value: betaEff });

// %% [markdown]
// ## 4. Gradient clipping: the update-vs-gradient curve
//
// One step from the fixed point h*, for gradients from 10<sup>−3</sup> to 10 of either sign (the curve shows Δx(g) − Δx(0)). A linear rule
// (SGD, momentum) gives a straight line of slope −lr<sub>eff</sub>; clipping makes the curve level off. **Claim:** at |g| = 10 the update is less
// than half of the linear extrapolation −lr<sub>eff</sub>·g (exact, deterministic). Reported: where the saturation sets in, g<sub>c</sub> = |Δx|<sub>max</sub>/lr<sub>eff</sub>,
// and how many of the gradients the optimizer meets on the held-out problems are above it.

// %%
const uc = updateVsGradient(opt, { state: fp.state ?? undefined });
const gc = uc.saturation / Math.abs(uc.slope0);
const seen = heldOut.flatMap((p) => Array.from(runLearnedOptimizer(opt, p, K).grads));
const above = seen.filter((g) => Math.abs(g) > gc).length;
console.log(`lr_eff ${uc.slope0.toFixed(3)}; |Δx| at |g| = 10: ${uc.saturation.toFixed(3)} (${pct(uc.linearity)} of linear); g_c = ${gc.toFixed(3)}; ${fraction(above, seen.length)} of the held-out gradients are above g_c`);
claims.check({ claim: "updates saturate for large gradients (clipping)", paper: "learned optimizers clip: the update-vs-gradient curve saturates",
  ours: `|Δx(±10)| = ${uc.saturation.toFixed(3)} = ${pct(uc.linearity)} of the linear response`, tolerance: "< 50 % of the linear response at |g| = 10 (exact)", pass: uc.linearity < 0.5, value: uc.linearity });
claims.report({ claim: "clipping is active on the problems", paper: "clipping matters for the task's gradients", ours: `${fraction(above, seen.length)} gradients above the onset g_c = ${gc.toFixed(2)}`,
  why: "descriptive: how often the nonlinearity is met depends on the problem family", value: above / Math.max(1, seen.length) });
updateCurvePlot(uc, { title: "Update vs gradient at the zero-gradient fixed point" })

// %% [markdown]
// ## 5. Learning-rate schedule
//
// lr<sub>eff</sub>(t) = −∂Δx/∂g at the state of step t: under zero gradient from h = 0 (the schedule the optimizer runs by itself) and along
// the first 4 held-out runs (median over coordinates). The paper found schedules (warm-up and decay) carried by slow autonomous
// dynamics. Reported, not asserted: the relative change of the zero-gradient lr<sub>eff</sub> from step 0 to step 39, and the number of steps
// until it is within 1 % of its final value; and along the runs, how far lr<sub>eff</sub> dips in the first 10 steps.

// %%
const sched0 = lrScheduleZeroGradient(opt, K);
const l0 = sched0.lr[0]!, lEnd = sched0.lr[K - 1]!;
const settle = Array.from(sched0.lr).findIndex((v, t) => Array.from(sched0.lr).slice(t).every((w) => Math.abs(w - lEnd) <= 0.01 * Math.abs(lEnd)));
claims.report({ claim: "a learning-rate schedule", paper: "warm-up/decay of the effective learning rate over training, from autonomous state dynamics",
  ours: `zero-gradient lr_eff ${l0.toFixed(3)} → ${lEnd.toFixed(3)} (${((lEnd / l0 - 1) * 100).toFixed(1)} %), settled after ${settle} steps`,
  why: `no schedule here: the state starts (h = 0) at distance ${fp.state ? Math.hypot(...Array.from(fp.state)).toFixed(3) : "?"} from its fixed point h* and relaxes at λ1 = ${fp.leading.re.toFixed(2)} per step, so lr_eff hardly moves; with 40-step runs a schedule has little to gain (the paper's runs are thousands of steps)`, value: lEnd / l0 - 1 });
// Along runs lr_eff moves with the gradients (the adaptation of §6): the largest early dip, over all held-out runs, relative to the final value.
const onRun = heldOut.map((p) => lrScheduleOnRun(opt, p, K));
const dips = onRun.map((sc) => Math.min(...Array.from(sc.lr.subarray(0, 10))) / sc.lr[K - 1]!);
claims.report({ claim: "lr_eff along runs: an early dip", paper: "schedules (warm-up) in the effective learning rate",
  ours: `min over steps 0–9 of lr_eff / its final value: median ${median(dips).toFixed(3)} (10–90 % ${quantile(dips, 0.1).toFixed(3)}–${quantile(dips, 0.9).toFixed(3)}) over ${nTest} runs`,
  why: "gradient-driven (the early gradients are the largest, and lr_eff falls with the gradient scale, §6), not an autonomous schedule; a descriptive number", value: median(dips) });
lrSchedulePlot([{ label: "zero gradient from h = 0", schedule: sched0 }, ...heldOut.slice(0, 4).map((p, i) => ({ label: `held-out ${i} (${p.kind})`, schedule: onRun[i]! }))])

// %% [markdown]
// ## 6. Learning-rate adaptation
//
// The optimizer is driven for 30 steps with gradients ±s (random signs, seed `seriesSeed(61)`, the same sign sequences for every s) from
// h = 0, 64 drives per scale, and lr<sub>eff</sub> read at the final state. An Adam/RMSProp-like rule would give lr<sub>eff</sub> ∝ 1/s. **Claim:** the
// effective learning rate after gradients of scale 1 is lower than after gradients of scale 0.01 by more than 3 standard errors of the
// difference (the two means' SEs combined as if independent: conservative, since the common sign sequences correlate them positively).
// Reported: the log–log slope between s = 0.01 and s = 1 (−1 for exact normalisation).

// %%
const scales = [0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const ad = lrAdaptation(opt, { scales, steps: 30, samples: 64, seed: seriesSeed(61) });
const i0 = 0, i1 = scales.indexOf(1);
const diff = ad.lr[i0]! - ad.lr[i1]!, seDiff = Math.hypot(ad.se[i0]!, ad.se[i1]!);
const slope = Math.log10(ad.lr[i1]! / ad.lr[i0]!) / 2;
console.log("lr_eff by scale: " + scales.map((s, k) => `${s}: ${ad.lr[k]!.toFixed(3)} ± ${ad.se[k]!.toFixed(3)}`).join(", "));
claims.check({ claim: "effective learning rate falls as the gradient scale grows", paper: "learning-rate adaptation to the gradient magnitude",
  ours: `lr_eff ${ad.lr[i0]!.toFixed(3)} at s = 0.01 vs ${ad.lr[i1]!.toFixed(3)} at s = 1 (difference ${(diff / seDiff).toFixed(1)} SE)`, tolerance: "difference > 3 SE (64 drives per scale)",
  pass: diff > 3 * seDiff, value: diff / seDiff });
claims.report({ claim: "strength of the adaptation", paper: "adaptation (RMSProp-like rules: slope −1)", ours: `log–log slope ${slope.toFixed(3)} between s = 0.01 and 1`,
  why: "the paper gives no slope to compare; ours is far from −1 (a partial adaptation) and reverses above s ≈ 1 where the GRU saturates", value: slope });
lrAdaptationPlot(ad)

// %% [markdown]
// ## Summary
//
// A 16-unit coordinate-wise GRU meta-trained for a few seconds on random quadratics and logistic regressions beats tuned Adam and tuned
// momentum on the objective it was trained for, and takes apart into the mechanisms the paper describes: a single stable fixed point
// under zero gradient whose real leading eigenvalue is a momentum term, an update-vs-gradient curve that saturates (clipping), and an
// effective learning rate that falls as the gradient scale grows (adaptation, far weaker than Adam's normalisation). What quick scale does
// not show: a schedule (40-step runs; the state sits at its fixed point from the start), wins on the final loss against momentum (the
// learned rule still steps ~10⁻³ at zero gradient, a loss floor heavy ball does not have), and a clear match between the learned β
// (0.61–0.68 over seeds 0–2) and tuned momentum's (0.5); the claims table gives the numbers and the reasons measured.

// %%
console.log("notebook time: " + ((Date.now() - t0) / 1000).toFixed(0) + " s (" + runMode() + " mode)");

// %% [markdown]
// ## Claims
//
// Every claim of this notebook with the paper's value, ours, and the tolerance; the run fails if an asserted claim fails.

// %%
claims.finish()
