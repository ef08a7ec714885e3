// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # 06 · Low-rank learning: the interplay between randomness and structure
//
// Reproduces **Schuessler, Mastrogiuseppe, Dubreuil, Ostojic & Barak (NeurIPS 2020)**,
// *"The interplay between randomness and structure during learning in RNNs"*
// ([arXiv:2006.11036](https://arxiv.org/abs/2006.11036)).
//
// The question: a recurrent network starts from a random connectivity W0 = g·J (J_ij ~ N(0, 1/N)) and gradient
// descent changes *every* recurrent weight. What does the learned change **ΔW = W − W0** look like?
// The paper's answers, which we check one by one:
//
// 1. ΔW is **low rank** (a handful of singular values), although W0 is full rank.
// 2. Keeping only the top r singular components of ΔW recovers the trained performance at small r
//    (the *functional rank*, 2–11 at N = 256).
// 3. ΔW is **correlated with W0**: shuffling the entries of W0 (keeping ΔW) destroys performance for g ≳ 0.3.
// 4. **Random connectivity accelerates learning**: convergence is faster and ΔW smaller for larger g.
// 5. A **linear network** explains why, in closed form: convergence time ∝ (1 − g²)², ‖ΔW‖ ∝ 1 − g²,
//    gradient ∝ 1/(1 − g²), loss after shuffling ≈ g⁴(2 − g²)²·L0, and ΔW is rank one at leading order.
//
// Networks: leaky tanh RNNs x_{t+1} = (1 − dt)x_t + dt(W tanh(x_t) + W_in u_t), dt = 0.5, readout z = W_out tanh(x),
// Schuessler's initialisation (W_in columns of norm √N, W_out rows of norm 1/√N, so the initial output is ≈ 0),
// loss ½·masked MSE, Adam with lr = 0.05/N on 32 fresh trials per update, training W_in, W and W_out.

// %%
import {
  runMode, byMode, getTask,
  lowRankGSweep, summariseGSweep, gSweepNetwork, modelConnectivityChange, eigenSpectra, modelChangeOverlaps,
  numericalRank, linearExperiment, trainLinearFixedPoint,
  spectrumChart, truncationChart, gSweepChart, eigenvalueChart, linearScalingChart, linearLearningChart,
  lineChart, runModel,
} from "rnn-atlas";

const mode = runMode();
/** Fails the notebook (and the headless run) when a reproduced claim does not hold. */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error("CHECK FAILED: " + what);
  console.log("✓ " + what);
}
const t0 = Date.now();
console.log("run mode:", mode);

// %% [markdown]
// ## Sizes
//
// Quick mode (the default, a few minutes on 2 CPU cores) uses N = 64, two networks per g, g ∈ {0, 0.6, 1.2, 1.8}
// and shortened training; the supplementary material of the paper shows that convergence time, ‖ΔW‖ and functional
// rank do not depend on N, so the effects are visible at N = 64. Full mode (`RNN_ATLAS_MODE=full`) uses the paper's
// sizes: N = 256, five networks per g, the paper's g grids and budgets (1,000 / 2,000 / 6,000 updates), 512 evaluation
// trials and ranks up to 25, and the linear network at N = 1024. Estimated full-mode run time on 2 cores: about
// **14 hours** (≈ 0.16 s per network-update at N = 256 for flip-flop and Mante, 0.09 s for Romo, ≈ 2.3·10⁵ network-updates
// in total; the linear part takes a few minutes).

// %%
const cfg = byMode({
  quick: {
    N: 64, seeds: 2, evalTrials: 128, maxRank: 10,
    tasks: [
      { task: "flipflop2", gs: [0, 0.6, 1.2, 1.8], updates: 300 },
      { task: "mante", gs: [0, 0.6, 1.2, 1.8], updates: 400 },
      { task: "romo", gs: [0, 0.6, 1.2, 1.8], updates: 800 },
    ],
    linear: { n: 256, gs: [0, 0.2, 0.4, 0.6, 0.8, 0.9], seeds: [1, 2, 3], epochs: 200 },
  },
  full: {
    N: 256, seeds: 5, evalTrials: 512, maxRank: 25,
    tasks: [
      { task: "flipflop2", gs: [0, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1], updates: 1000 },
      { task: "mante", gs: [0, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 2.7], updates: 2000 },
      { task: "romo", gs: [0, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 2.7, 3.0], updates: 6000 },
    ],
    linear: { n: 1024, gs: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], seeds: [1, 2, 3, 4, 5], epochs: 200 },
  },
});
cfg

