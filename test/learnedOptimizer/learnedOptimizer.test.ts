import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { Model } from "../../src/core/types";
import { initModel } from "../../src/models/init";
import {
  checkOptimizer, effectiveLearningRate, optimizerStep, optimizerFixedPoints, optimizerParams64, updateVsGradient, lrScheduleZeroGradient, lrAdaptation, runLearnedOptimizer,
  type LearnedOptimizer,
} from "../../src/analysis/learnedOptimizer";
import { initLearnedOptimizer, trainLearnedOptimizer, truncationMetaGradient } from "../../src/experiments/learnedOptimizerTraining";
import { makeOptimizee, sampleOptimizees } from "../../src/experiments/optimizeeProblems";
import { runBaseline, tuneBaseline } from "../../src/experiments/optimizerBaselines";

/** An optimizer with some state history and larger-than-init weights so every path carries gradient. */
function setup(kind: "quadratic" | "logistic") {
  const opt = initLearnedOptimizer(5, 7, { outputScale: 0.3 });
  for (const v of Object.values(opt.model.params)) for (let i = 0; i < v.length; i++) v[i] = v[i]! * 2;
  const problem = makeOptimizee(kind, 11);
  const h = Float64Array.from({ length: problem.dim * 5 }, (_, i) => Math.sin(1 + i) * 0.5);
  const x = Float64Array.from(problem.x0, (v, i) => v + 0.1 * i);
  return { opt, problem, h, x, L0: problem.lossGrad(problem.x0) };
}

for (const [kind, objective] of [["quadratic", "ratio"], ["logistic", "ratio"], ["quadratic", "log"], ["logistic", "log"]] as const) {
  test(`meta-gradient through the unroll matches central finite differences (${kind}, ${objective} objective)`, () => {
    const { opt, problem, h, x, L0 } = setup(kind);
    const p = optimizerParams64(opt) as Record<string, Float64Array>;
    const grads = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, new Float64Array(v.length)]));
    truncationMetaGradient(opt, p, problem, x, h, 6, L0, grads, 1, objective);
    const eps = 1e-6;
    let checked = 0;
    for (const [name, v] of Object.entries(p)) {
      for (let i = 0; i < v.length; i++) {
        const keep = v[i]!;
        v[i] = keep + eps;
        const lp = truncationMetaGradient(opt, p, problem, x, h, 6, L0, null, 1, objective).metaLoss;
        v[i] = keep - eps;
        const lm = truncationMetaGradient(opt, p, problem, x, h, 6, L0, null, 1, objective).metaLoss;
        v[i] = keep;
        const fd = (lp - lm) / (2 * eps);
        const g = grads[name]![i]!;
        assert.ok(Math.abs(fd - g) <= 1e-7 + 1e-5 * Math.abs(fd), `${name}[${i}]: analytic ${g}, finite difference ${fd}`);
        checked++;
      }
    }
    assert.ok(checked > 100, `checked ${checked}`);
  });

  if (objective === "ratio") test(`${kind}: Hessian-vector product matches finite differences of the gradient`, () => {
    const pr = makeOptimizee(kind, 5);
    const x = Float64Array.from(pr.x0, (v) => v + 0.3);
    const v = Float64Array.from({ length: pr.dim }, (_, i) => Math.cos(i + 2));
    const hv = new Float64Array(pr.dim), gp = new Float64Array(pr.dim), gm = new Float64Array(pr.dim);
    pr.hvp(x, v, hv);
    const eps = 1e-6;
    pr.lossGrad(x.map((xi, i) => xi + eps * v[i]!), gp);
    pr.lossGrad(x.map((xi, i) => xi - eps * v[i]!), gm);
    for (let i = 0; i < pr.dim; i++) assert.ok(Math.abs((gp[i]! - gm[i]!) / (2 * eps) - hv[i]!) < 1e-7, `component ${i}`);
  });
}

/** h' = 0.9 h + 0.1 tanh(k g): z fixed at 0.9 (gate weights 0, bias logit 0.9), n ignores h. */
function momentumGru(beta: number, H = 3): LearnedOptimizer {
  const model: Model = initModel({ arch: "gru", inputSize: 1, outputSize: 1, hiddenSize: H }, { seed: 1 });
  const p = model.params;
  for (const k of Object.keys(p)) p[k]!.fill(0);
  for (let j = 0; j < H; j++) {
    p.bias_ih_l0![H + j] = Math.log(beta / (1 - beta));
    p.weight_ih_l0![2 * H + j] = 0.01 * (j + 1);
    p["readout.weight"]![j] = -1;
  }
  return { model, inputScale: 1, outputScale: 1 };
}

