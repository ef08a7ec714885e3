/**
 * The JSLDS loss and its exact gradient for one batch (Smith, Linderman & Sussillo 2021), in float64.
 *
 *   h_t   = F(h_{t−1}, x_t)                      the RNN (its architecture module's kernel step)
 *   e_t   = P(h_{t−1})                           expansion point from the auxiliary MLP (expander.ts)
 *   h̃_t   = F(e_t, x*_t) + J_h(e_t, x*_t)(h̃_{t−1} − e_t) + J_x(e_t, x*_t)(x_t − x*_t)   (arch taylor step)
 *   L = L_task(C h + c) + λ1 L_task(C h̃ + c) + λ2 ⟨‖F(e_t, x*_t) − e_t‖²⟩ + λ3 ⟨‖h_t − h̃_t‖²⟩ / ⟨‖h_t − h̄‖²⟩
 * ⟨·⟩ is the mean over trials, steps and units (an MSE, so the λ's do not scale with N). The match
 * term is relative to the batch's state variance (our choice; the paper's is absolute): with the
 * absolute form the RNN can satisfy it by not moving at all, and on 2-context integration it did,
 * every seed we tried (task accuracy at chance, ‖h − h̃‖² ≈ 1e-16), whereas a constant state makes the
 * relative form infinite (it alone did not make co-training from scratch learn that task: notebook 10). L_task is the task's masked MSE times its
 * loss scale. x*_t is the input with every channel zeroed except the `staticChannels` (e.g. the
 * context cue of 2-context integration, so the expansion points are fixed points under the cue).
 *
 * Engine: hand-written reverse mode in JS float64, chosen by measurement (bench/jsldsEngine.ts, one
 * loss + gradient of a batch of 32 flip-flop trials with P hidden = 2N, steady state after JIT
 * warm-up, on the shared 2-core Sapphire Rapids box at load ≈ 3.5): N = 16, T = 32: this file 22 ms,
 * TF.js cpu 212 ms (9.5×), TF.js wasm 100 ms (4.4×); N = 32, T = 40: 93 ms vs cpu 457 ms (4.9×). The
 * TF.js version is the same loss written with the architecture's stepTf and the Taylor step as
 * tensor ops under tf.variableGrads; its loss agrees to float32 precision (2.0224791 cpu, 2.0224774
 * wasm, 2.0224789 here), and the two backends already differ in the 7th digit, whereas plain float64
 * with a fixed loop order gives the same bytes on any ISA and thread count. At N ≤ 32 every op is
 * tiny, so TF.js's per-op overhead dominates. The Jacobians are never formed: the Taylor step is a
 * pair of Jacobian-vector products (the architecture's taylor step), O(N²) per step, not O(N³).
 * Trials are processed one after another, so the result does not depend on any thread count.
 */
import type { ModelSpec, Trials } from "../../core/types";
import { archModule } from "../../models/arch/index";
import type { KernelTrial, Params64, TaylorStep } from "../../models/arch/types";
import { PHI_CODE } from "../../models/arch/codes";
import { nonlinearityOf } from "../../models/spec";
import { expanderBackward, expanderForward, type ExpanderShape } from "./expander";

/** The weights of the auxiliary losses (all ≥ 0; all 0 = plain training, P unused). */
export interface JsldsWeights {
  /** λ1: task loss of the JSLDS readout C h̃ + c. */
  readonly jsldsTask: number;
  /** λ2: expansion points are fixed points, ‖F(e_t, x*) − e_t‖². */
  readonly fixedPoint: number;
  /** λ3: the JSLDS follows the RNN, ‖h_t − h̃_t‖². */
  readonly match: number;
}

export interface JsldsLoss {
  readonly total: number;
  readonly task: number;
  readonly jsldsTask: number;
  readonly fixedPoint: number;
  readonly match: number;
}

/** Everything the forward pass computed for a batch, [B, T, ·] row-major. */
export interface JsldsForward {
  readonly B: number;
  readonly T: number;
  readonly N: number;
  /** RNN states h_t, t = 1..T: [B, T, N]. */
  readonly states: Float64Array;
  /** Expansion points e_t: [B, T, N]. */
  readonly expansion: Float64Array;
  /** F(e_t, x*_t): [B, T, N]. */
  readonly fAtExpansion: Float64Array;
  /** JSLDS states h̃_t: [B, T, N]. */
  readonly jslds: Float64Array;
  /** x*_t: [B, T, I]. */
  readonly inputStar: Float64Array;
  /** RNN and JSLDS outputs: [B, T, O]. */
  readonly outputs: Float64Array;
  readonly jsldsOutputs: Float64Array;
}

