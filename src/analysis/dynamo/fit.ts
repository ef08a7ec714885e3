/**
 * Fitting a DYNAMO meta-model (Cotler, Tai, Hernández, Elias & Sussillo 2023) to a population: θ_i,
 * the meta-GRU, its shared readout and the per-network maps V_i are trained jointly with Adam on the
 * same battery of trials for every network. Targets: each network's outputs and the top-k PC scores of
 * the hidden features its readout sees (LSTM: h; leaky: φ(x)), each PC scaled to unit variance so
 * networks of different activity scale weigh alike.
 */
import { Rng, deriveSeed } from "../../core/random";
import type { Trials } from "../../core/types";
import type { Task } from "../../tasks/types";
import { archModule } from "../../models/arch";
import { runModel } from "../../models/forward";
import { stateSize } from "../../models/spec";
import { fitPca, pcaTransform } from "../projection/pca";
import { DynamoFit, type EmulationError } from "./DynamoFit";
import { MetaWorkspace, metaForward, metaLayout, metaLossAndGrad, type EmulationTargets, type MetaLayout } from "./metaGru";
import { checkEmulable, validateDynamoPopulation, type DynamoNetwork } from "./validate";

export interface DynamoOptions {
  /** Seed of the initialisation, the batteries and the minibatch draws. */
  readonly seed: number;
  /** Embedding dimension d (default 2). */
  readonly dims?: number;
  /** Meta-model GRU units (default 32). */
  readonly hidden?: number;
  /** PCs per network (default 5). */
  readonly pcs?: number;
  /**
   * Weight β of the output term (default: 1 / the pooled variance of the networks' outputs on the
   * training battery, so the output and PC terms are both fractions of their targets' variance: a
   * sparse output such as RSG's Go pulse would otherwise carry ~1/40 of the loss).
   */
  readonly outputWeight?: number;
  /** Weight α of the hidden-state term (default 1). */
  readonly alpha?: number;
  /** Weight of the θ penalty (default 1e-3). */
  readonly thetaPenalty?: number;
  /** Adam learning rate (default 3e-3). */
  readonly lr?: number;
  /** Adam updates (default 1000). */
  readonly updates?: number;
  /** Networks per update (default 8). */
  readonly netsPerUpdate?: number;
  /** Trials per network per update (default 8). */
  readonly trialsPerUpdate?: number;
  /** Trials of the training battery (default 32) and of the held-out battery (default 16). */
  readonly trainTrials?: number;
  readonly testTrials?: number;
  /** Global gradient-norm clip (default 1). */
  readonly clipNorm?: number;
  /**
   * The trials to emulate on (default: task.trials of trainTrials / testTrials trials). Solution
   * types can differ only beyond the trained range (Turner et al.), so an embedding that should see
   * them needs a battery that reaches there (e.g. task.grid over a wider t_s range).
   */
  readonly battery?: { readonly train: Trials; readonly test: Trials };
  /** Longest trial the meta-model trains on (default 400). */
  readonly maxTrialSteps?: number;
  /** Called every 10 updates. */
  readonly onProgress?: (update: number, updates: number, loss: number) => void;
}

/**
 * Each network's outputs and scaled PC scores on one battery. Given `pcas` (fitted on the training
 * battery), the held-out battery is projected on the same axes with the same scale.
 */
function targetsOn(networks: readonly DynamoNetwork[], trials: Trials, k: number, pcas?: readonly ReturnType<typeof fitPca>[]) {
  const B = trials.batch;
  const T = trials.time;
  const inputs = Float64Array.from(trials.inputs);
  const outputs: Float64Array[] = [];
  const pcs: Float64Array[] = [];
  const fitted: ReturnType<typeof fitPca>[] = [];
  const scales: number[] = [];
  networks.forEach((n, i) => {
    const spec = n.model.spec;
    const S = stateSize(spec);
    const N = spec.hiddenSize;
    const run = runModel(n.model, trials.inputs, { batch: B, time: T });
    checkEmulable(n.id, run.states, run.outputs);
    const arch = archModule(spec.arch);
    const feats = new Float64Array(B * T * N);
    for (let r = 0; r < B * T; r++) feats.set(arch.features(spec, run.states.subarray(r * S, (r + 1) * S)), r * N);
    const pca = pcas ? pcas[i]! : fitPca({ rows: B * T, cols: N, data: feats }, k);
    fitted.push(pca);
    // unit variance per PC on average: the error is then a fraction of that network's own variance
    const kept = Array.from(pca.explainedVariance.subarray(0, k)).reduce((s, v) => s + v, 0) / k;
    const scale = 1 / Math.sqrt(Math.max(kept, 1e-12));
    scales.push(scale);
    const z = pcaTransform(pca, { rows: B * T, cols: N, data: feats }).data;
    for (let j = 0; j < z.length; j++) z[j] = z[j]! * scale;
    outputs.push(run.outputs);
    pcs.push(z);
  });
  return { batch: B, time: T, inputs, outputs, pcs, pcas: fitted, scales };
}