// %% [markdown]
// ## 1 · Train the three tasks over a range of g
//
// Three tasks from the paper (see `getTask`): Schuessler's **2-channel flip-flop** (report the sign and channel of the
// last pulse), **Mante**'s context-dependent integration of two noisy evidence streams, and **Romo**'s parametric working
// memory (is f2 > f1 after a delay?). For every g and sample we draw an independent W0 = g·J, train, and keep W0 and W.
// `lowRankGSweep` trains all networks of a task as one population (one fused kernel call per update) and then runs the
// analyses on 128 (full: 512) fresh trials: truncation of ΔW, shuffling of W0, ‖ΔW‖, convergence time.

// %%
const sweeps = [];
for (const t of cfg.tasks) {
  const s = await lowRankGSweep({
    task: t.task, gs: t.gs, seeds: cfg.seeds, hiddenSize: cfg.N, updates: t.updates, seed: 2020,
    evalTrials: cfg.evalTrials, maxRank: cfg.maxRank,
  });
  sweeps.push(s);
  console.log(`${t.task}: ${s.rows.length} networks × ${t.updates} updates in ${(s.trainMs / 1000).toFixed(1)} s`);
}

// %% [markdown]
// Training curves for g = 0 and the largest g of each task (first sample): the random connectivity speeds learning up.

// %%
const curves = {};
for (const s of sweeps) {
  for (const g of [0, 1.2]) {
    const row = s.rows.find((r) => r.g === g && r.sample === 0);
    if (row) curves[`${s.task} g=${g}`] = row.lossHistory.map((l) => Math.max(l, 1e-6));
  }
}
lineChart(curves, { title: "training loss (mini-batch)", xLabel: "update", yLabel: "loss", yScale: "log", seriesLabel: "network" })

// %% [markdown]
// ## 2 · ΔW is low rank, W0 is full rank
//
// Singular values of W0 (grey), W (blue) and ΔW (red) for one network per task at g = 0.6. W0's spectrum is the
// quarter-circle law — all N values of comparable size. ΔW has a few large singular values and then a floor that is an
// order of magnitude lower.

// %%
const pick = (s, g) => s.rows.findIndex((r) => r.g === g && r.sample === 0);
const changes = sweeps.map((s) => {
  const i = pick(s, 0.6);
  const { initial, trained } = gSweepNetwork(s, i);
  return modelConnectivityChange(initial, trained, { label: `${s.task} g=0.6` });
});
spectrumChart(changes, { top: 40 })

// %%
// Variance explained by the top 5 singular values: ΔW vs W0 (for every trained network with g > 0).
const ve = [];
for (const s of sweeps) {
  s.rows.forEach((row, i) => {
    if (row.g === 0) return;
    const { initial, trained } = gSweepNetwork(s, i);
    const c = modelConnectivityChange(initial, trained);
    const w0Top5 = Array.from(c.s0.slice(0, 5)).reduce((a, x) => a + x * x, 0) / c.norms.w0 ** 2;
    ve.push({ task: s.task, g: row.g, deltaTop5: c.varianceExplained[4], w0Top5, rankW0: numericalRank(c.s0) });
  });
}
const meanDelta = ve.reduce((a, v) => a + v.deltaTop5, 0) / ve.length;
const maxW0 = Math.max(...ve.map((v) => v.w0Top5));
console.log(`top-5 variance explained: ΔW mean ${meanDelta.toFixed(2)}, W0 at most ${maxW0.toFixed(2)} (N = ${cfg.N})`);
check(ve.every((v) => v.rankW0 === cfg.N), "W0 is full rank in every network");
check(meanDelta > 2 * maxW0, "the top 5 singular values carry much more of ΔW than of W0 (ΔW is low rank)");

// %% [markdown]
// The singular vectors of ΔW are not random directions: the table lists |cos| overlaps of the top left (u) and right (v)
// singular vectors with the input and readout vectors (chance level 1/√N), and how strongly W0 maps them.

// %%
const ffTrained = gSweepNetwork(sweeps[0], pick(sweeps[0], 0.6)).trained;
modelChangeOverlaps(changes[0], ffTrained, { k: 4 })

// %% [markdown]
// ## 3 · Truncating ΔW: the functional rank
//
// Replace W by W0 + ΔW_r (top r components) and evaluate the loss on fresh trials (one network per task at g = 1.2). r = 0 is W0 with the trained input
// and readout weights. The **functional rank** is the smallest r whose loss drops below 5 % of the r = 0 loss; a network
// is masked when it did not converge within the budget (the rank is then undefined).

// %%
truncationChart(sweeps.map((s) => s.rows[pick(s, 1.2)].truncation))