export interface EngineNet {
  readonly spec: ModelSpec;
  /** RNN parameters (float64, library names). */
  readonly rnn: Params64;
  /** P's parameters (expander.ts names) and shape; null when P is not used (all λ = 0). */
  readonly expander: Params64 | null;
  readonly expanderShape: ExpanderShape | null;
  /** Input channels kept in x* (the rest are 0). */
  readonly staticChannels: readonly number[];
  /**
   * false: the fixed-point loss λ2 trains only P (it moves e onto the RNN's fixed points), not the
   * RNN's weights; default true (every loss trains every parameter).
   */
  readonly fixedPointTrainsRnn?: boolean;
}

/** The architecture's pieces the engine needs, with a clear error where one is missing. */
export function engineArch(spec: ModelSpec): TaylorStep {
  const mod = archModule(spec.arch);
  if (!mod.taylor) {
    throw new Error(
      `JSLDS: architecture "${spec.arch}" has no Taylor step (ArchModule.taylor) yet; use arch "vanilla" (tanh or relu) or "linear".`,
    );
  }
  return mod.taylor;
}

interface TrialWork {
  trial: KernelTrial;
  gi: Float64Array;
  gh: Float64Array;
  dh: Float64Array;
  dnext: Float64Array;
  ht: Float64Array; // (T+1)·N
  e: Float64Array; // T·N
  z: Float64Array; // T·H (P's hidden activations)
  F: Float64Array; // T·N
  extra: Float64Array; // T·N·cacheWidth
  xs: Float64Array; // T·I (x*)
  dht: Float64Array;
  dhtPrev: Float64Array;
  gE: Float64Array;
  gHp: Float64Array;
  gF: Float64Array;
  zeroN: Float64Array;
  zeroSink: Float64Array;
  scratch: Record<string, Float64Array>;
}

function work(spec: ModelSpec, T: number, taylor: TaylorStep, H: number): TrialWork {
  const { hiddenSize: N, inputSize: I } = spec;
  const mod = archModule(spec.arch);
  const trial = mod.kernelTrial({ T, N, phi: phiCodeOf(spec), dt: 1, readoutState: false });
  if (trial.recurrent || trial.features || trial.stateBlocks.length !== 1) {
    throw new Error(`JSLDS: architecture "${spec.arch}" keeps more than one state block; the JSLDS path supports vanilla/linear nets.`);
  }
  return {
    trial,
    gi: new Float64Array(N),
    gh: new Float64Array(N),
    dh: new Float64Array(N),
    dnext: new Float64Array(N),
    ht: new Float64Array((T + 1) * N),
    e: new Float64Array(T * N),
    z: new Float64Array(T * Math.max(H, 1)),
    F: new Float64Array(T * N),
    extra: new Float64Array(T * N * taylor.cacheWidth),
    xs: new Float64Array(T * I),
    dht: new Float64Array(N),
    dhtPrev: new Float64Array(N),
    gE: new Float64Array(N),
    gHp: new Float64Array(N),
    gF: new Float64Array(N),
    zeroN: new Float64Array(N),
    zeroSink: new Float64Array(N),
    scratch: {
      weight_hh_l0: new Float64Array(N * N),
      weight_ih_l0: new Float64Array(N * I),
      bias_ih_l0: new Float64Array(N),
      bias_hh_l0: new Float64Array(N),
    },
  };
}

function phiCodeOf(spec: ModelSpec) {
  return PHI_CODE[nonlinearityOf(spec)];
}

function checkBatch(net: EngineNet, trials: Trials): void {
  const { spec } = net;
  if (trials.inputSize !== spec.inputSize || trials.outputSize !== spec.outputSize) {
    throw new Error(
      `JSLDS: the trials have ${trials.inputSize} inputs and ${trials.outputSize} outputs but the network has inputSize ${spec.inputSize} ` +
        `and outputSize ${spec.outputSize}; build the network for the task (getTask(...).inputSize / outputSize).`,
    );
  }
  for (const c of net.staticChannels) {
    if (!(Number.isInteger(c) && c >= 0 && c < spec.inputSize)) {
      throw new Error(`JSLDS: static input channel ${c} is out of range [0, ${spec.inputSize}).`);
    }
  }
}