/** Variance of all values of all arrays around their common mean. */
function pooledVariance(xs: readonly Float64Array[]): number {
  let n = 0;
  let s = 0;
  for (const x of xs) for (let j = 0; j < x.length; j++) (s += x[j]!), n++;
  const m = s / n;
  let v = 0;
  for (const x of xs) for (let j = 0; j < x.length; j++) v += (x[j]! - m) ** 2;
  return v / n;
}

function sampleWithout(rng: Rng, n: number, m: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < Math.min(m, n); i++) {
    const j = rng.int(i, n - 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, Math.min(m, n)).sort((a, b) => a - b);
}

/** PyTorch-style U(±1/√H) for the GRU and readouts; θ ~ N(0, 0.1²) so networks start close together. */
function initParams(L: MetaLayout, rng: Rng): Float64Array {
  const p = new Float64Array(L.size);
  const a = 1 / Math.sqrt(L.H);
  for (let j = 0; j < L.theta; j++) p[j] = rng.uniform(-a, a);
  for (let j = L.theta; j < L.v; j++) p[j] = rng.normal(0, 0.1);
  for (let j = L.v; j < L.c; j++) p[j] = rng.uniform(-a, a);
  return p;
}

/** Held-out emulation error of network i at its own θ. */
function emulationError(L: MetaLayout, p: Float64Array, test: EmulationTargets, i: number, id: string): EmulationError {
  const theta = p.subarray(L.theta + i * L.d, L.theta + (i + 1) * L.d);
  const f = metaForward(L, p, theta, test.inputs, test.batch, test.time, i);
  const y = test.outputs[i]!;
  const z = test.pcs[i]!;
  let se = 0;
  let ym = 0;
  for (let j = 0; j < y.length; j++) ym += y[j]!;
  ym /= y.length;
  let yv = 0;
  for (let j = 0; j < y.length; j++) {
    se += (f.outputs[j]! - y[j]!) ** 2;
    yv += (y[j]! - ym) ** 2;
  }
  let he = 0;
  let hv = 0;
  const k = L.k;
  const rows = z.length / k;
  for (let q = 0; q < k; q++) {
    let m = 0;
    for (let r = 0; r < rows; r++) m += z[r * k + q]!;
    m /= rows;
    for (let r = 0; r < rows; r++) {
      he += (f.pcs![r * k + q]! - z[r * k + q]!) ** 2;
      hv += (z[r * k + q]! - m) ** 2;
    }
  }
  return { id, outputMse: se / y.length, outputNmse: yv > 0 ? se / yv : se > 0 ? Infinity : 0, hiddenNmse: hv > 0 ? he / hv : 0, hiddenR2: hv > 0 ? 1 - he / hv : 1 };
}