// %%
const ranks = sweeps.flatMap((s) => s.rows.map((r) => ({ task: s.task, g: r.g, rank: r.truncation.functionalRank.rank, masked: r.truncation.functionalRank.masked })));
const defined = ranks.filter((r) => r.rank !== null).map((r) => r.rank);
for (const s of sweeps) {
  const rs = ranks.filter((r) => r.task === s.task && r.rank !== null).map((r) => r.rank);
  console.log(`${s.task}: functional ranks ${JSON.stringify(rs)} (masked: ${ranks.filter((r) => r.task === s.task && r.rank === null).length})`);
}
console.log(`range found: ${Math.min(...defined)}–${Math.max(...defined)} at N = ${cfg.N}; paper: 2–11 at N = 256`);
check(defined.length >= ranks.length / 2, "the functional rank is defined for most networks");
check(Math.max(...defined) <= 11, "functional rank ≤ 11 (paper: 2–11 at N = 256)");

// %% [markdown]
// ## 4 · Random connectivity: shuffling W0, faster learning
//
// **Shuffle test.** Permute all N² entries of W0 (same entry distribution and spectrum statistics, but no relation to
// ΔW) and add the learned ΔW back. At g = 0 there is nothing to shuffle. For g ≳ 0.3 the loss jumps back to about L0:
// the low-rank change was built *with* this W0 (its singular vectors are W0-amplified inputs and readouts) and is useless
// without it. **Acceleration.** Convergence time (first update with loss < 5 % of L0) and ‖ΔW‖ fall as g grows to about
// 1–1.5, then rise again once the network becomes chaotic (g ≳ 1.8).

// %%
gSweepChart(sweeps)

// %%
for (const s of sweeps) {
  const sum = summariseGSweep(s);
  const big = s.rows.filter((r) => r.g >= 0.6);
  const shuffleMean = big.reduce((a, r) => a + r.shuffleLossRel, 0) / big.length;
  check(shuffleMean > 0.5, `${s.task}: shuffling W0 raises the loss to ${shuffleMean.toFixed(2)}·L0 for g ≥ 0.6 (paper ≈ L0)`);
  // Convergence time with non-converged networks counted as the full budget (a lower bound for them).
  const conv = (g) => { const rs = s.rows.filter((r) => r.g === g); return rs.reduce((a, r) => a + (r.convergenceUpdate ?? s.updates), 0) / rs.length; };
  const best = Math.min(...s.gs.filter((g) => g > 0).map(conv));
  const n0 = sum[0].deltaNormMean;
  const nBest = Math.min(...sum.filter((r) => r.g > 0).map((r) => r.deltaNormMean));
  console.log(`${s.task}: convergence ${conv(0).toFixed(0)} → ${best.toFixed(0)} updates (×${(conv(0) / best).toFixed(1)} faster), ‖ΔW‖ ${n0.toFixed(2)} → ${nBest.toFixed(2)}`);
  check(best < conv(0), `${s.task}: some g > 0 converges faster than g = 0`);
  check(nBest < n0, `${s.task}: ‖ΔW‖ is smaller for some g > 0 than for g = 0`);
}

// %% [markdown]
// **Eigenvalues** of W0 (grey) and W (blue) for a flip-flop network at g = 1.2: the bulk stays in the disc of radius g
// (dashed circle), training adds a few outliers near or right of Re λ = 1 (dashed line), which give the slow,
// memory-holding directions of the dynamics.

// %%
const ff12 = gSweepNetwork(sweeps[0], pick(sweeps[0], 1.2));
eigenvalueChart(eigenSpectra(modelConnectivityChange(ff12.initial, ff12.trained), { g: 1.2, label: "flip-flop, g = 1.2" }))

// %% [markdown]
// ## 5 · The linear network: theory vs simulation
//
// Why does randomness help? In a **linear** network (φ = identity) trained on the input-driven fixed point (constant
// input, the readout must settle at ẑ), only W is trained, with plain SGD on one (deterministic) trial. The readout is
// z = w_outᵀ(1 − W)⁻¹w_in, and the gradient is the **rank-one** matrix −(ẑ − z)·a bᵀ with a = (1 − W)⁻ᵀw_out and
// b = (1 − W)⁻¹w_in. For a random W0 = g·J these vectors are amplified: ‖a‖²‖b‖² ≈ β² with β = 1/(1 − g²). So
// the gradient is β times larger (∝ 1/(1 − g²)), learning runs on the effective time τ̃ = β²·τ (convergence time
// ∝ (1 − g²)²), a change ‖ΔW‖ ∝ 1/β suffices, and because ΔW ≈ a bᵀ is built from W0-dependent vectors, it fails on a
// shuffled W0: loss ≈ g⁴(2 − g²)²·L0. As in the paper the learning rate is scaled as lr = lr0·(1 − g²)² (lr0 = 0.015
// for ẑ = 0.5), which keeps the number of updates comparable; convergence *time* is τ_c = lr·updates.
//
// Implementation note: the paper simulates T = 101 time units so the state reaches its fixed point; we train on that
// limit directly (the test suite checks it against the simulated network), updating (1 − W)⁻¹ by Sherman–Morrison after
// each rank-one SGD step — exact, in float64, and fast enough for N = 256 in seconds.