test("a hand-set GRU that is exactly momentum (β = 0.9) has leading eigenvalue 0.9 at its zero-gradient fixed point", () => {
  const fp = optimizerFixedPoints(momentumGru(0.9), { seed: 2 });
  assert.ok(fp.main >= 0, "a stable fixed point");
  assert.ok(Math.abs(fp.leading.re - 0.9) < 1e-5 && Math.abs(fp.leading.im) < 1e-9, `λ1 = ${fp.leading.re} + ${fp.leading.im}i`);
  for (let j = 0; j < fp.eigRe.length; j++) assert.ok(Math.abs(fp.eigRe[j]! - 0.9) < 1e-5, "every mode decays at 0.9");
  assert.ok(Math.hypot(...fp.state!) < 1e-6, "h* = 0");
  const fp5 = optimizerFixedPoints(momentumGru(0.5), { seed: 2 });
  assert.ok(Math.abs(fp5.leading.re - 0.5) < 1e-5, "β = 0.5 reads 0.5");
});

test("a hand-set clipped-SGD optimizer saturates at the clip value; the momentum one stays linear at small g", () => {
  // H = 1: z ≈ 0, h' = tanh(g / c), Δx = −η c h': slope η at 0, |Δx| → η c for |g| ≫ c.
  const c = 0.5, eta = 0.1;
  const model: Model = initModel({ arch: "gru", inputSize: 1, outputSize: 1, hiddenSize: 1 }, { seed: 1 });
  for (const k of Object.keys(model.params)) model.params[k]!.fill(0);
  model.params.bias_ih_l0![1] = -40;
  model.params.weight_ih_l0![2] = 1 / c;
  model.params["readout.weight"]![0] = -c;
  const clipped: LearnedOptimizer = { model, inputScale: 1, outputScale: eta };
  const uc = updateVsGradient(clipped);
  assert.ok(Math.abs(uc.slope0 - eta) < 1e-6, `slope ${uc.slope0}`);
  assert.ok(Math.abs(uc.saturation - eta * c) < 1e-6, `saturation ${uc.saturation} vs clip ${eta * c}`);
  assert.ok(Math.abs(uc.linearity - c / 10) < 1e-6, `linearity ${uc.linearity}: |Δx| at |g| = 10 is c/10 of the linear extrapolation`);
  const lin = updateVsGradient(momentumGru(0.9), { gradients: [-0.1, 0, 0.1] });
  assert.ok(lin.linearity > 0.999, `momentum GRU is linear for small g (${lin.linearity})`);
  // The clipped rule's effective learning rate falls with the gradient scale (tanh' < 1), the analysis must see it.
  const ad = lrAdaptation(clipped, { scales: [0.01, 1, 10], seed: 3, steps: 5, samples: 4 });
  assert.ok(Math.abs(ad.lr[0]! - eta) < 1e-4, `lr at small scale ${ad.lr[0]}`);
  // At a state reached by ±s drives lr_eff is the slope at g = 0 from that state; with z ≈ 0 the state is forgotten, so it stays η.
  assert.ok(Math.abs(ad.lr[2]! - eta) < 1e-4, "a memoryless rule shows no adaptation");
});

test("the momentum GRU's effective learning rate relaxes at 0.9 per step and matches a finite difference", () => {
  const opt = momentumGru(0.9, 2);
  const lr = lrScheduleZeroGradient(opt, 5).lr;
  // h stays 0 under zero gradient, so lr_eff is constant: (1 − β)·Σ_j k_j.
  for (const v of lr) assert.ok(Math.abs(v - 0.1 * (0.01 + 0.02)) < 1e-9, `lr ${v}`);
  const h = new Float64Array([0.3, -0.2]);
  const an = effectiveLearningRate(opt, h)[0]!;
  const p = optimizerParams64(opt);
  const out = new Float64Array(2);
  const step = (g: number) => optimizerStep(opt, p, h, g, out);
  const fd = -(step(1e-6) - step(-1e-6)) / 2e-6;
  assert.ok(Math.abs(an - fd) < 1e-8, `${an} vs ${fd}`);
});


test("meta-training is reproducible from its seed, lowers the meta-loss, and a different seed differs", () => {
  const run = (seed: number) => trainLearnedOptimizer({ hidden: 6, seed, iterations: 200, historyEvery: 50 });
  const a = run(3), b = run(3), c = run(4);
  const hash = (m: Model) => createHash("sha256").update(Buffer.concat(Object.keys(m.params).sort().map((k) => Buffer.from(m.params[k]!.buffer)))).digest("hex");
  assert.equal(hash(a.optimizer.model), hash(b.optimizer.model));
  assert.notEqual(hash(a.optimizer.model), hash(c.optimizer.model));
  assert.ok(a.history.at(-1)!.metaLoss < a.history[0]!.metaLoss, `meta-loss ${a.history[0]!.metaLoss} → ${a.history.at(-1)!.metaLoss}`);
  const r = runLearnedOptimizer(a.optimizer, makeOptimizee("quadratic", 1), 20);
  assert.equal(r.losses.length, 21);
  assert.ok(r.losses.every(Number.isFinite));
});