/** Fits the meta-model, θ_i and V_i to `networks` on `task`. Returns the typed record. */
export function fitDynamo(networks: readonly DynamoNetwork[], task: Task, options: DynamoOptions): DynamoFit {
  const t0 = performance.now();
  const o = {
    dims: 2, hidden: 32, pcs: 5, alpha: 1, thetaPenalty: 1e-3, lr: 3e-3, updates: 1000, netsPerUpdate: 8, trialsPerUpdate: 8,
    trainTrials: 32, testTrials: 16, clipNorm: 1, maxTrialSteps: 400, ...options,
  };
  if (!Number.isInteger(o.seed)) throw new Error(`fitDynamo: seed must be an integer, got ${o.seed}.`);
  const train = o.battery?.train ?? task.trials({ batch: o.trainTrials, seed: deriveSeed(o.seed, "dynamo-train") });
  validateDynamoPopulation(networks, task, { dims: o.dims, pcs: o.pcs, maxTrialSteps: o.maxTrialSteps }, train.time);
  const test = o.battery?.test ?? task.trials({ batch: o.testTrials, seed: deriveSeed(o.seed, "dynamo-test") });
  for (const [what, t] of [["training", train], ["held-out", test]] as const) {
    if (t.inputSize !== task.inputSize || t.outputSize !== task.outputSize) {
      throw new Error(`fitDynamo: the ${what} battery has ${t.inputSize} inputs / ${t.outputSize} outputs, task "${task.name}" ${task.inputSize} / ${task.outputSize}; build it from the same task.`);
    }
  }
  if (test.time !== train.time) throw new Error(`fitDynamo: task "${task.name}" gives trials of ${train.time} and ${test.time} steps; the meta-model trains on one trial length.`);
  const tr = targetsOn(networks, train, o.pcs);
  const te = targetsOn(networks, test, o.pcs, tr.pcas);
  const L = metaLayout({ I: task.inputSize, d: o.dims, H: o.hidden, O: task.outputSize, M: networks.length, k: o.pcs });
  const rng = new Rng(deriveSeed(o.seed, "dynamo-init"));
  const p = initParams(L, rng);
  const ws = new MetaWorkspace(L, train.time);
  const g = new Float64Array(L.size);
  const m1 = new Float64Array(L.size);
  const m2 = new Float64Array(L.size);
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-8;
  const history: { update: number; loss: number; output: number; hidden: number }[] = [];
  const batchRng = new Rng(deriveSeed(o.seed, "dynamo-batches"));
  const beta = o.outputWeight ?? 1 / Math.max(1e-12, pooledVariance(tr.outputs));
  const w = { output: beta, alpha: o.alpha, thetaPenalty: o.thetaPenalty };
  for (let u = 1; u <= o.updates; u++) {
    const nets = sampleWithout(batchRng, L.M, o.netsPerUpdate);
    const trials = sampleWithout(batchRng, train.batch, o.trialsPerUpdate);
    const parts = metaLossAndGrad(L, p, tr, nets, trials, w, ws, g);
    if (!Number.isFinite(parts.loss)) throw new Error(`fitDynamo: the loss became non-finite at update ${u}; lower lr (now ${o.lr}) or clipNorm (now ${o.clipNorm}).`);
    let sq = 0;
    for (let j = 0; j < L.size; j++) sq += g[j]! * g[j]!;
    const coef = Math.min(1, o.clipNorm / (Math.sqrt(sq) + 1e-6));
    // Adam as torch.optim.Adam, in float64
    const c1 = 1 - b1 ** u;
    const c2 = 1 - b2 ** u;
    const step = o.lr / c1;
    for (let j = 0; j < L.size; j++) {
      const gj = g[j]! * coef;
      m1[j] = b1 * m1[j]! + (1 - b1) * gj;
      m2[j] = b2 * m2[j]! + (1 - b2) * gj * gj;
      p[j] = p[j]! - (step * m1[j]!) / (Math.sqrt(m2[j]! / c2) + eps);
    }
    if (u % 10 === 0 || u === o.updates) {
      history.push({ update: u, ...parts });
      o.onProgress?.(u, o.updates, parts.loss);
    }
  }
  const emulation = networks.map((n, i) => emulationError(L, p, te, i, n.id));
  return new DynamoFit({
    ids: networks.map((n) => n.id),
    labels: networks.map((n) => ({ ...(n.labels ?? {}) })),
    task: task.name,
    layout: L,
    params: p,
    emulation,
    history,
    options: { seed: o.seed, dims: o.dims, outputWeight: beta, hidden: o.hidden, pcs: o.pcs, alpha: o.alpha, thetaPenalty: o.thetaPenalty, lr: o.lr, updates: o.updates, netsPerUpdate: o.netsPerUpdate, trialsPerUpdate: o.trialsPerUpdate, clipNorm: o.clipNorm, trainTrials: train.batch, testTrials: test.batch },
    trialSteps: train.time,
    seconds: (performance.now() - t0) / 1000,
  });
}