// %%
const lin = linearExperiment({
  n: cfg.linear.n, gs: cfg.linear.gs, seeds: cfg.linear.seeds, epochs: cfg.linear.epochs,
  targets: mode === "full" ? [{ target: 0.5, lr0: 0.015 }, { target: 1, lr0: 0.009 }] : [{ target: 0.5, lr0: 0.015 }],
  recordEvery: 5,
});
lin

// %%
const sc = lin.scaling[0];
for (const p of sc.convergenceTime) {
  console.log(`g = ${p.g}: τ_c/τ_c(0) = ${p.normalised.toFixed(3)} (theory (1−g²)² = ${p.theory.toFixed(3)}, ratio ${(p.normalised / p.theory).toFixed(2)}; ${p.count}/${cfg.linear.seeds.length} converged)`);
}
check(sc.convergenceTime.every((p) => p.count === cfg.linear.seeds.length), "every linear network converges within 200 updates");
check(sc.convergenceTime.every((p) => Math.abs(p.normalised / p.theory - 1) <= 0.25), "convergence time follows (1 − g²)² within 25 % for every g");
for (const p of sc.shuffleLoss) {
  const sem = p.std / Math.sqrt(p.count);
  console.log(`g = ${p.g}: loss after shuffle ${p.mean.toFixed(3)} ± ${p.std.toFixed(3)} L0 (theory g⁴(2−g²)² = ${p.theory.toFixed(3)})`);
}
check(sc.shuffleLoss.filter((p) => p.g <= 0.6).every((p) => Math.abs(p.mean - p.theory) <= 0.1), "loss after shuffle within 0.1·L0 of g⁴(2 − g²)² for g ≤ 0.6");
check(sc.shuffleLoss.filter((p) => p.g > 0.6).every((p) => Math.abs(p.mean - p.theory) <= 0.1 + 2 * p.std / Math.sqrt(p.count)), "for g > 0.6 within 0.1·L0 + 2 standard errors (finite-N fluctuations grow as g → 1)");

// %% [markdown]
// Learning curves against the effective time τ̃: for different g they collapse onto one curve, the third-order theory
// (dashed). The top singular value s1 of ΔW grows linearly in τ̃ (shown ×β to remove the 1/β scaling); the second, s2,
// stays near zero — ΔW is rank one at leading order. For a larger target (ẑ = 2) s2 appears at third order,
// s2 ≈ ẑ³τ̃³/12.

// %%
linearLearningChart(lin)

// %%
const lin2 = linearExperiment({ n: cfg.linear.n, gs: [0, 0.6], seeds: [1], epochs: 200, targets: [{ target: 2, lr0: 0.003 }], recordEvery: 5 });
const r05 = lin.runs.find((r) => r.g === 0 && r.seed === 1);
const r2 = lin2.runs.find((r) => r.g === 0);
const ratio = (r) => r.s2[r.s2.length - 1] / r.s1[r.s1.length - 1];
console.log(`s2/s1 at the end: ẑ = 0.5 → ${ratio(r05).toExponential(2)}, ẑ = 2 → ${ratio(r2).toExponential(2)}`);
check(ratio(r05) < 0.02, "ẑ = 0.5: ΔW is rank one to within 2 % (s2/s1)");
check(ratio(r2) > ratio(r05), "a larger target brings in the second singular value (third-order effect)");
linearLearningChart(lin2)

// %% [markdown]
// ## Summary
//
// Printed below: the numbers this run reached, next to the paper's (N = 256, five samples per g).

// %%
for (const s of sweeps) {
  for (const r of summariseGSweep(s)) {
    console.log(`${s.task.padEnd(9)} g=${r.g.toFixed(1)}  conv ${r.converged}/${r.samples} at ${Number.isFinite(r.convergenceMean) ? r.convergenceMean.toFixed(0).padStart(4) : "   —"}  ‖ΔW‖ ${r.deltaNormMean.toFixed(2)}  shuffle ${r.shuffleRelMean.toFixed(2)}·L0  ranks [${r.functionalRanks.join(",")}]`);
  }
}
console.log("paper: flip-flop conv ≈ 100 → 50, Mante ≈ 380 → 50, Romo > 600 → 80–100; ‖ΔW‖ ≈ 2 → 0.7–1 (Romo 3.5 → 1); shuffle ≈ L0 for g ≥ 0.6; functional rank 2–11");
console.log(`total time ${((Date.now() - t0) / 1000).toFixed(0)} s (${mode} mode)`);