/**
 * Loss and (when grads is given) its gradient, ADDED into grads: RNN parameter names, and P's names
 * ("P.W1", …) when P is used. Optionally keeps the forward arrays.
 */
export function jsldsLossGrad(
  net: EngineNet,
  trials: Trials,
  weights: JsldsWeights,
  grads: Record<string, Float64Array> | null,
  keep = false,
): { loss: JsldsLoss; forward: JsldsForward | null } {
  checkBatch(net, trials);
  // The relative match loss needs the batch's state variance before any gradient: a forward pass first.
  const stats = grads && net.expander && weights.match > 0 ? pass(net, trials, weights, null, false, null).stats : null;
  const r = pass(net, trials, weights, grads, keep, stats);
  return { loss: r.loss, forward: r.forward };
}

/** Batch statistics of the RNN states for the relative match loss. */
interface StateStats {
  /** Per-unit mean over trials and steps [N]. */
  readonly mean: Float64Array;
  /** Mean squared deviation from it, over trials, steps and units (V). */
  readonly variance: number;
  /** Mean ‖h − h̃‖² over trials, steps and units (S). */
  readonly mismatch: number;
}

function pass(
  net: EngineNet,
  trials: Trials,
  weights: JsldsWeights,
  grads: Record<string, Float64Array> | null,
  keep: boolean,
  stats: StateStats | null,
): { loss: JsldsLoss; forward: JsldsForward | null; stats: StateStats } {
  const { spec, rnn } = net;
  const { hiddenSize: N, inputSize: I, outputSize: O } = spec;
  const B = trials.batch;
  const T = trials.time;
  const useP = net.expander !== null;
  if ((weights.jsldsTask > 0 || weights.fixedPoint > 0 || weights.match > 0) && (!net.expander || !net.expanderShape)) throw new Error("JSLDS: the auxiliary losses need an expander P (none given).");
  const taylor = engineArch(spec);
  const H = net.expanderShape?.hidden ?? 0;
  const w = work(spec, T, taylor, H);
  const { trial, gi, gh, dh, dnext } = w;
  const hs = trial.stateBlocks[0]!;
  const Wih = rnn.weight_ih_l0!;
  const Whh = rnn.weight_hh_l0!;
  const bih = rnn.bias_ih_l0;
  const bhh = rnn.bias_hh_l0;
  const C = rnn["readout.weight"]!;
  const c = rnn["readout.bias"]!;
  const scale = trials.lossScale ?? 1;
  let maskSum = 0;
  for (let i = 0; i < trials.mask.length; i++) maskSum += trials.mask[i]!;
  if (!(maskSum > 0)) throw new Error("JSLDS: the trials' mask is all zero; nothing to train on.");
  const perStep = 1 / (B * T * N);
  const isStatic = new Uint8Array(I);
  for (const ch of net.staticChannels) isStatic[ch] = 1;
  const kept = keep
    ? {
        states: new Float64Array(B * T * N),
        expansion: new Float64Array(B * T * N),
        fAtExpansion: new Float64Array(B * T * N),
        jslds: new Float64Array(B * T * N),
        inputStar: new Float64Array(B * T * I),
        outputs: new Float64Array(B * T * O),
        jsldsOutputs: new Float64Array(B * T * O),
      }
    : null;
  let sTask = 0,
    sJ = 0,
    sFix = 0,
    sMatch = 0;
  const sumH = new Float64Array(N);
  let sumH2 = 0;
  const V = stats ? stats.variance : NaN;
  const matchScale = stats ? 1 / V : 0;
  const varScale = stats ? stats.mismatch / (V * V) : 0;
  const y = new Float64Array(T * O);
  const yt = new Float64Array(T * O);
  const gC = grads?.["readout.weight"];
  const gc = grads?.["readout.bias"];
  const gWih = grads?.weight_ih_l0;
  const gWhh = grads?.weight_hh_l0;
  const gbih = grads?.bias_ih_l0;
  const gbhh = grads?.bias_hh_l0;
  for (let b = 0; b < B; b++) {
    const h0 = trials.h0;
    for (let n = 0; n < N; n++) {
      const v = h0 ? h0[b * N + n]! : 0;
      hs[n] = v;
      w.ht[n] = v;
    }
    trial.prepareStart?.();
    const xOff = b * T * I;
    // ---- forward ----
    for (let t = 0; t < T; t++) {
      const xo = xOff + t * I;
      const hp = t * N;
      for (let j = 0; j < N; j++) {
        let a = bih ? bih[j]! : 0;
        for (let i = 0; i < I; i++) a += Wih[j * I + i]! * trials.inputs[xo + i]!;
        gi[j] = a;
        let r = bhh ? bhh[j]! : 0;
        for (let k = 0; k < N; k++) r += Whh[j * N + k]! * hs[hp + k]!;
        gh[j] = r;
      }
      trial.forward(t, gi, gh);
      for (let o = 0; o < O; o++) {
        let v = c[o]!;
        for (let n = 0; n < N; n++) v += C[o * N + n]! * hs[hp + N + n]!;
        y[t * O + o] = v;
      }
      if (useP) {
        const xt = trials.inputs.subarray(xo, xo + I);
        const xst = w.xs.subarray(t * I, (t + 1) * I);
        for (let i = 0; i < I; i++) xst[i] = isStatic[i] ? xt[i]! : 0;
        const et = w.e.subarray(t * N, (t + 1) * N);
        expanderForward(net.expanderShape!, net.expander!, hs.subarray(hp, hp + N), w.z.subarray(t * H, (t + 1) * H), et);
        const cc = { F: w.F.subarray(t * N, (t + 1) * N), extra: w.extra.subarray(t * N * taylor.cacheWidth, (t + 1) * N * taylor.cacheWidth) };
        taylor.forward(spec, rnn, et, w.ht.subarray(hp, hp + N), xt, xst, w.ht.subarray(hp + N, hp + 2 * N), cc);
        for (let o = 0; o < O; o++) {
          let v = c[o]!;
          for (let n = 0; n < N; n++) v += C[o * N + n]! * w.ht[hp + N + n]!;
          yt[t * O + o] = v;
        }
        for (let n = 0; n < N; n++) {
          const r = cc.F[n]! - et[n]!;
          sFix += r * r;
          const d = hs[hp + N + n]! - w.ht[hp + N + n]!;
          sMatch += d * d;
          const hv = hs[hp + N + n]!;
          sumH[n] += hv;
          sumH2 += hv * hv;
        }
      }
    }
    const yOff = b * T * O;
    for (let k = 0; k < T * O; k++) {
      const m = trials.mask[yOff + k]!;
      if (m === 0) continue;
      const d = y[k]! - trials.targets[yOff + k]!;
      sTask += m * d * d;
      if (useP) {
        const dj = yt[k]! - trials.targets[yOff + k]!;
        sJ += m * dj * dj;
      }
    }
    if (kept) {
      kept.states.set(hs.subarray(N, (T + 1) * N), b * T * N);
      kept.outputs.set(y, yOff);
      if (useP) {
        kept.expansion.set(w.e, b * T * N);
        kept.fAtExpansion.set(w.F, b * T * N);
        kept.jslds.set(w.ht.subarray(N, (T + 1) * N), b * T * N);
        kept.inputStar.set(w.xs, b * T * I);
        kept.jsldsOutputs.set(yt, yOff);
      }
    }
    if (!grads) continue;
    // ---- backward ----
    dh.fill(0);
    w.dht.fill(0);
    trial.beginBackward?.();
    for (let t = T - 1; t >= 0; t--) {
      const hp = t * N;
      const hc = hp + N;
      const xo = xOff + t * I;
      for (let o = 0; o < O; o++) {
        const k = yOff + t * O + o;
        const m = trials.mask[k]!;
        if (m === 0) continue;
        const g = (2 * scale * m * (y[t * O + o]! - trials.targets[k]!)) / maskSum;
        gc![o] += g;
        for (let n = 0; n < N; n++) {
          gC![o * N + n] += g * hs[hc + n]!;
          dh[n] += g * C[o * N + n]!;
        }
        if (useP && weights.jsldsTask > 0) {
          const gj = (2 * weights.jsldsTask * scale * m * (yt[t * O + o]! - trials.targets[k]!)) / maskSum;
          gc![o] += gj;
          for (let n = 0; n < N; n++) {
            gC![o * N + n] += gj * w.ht[hc + n]!;
            w.dht[n] += gj * C[o * N + n]!;
          }
        }
      }
      if (useP) {
        const et = w.e.subarray(t * N, (t + 1) * N);
        const Ft = w.F.subarray(t * N, (t + 1) * N);
        for (let n = 0; n < N; n++) {
          // L3 = S / V (S = ⟨‖h − h̃‖²⟩, V = ⟨‖h − h̄‖²⟩): ∂/∂h = 2λ3[(h − h̃)/V − (S/V²)(h − h̄)]/(BTN).
          const m = 2 * weights.match * perStep * (hs[hc + n]! - w.ht[hc + n]!) * matchScale;
          if (stats) dh[n] += m - 2 * weights.match * perStep * varScale * (hs[hc + n]! - stats.mean[n]!);
          w.dht[n] -= m;
          const r = 2 * weights.fixedPoint * perStep * (Ft[n]! - et[n]!);
          w.gF[n] = r;
          w.gE[n] = -r;
        }
        w.dhtPrev.fill(0);
        const cc = { F: Ft, extra: w.extra.subarray(t * N * taylor.cacheWidth, (t + 1) * N * taylor.cacheWidth) };
        const xt = trials.inputs.subarray(xo, xo + I);
        const xst = w.xs.subarray(t * I, (t + 1) * I);
        if (net.fixedPointTrainsRnn === false) {
          // λ2 moves only e (through P): its weight gradients go to a scratch record that is dropped.
          taylor.backward(spec, rnn, et, w.ht.subarray(hp, hc), xt, xst, cc, w.dht, w.zeroN, grads, w.gE, w.dhtPrev);
          for (const a of Object.values(w.scratch)) a.fill(0);
          taylor.backward(spec, rnn, et, w.ht.subarray(hp, hc), xt, xst, cc, w.zeroN, w.gF, w.scratch, w.gE, w.zeroSink);
        } else {
          taylor.backward(spec, rnn, et, w.ht.subarray(hp, hc), xt, xst, cc, w.dht, w.gF, grads, w.gE, w.dhtPrev);
        }
        w.gHp.fill(0);
        expanderBackward(net.expanderShape!, net.expander!, hs.subarray(hp, hc), w.z.subarray(t * H, (t + 1) * H), w.gE, grads, w.gHp);
        w.dht.set(w.dhtPrev);
      }
      trial.backward(t, dh, gi, gh, dnext);
      for (let j = 0; j < N; j++) {
        const a = gi[j]!;
        if (gbih) gbih[j] += a;
        for (let i = 0; i < I; i++) gWih![j * I + i] += a * trials.inputs[xo + i]!;
        const r = gh[j]!;
        if (gbhh) gbhh[j] += r;
        for (let k = 0; k < N; k++) gWhh![j * N + k] += r * hs[hp + k]!;
      }
      for (let j = 0; j < N; j++) {
        const r = gh[j]!;
        if (r === 0) continue;
        for (let k = 0; k < N; k++) dnext[k] += r * Whh[j * N + k]!;
      }
      if (trial.carry) trial.carry(t, dh, dnext);
      else dh.set(dnext);
      if (useP) for (let n = 0; n < N; n++) dh[n] += w.gHp[n]!;
    }
  }
  const task = (scale * sTask) / maskSum;
  const jsldsTask = useP ? (scale * sJ) / maskSum : NaN;
  const fixedPoint = useP ? sFix * perStep : NaN;
  const M = B * T;
  const mean = Float64Array.from(sumH, (v) => v / M);
  let sq = 0;
  for (let n = 0; n < N; n++) sq += sumH[n]! * mean[n]!;
  const variance = (sumH2 - sq) * perStep;
  const newStats: StateStats = { mean, variance, mismatch: sMatch * perStep };
  if (useP && weights.match > 0 && !(variance > 1e-12)) {
    throw new Error(
      `JSLDS: the RNN states do not vary over this batch (variance ${variance}), so the relative match loss ‖h − h̃‖²/var(h) is undefined; ` +
        "check the inputs, or set λ3 (match) to 0.",
    );
  }
  const match = useP ? (sMatch * perStep) / variance : NaN;
  const total =
    task +
    (weights.jsldsTask > 0 ? weights.jsldsTask * jsldsTask : 0) +
    (weights.fixedPoint > 0 ? weights.fixedPoint * fixedPoint : 0) +
    (weights.match > 0 ? weights.match * match : 0);
  const forward: JsldsForward | null = kept ? { B, T, N, ...kept } : null;
  return { loss: { total, task, jsldsTask, fixedPoint, match }, forward, stats: newStats };
}
