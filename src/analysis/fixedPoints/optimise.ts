/**
 * Batched minimisation of q over K states at once (the "joint" method of FixedPointFinder: the
 * objective is the mean q over points, so one learning rate and one gradient clip serve all points).
 * Adam as in FixedPointFinder's TF back-end (ε = 0.01), with its adaptive learning rate and adaptive
 * gradient-norm clipping. A point stops when q < tolQ or |Δq| < tolDq·lr; stopped points leave the
 * working set, which is compacted so every iteration stays two dense GEMMs over the active rows.
 * With the native addon built, the same loop runs fused in C++ (fusedOptimise.ts); this JS loop is
 * the fallback and the reference it is tested against.
 */
import type { Dynamics } from "./dynamics";
import { fusedOptimise } from "./fusedOptimise";

export interface OptimiserOptions {
  /** Stop a point when q < tolQ. Default 1e-12. */
  tolQ?: number;
  /** Stop a point when |q_t − q_{t−1}| < tolDq · lr. Default 1e-20. */
  tolDq?: number;
  /** Hard cap on iterations. Default 5000. */
  maxIters?: number;
  /** Initial learning rate. Default 1.0. */
  lrInit?: number;
  /** Adapt the learning rate from the loss history (FixedPointFinder TF rule). Default true. */
  adaptiveLr?: boolean;
  /** Multiply lr by this when the newest loss is worse than each of the previous `lrPatience`. Default 0.95. */
  lrDecreaseFactor?: number;
  /** Default 5. */
  lrPatience?: number;
  /** Multiply lr by 1/lrDecreaseFactor after this many steps of monotone improvement without a change. Default 5. */
  lrMinStepsPerIncrease?: number;
  /** Clip the global gradient norm at this quantile of the recent norms. Default 0.95. */
  clipQuantile?: number;
  /** Number of recent gradient norms kept for clipping. Default 128. */
  clipWindow?: number;
  /** Clip value before any history. Default 1e12. */
  clipInit?: number;
  /** Adam parameters. Defaults 0.9, 0.999, 0.01 (TF back-end's ε). */
  beta1?: number;
  beta2?: number;
  adamEps?: number;
  /** Called every `progressEvery` iterations. */
  onProgress?: (p: { iteration: number; active: number; meanQ: number; lr: number }) => void;
  progressEvery?: number;
}

export interface OptimiserResult {
  readonly x: Float64Array;
  readonly q: Float64Array;
  readonly iterations: Int32Array;
  /** 1 when the point met tolQ or tolDq. */
  readonly converged: Uint8Array;
  /** Iterations run by the whole batch. */
  readonly itersRun: number;
  readonly finalLr: number;
  readonly seconds: number;
}

export const OPTIMISER_DEFAULTS = {
  tolQ: 1e-12,
  tolDq: 1e-20,
  maxIters: 5000,
  lrInit: 1.0,
  adaptiveLr: true,
  lrDecreaseFactor: 0.95,
  lrPatience: 5,
  lrMinStepsPerIncrease: 5,
  clipQuantile: 0.95,
  clipWindow: 128,
  clipInit: 1e12,
  beta1: 0.9,
  beta2: 0.999,
  adamEps: 0.01,
  progressEvery: 100,
} as const;