test("tuned momentum beats plain gradient descent on badly conditioned quadratics", () => {
  const probs = sampleOptimizees({ count: 8, seed: 1, kinds: ["quadratic"] });
  const t = tuneBaseline("momentum", { lrs: [0.1, 0.3, 1], betas: [0, 0.5, 0.9] }, probs, 30);
  assert.ok(t.best.kind === "momentum" && t.best.beta > 0, JSON.stringify(t.best));
  assert.equal(t.grid.length, 9);
  const l = runBaseline({ kind: "adam", lr: 0.1 }, probs[0]!, 30);
  assert.ok(l[30]! < l[0]!);
});

test("bad input gets clear errors", () => {
  assert.throws(() => trainLearnedOptimizer({ hidden: 64, seed: 0, iterations: 1 }), /hidden 64 is above/);
  assert.throws(() => trainLearnedOptimizer({ hidden: 8, seed: 0, iterations: 1, runSteps: 30, truncation: 7 }), /must divide runSteps/);
  assert.throws(() => trainLearnedOptimizer({ hidden: 8, seed: 0.5, iterations: 1 }), /seed must be an integer/);
  assert.throws(() => trainLearnedOptimizer({ hidden: 8, seed: 0, iterations: 1, objective: "mse" as never }), /objective must be "ratio" or "log"/);
  assert.throws(() => makeOptimizee("mlp" as never, 1), /unknown problem kind "mlp"/);
  const vanilla = initModel({ arch: "vanilla", inputSize: 1, outputSize: 1, hiddenSize: 3 }, { seed: 1 });
  assert.throws(() => checkOptimizer({ model: vanilla, inputScale: 1, outputScale: 1 }, "t"), /must be a GRU/);
  assert.throws(() => checkOptimizer({ ...momentumGru(0.9), outputScale: 0 }, "t"), /outputScale must be a positive/);
  assert.throws(() => updateVsGradient(momentumGru(0.9), { state: new Float64Array(2) }), /state has 2 values/);
  assert.throws(() => updateVsGradient(momentumGru(0.9), { gradients: [1, 2, 3] }), /negative and positive/);
  assert.throws(() => lrAdaptation(momentumGru(0.9), { scales: [0], seed: 1 }), /scales must be positive/);
  assert.throws(() => tuneBaseline("momentum", { lrs: [0.1] }, sampleOptimizees({ count: 1, seed: 1 }), 5), /needs grid.betas/);
  assert.throws(() => runBaseline({ kind: "momentum", lr: 0.1, beta: 1 }, makeOptimizee("quadratic", 1), 5), /beta must be in \[0, 1\)/);
  assert.throws(() => runLearnedOptimizer(momentumGru(0.9), makeOptimizee("quadratic", 1), 0), /steps must be a positive integer/);
});

test("the momentum GRU's impulse response is geometric with ratio β, so β_eff = β", async () => {
  const { impulseResponse } = await import("../../src/analysis/learnedOptimizer/momentum");
  const opt = momentumGru(0.9, 2);
  const ir = impulseResponse(opt, new Float64Array(2), 400);
  for (let k = 1; k < 50; k++) assert.ok(Math.abs(ir.response[k]! / ir.response[k - 1]! - 0.9) < 1e-5, `ratio at ${k}`);
  assert.ok(Math.abs(ir.betaEff - 0.9) < 1e-4, `β_eff ${ir.betaEff}`);
  assert.throws(() => impulseResponse(opt, new Float64Array(3)), /state must have 2 values/);
});

test("learned-optimizer records render through the plot table", async () => {
  const { PLOT_RENDERERS } = await import("../../src/plots/register");
  const { Figure } = await import("../../src/display/figure");
  const opt = momentumGru(0.9, 2);
  const recs = [updateVsGradient(opt), optimizerFixedPoints(opt, { seed: 1 }), lrScheduleZeroGradient(opt, 5), lrAdaptation(opt, { scales: [0.1, 1], seed: 1, steps: 3, samples: 2 })];
  for (const rec of recs) {
    const hits = PLOT_RENDERERS.filter((r) => (r.match ? r.match(rec) : (rec as { kind?: unknown }).kind === r.kind));
    assert.equal(hits.length, 1, `one renderer for ${rec.kind}`);
    assert.ok(hits[0]!.render(rec) instanceof Figure);
  }
});