/** Minimise q from x0 [K,S] with the constant drive [K,D] (from dyn.drive). */
export function optimiseStates(
  dyn: Dynamics,
  x0: Float64Array,
  drive: Float64Array,
  K: number,
  options: OptimiserOptions = {},
): OptimiserResult {
  const o = { ...OPTIMISER_DEFAULTS, ...stripUndefined(options) };
  const S = dyn.stateSize;
  const D = drive.length / Math.max(K, 1);
  const t0 = performance.now();
  const x = Float64Array.from(x0);
  const qOut = new Float64Array(K);
  const iters = new Int32Array(K).fill(0);
  const converged = new Uint8Array(K);
  if (K === 0) return { x, q: qOut, iterations: iters, converged, itersRun: 0, finalLr: o.lrInit, seconds: 0 };
  const fused = fusedOptimise(dyn, x0, drive, K, o);
  if (fused) return { ...fused, seconds: (performance.now() - t0) / 1000 };

  // Working (compacted) copies of the active rows.
  let Ka = K;
  const act = new Int32Array(K);
  for (let k = 0; k < K; k++) act[k] = k;
  const xa = Float64Array.from(x);
  const da = Float64Array.from(drive);
  const m = new Float64Array(K * S);
  const v = new Float64Array(K * S);
  const qPrev = new Float64Array(K).fill(Infinity);
  const r = new Float64Array(K * S);
  const q = new Float64Array(K);
  const g = new Float64Array(K * S);
  const ws = dyn.workspace(K);

  let lr = o.lrInit;
  const lossHist: number[] = [];
  let lastLrChange = 0;
  const normHist: number[] = [];
  let frozenSum = 0;
  let it = 0;
  let b1t = 1;
  let b2t = 1;
  const sorted = new Float64Array(o.clipWindow);

  for (it = 1; it <= o.maxIters; it++) {
    dyn.qGrad(xa, da, Ka, r, q, g, ws);

    // Per-point stopping: converged (or diverged) rows leave the working set with their current x.
    let nStop = 0;
    let activeSum = 0;
    for (let a = 0; a < Ka; a++) {
      const qa = q[a]!;
      const stop = !Number.isFinite(qa) || qa < o.tolQ || Math.abs(qa - qPrev[a]!) < o.tolDq * lr;
      if (stop) {
        const k = act[a]!;
        x.set(xa.subarray(a * S, (a + 1) * S), k * S);
        qOut[k] = qa;
        iters[k] = it - 1;
        converged[k] = Number.isFinite(qa) ? 1 : 0;
        if (Number.isFinite(qa)) frozenSum += qa;
        act[a] = -1;
        nStop++;
      } else activeSum += qa;
    }
    if (nStop > 0) {
      let w = 0;
      for (let a = 0; a < Ka; a++) {
        if (act[a]! < 0) continue;
        if (w !== a) {
          act[w] = act[a]!;
          xa.copyWithin(w * S, a * S, (a + 1) * S);
          m.copyWithin(w * S, a * S, (a + 1) * S);
          v.copyWithin(w * S, a * S, (a + 1) * S);
          g.copyWithin(w * S, a * S, (a + 1) * S);
          da.copyWithin(w * D, a * D, (a + 1) * D);
          q[w] = q[a]!;
        }
        w++;
      }
      Ka = w;
      if (Ka === 0) break;
    }
    for (let a = 0; a < Ka; a++) qPrev[a] = q[a]!;
    const meanQ = (activeSum + frozenSum) / K;

    // Gradient of the mean objective, clipped by global norm at a quantile of recent norms.
    const n = Ka * S;
    let sq = 0;
    for (let i = 0; i < n; i++) sq += g[i]! * g[i]!;
    const norm = Math.sqrt(sq) / K;
    let clip = o.clipInit;
    if (normHist.length > 0) {
      const h = sorted.subarray(0, normHist.length);
      for (let i = 0; i < normHist.length; i++) h[i] = normHist[i]!;
      h.sort();
      clip = h[Math.min(h.length - 1, Math.floor(o.clipQuantile * (h.length - 1) + 0.5))]!;
    }
    normHist.push(norm);
    if (normHist.length > o.clipWindow) normHist.shift();
    const scale = (norm > clip && norm > 0 ? clip / norm : 1) / K;

    // Adam (TF form: ε added to √v, bias correction folded into the step size).
    b1t *= o.beta1;
    b2t *= o.beta2;
    const step = (lr * Math.sqrt(1 - b2t)) / (1 - b1t);
    const b1 = o.beta1;
    const b2 = o.beta2;
    const eps = o.adamEps;
    for (let i = 0; i < n; i++) {
      const gi = g[i]! * scale;
      const mi = b1 * m[i]! + (1 - b1) * gi;
      const vi = b2 * v[i]! + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      xa[i] -= (step * mi) / (Math.sqrt(vi) + eps);
    }

    // Adaptive learning rate.
    lossHist.push(meanQ);
    if (lossHist.length > o.lrPatience + 1) lossHist.shift();
    if (o.adaptiveLr && lossHist.length === o.lrPatience + 1) {
      const newest = lossHist[lossHist.length - 1]!;
      let worseThanAll = true;
      let monotone = true;
      for (let i = 0; i < lossHist.length - 1; i++) {
        if (!(newest > lossHist[i]!)) worseThanAll = false;
        if (!(lossHist[i + 1]! < lossHist[i]!)) monotone = false;
      }
      if (worseThanAll) {
        lr *= o.lrDecreaseFactor;
        lastLrChange = it;
      } else if (monotone && it - lastLrChange >= o.lrMinStepsPerIncrease) {
        lr /= o.lrDecreaseFactor;
        lastLrChange = it;
      }
    }
    if (o.onProgress && it % o.progressEvery === 0) o.onProgress({ iteration: it, active: Ka, meanQ, lr });
  }
  // Points still active at the cap: record their final state and q.
  const itersRun = Math.min(it, o.maxIters);
  if (Ka > 0) {
    dyn.qGrad(xa, da, Ka, r, q, g, ws);
    for (let a = 0; a < Ka; a++) {
      const k = act[a]!;
      x.set(xa.subarray(a * S, (a + 1) * S), k * S);
      qOut[k] = q[a]!;
      iters[k] = itersRun;
    }
  }
  return { x, q: qOut, iterations: iters, converged, itersRun, finalLr: lr, seconds: (performance.now() - t0) / 1000 };
}

export function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
