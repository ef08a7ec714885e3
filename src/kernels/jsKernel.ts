/**
 * Pure-JS fused RNN kernel: forward + backprop-through-time, one network and one trial at a time.
 * The per-step equations of each architecture live in its module (src/models/arch/<arch>.ts,
 * kernelTrial); this file owns the loops, the projections, the readout and the loss.
 *
 * The reference implementation of the kernel contract (src/kernels/types.ts) and the fallback when
 * the native addon is not built. Internally float64 (JS numbers), stored outputs float32. Buffers are
 * allocated once per call, never per step. Non-finite policy: see plan.ts.
 */
import type { ForwardResult, KernelRequest, LossGradResult, RnnKernel } from "./types";
import { firstNonFiniteParam, makePlan, maskSum, type KernelPlan } from "./plan";
import { archModule, type KernelTrial } from "../models/arch/index";

/** Buffers shared by all architectures; the arch's own per-slot buffers live in its KernelTrial. */
interface Work {
  trial: KernelTrial;
  dy: Float64Array; // T·O
  gi: Float64Array; // G·N input-side pre-activations (backward: their gradients)
  gh: Float64Array; // G·N recurrent-side pre-activations (backward: their gradients)
  dh: Float64Array; // N
  dnext: Float64Array; // N
  g: Float64Array[]; // grad accumulators in plan.paramNames order
}

function makeWork(req: KernelRequest, p: KernelPlan, withGrad: boolean): Work {
  const { T, N, O, gates: G } = p;
  return {
    trial: archModule(req.spec.arch).kernelTrial(p),
    dy: new Float64Array(T * O),
    gi: new Float64Array(G * N),
    gh: new Float64Array(G * N),
    dh: new Float64Array(N),
    dnext: new Float64Array(N),
    g: withGrad ? p.paramSizes.map((s) => new Float64Array(s)) : [],
  };
}

interface NetParams {
  wih: Float32Array;
  whh: Float32Array;
  bih: Float32Array | null;
  bhh: Float32Array;
  wout: Float32Array | null;
  bout: Float32Array | null;
}

function netParams(p: KernelPlan, params: Readonly<Record<string, Float32Array>>, m: number): NetParams {
  const view = (name: string): Float32Array | null => {
    const k = p.paramNames.indexOf(name);
    if (k < 0) return null;
    const s = p.paramSizes[k];
    return params[name].subarray(m * s, (m + 1) * s);
  };
  return {
    wih: view("weight_ih_l0")!,
    whh: view("weight_hh_l0")!,
    bih: view("bias_ih_l0"),
    bhh: view("bias_hh_l0")!,
    wout: view("readout.weight"),
    bout: view("readout.bias"),
  };
}

/** Runs one trial forward; fills the trial's slots and writes outputs (float32) at yOff. */
function forwardTrial(
  p: KernelPlan,
  w: Work,
  q: NetParams,
  x: Float32Array,
  xOff: number,
  h0: Float32Array | undefined,
  h0Off: number,
  out: Float32Array,
  yOff: number,
  states: Float32Array | undefined,
  sOff: number,
): void {
  const { T, I, N, O } = p;
  const { trial, gi, gh } = w;
  const { wih, whh, bih, bhh, wout, bout } = q;
  const blocks = trial.stateBlocks;
  const rec = trial.recurrent ?? blocks[0];
  const feat = trial.features ?? blocks[0];
  for (let b = 0; b < blocks.length; b++) {
    const s = blocks[b];
    for (let n = 0; n < N; n++) s[n] = h0 ? h0[h0Off + b * N + n] : 0;
  }
  trial.prepareStart?.();
  const GN = p.gates * N;
  for (let t = 0; t < T; t++) {
    const xo = xOff + t * I;
    const hp = t * N; // previous state slot
    const hc = (t + 1) * N; // current state slot
    // Input and recurrent projections of all gate blocks.
    for (let j = 0; j < GN; j++) {
      let a = bih ? bih[j] : 0;
      const wo = j * I;
      for (let i = 0; i < I; i++) a += wih[wo + i] * x[xo + i];
      gi[j] = a;
      let r = bhh[j];
      const ro = j * N;
      for (let k = 0; k < N; k++) r += whh[ro + k] * rec[hp + k];
      gh[j] = r;
    }
    trial.forward(t, gi, gh);
    // Readout.
    const yo = yOff + t * O;
    if (p.readoutState) {
      for (let o = 0; o < O; o++) out[yo + o] = feat[hc + o];
    } else {
      for (let o = 0; o < O; o++) {
        let y = bout![o];
        const ro = o * N;
        for (let n = 0; n < N; n++) y += wout![ro + n] * feat[hc + n];
        out[yo + o] = y;
      }
    }
    if (states) {
      const so = sOff + t * p.S;
      for (let b = 0; b < blocks.length; b++) {
        const s = blocks[b];
        for (let n = 0; n < N; n++) states[so + b * N + n] = s[hc + n];
      }
    }
  }
}

/** Backprop through one trial; w.dy holds dL/dy. Accumulates into w.g. */
function backwardTrial(p: KernelPlan, w: Work, q: NetParams, x: Float32Array, xOff: number): void {
  const { T, I, N, O } = p;
  const { trial, dy, gi, gh, dh, dnext } = w;
  const rec = trial.recurrent ?? trial.stateBlocks[0];
  const feat = trial.features ?? trial.stateBlocks[0];
  const slope = trial.featureSlope;
  const { whh, wout } = q;
  const names = p.paramNames;
  const gWih = w.g[names.indexOf("weight_ih_l0")];
  const gWhh = w.g[names.indexOf("weight_hh_l0")];
  const biK = names.indexOf("bias_ih_l0");
  const gBih = biK >= 0 ? w.g[biK] : null;
  const gBhh = w.g[names.indexOf("bias_hh_l0")];
  const woK = names.indexOf("readout.weight");
  const gWout = woK >= 0 ? w.g[woK] : null;
  const gBout = woK >= 0 ? w.g[names.indexOf("readout.bias")] : null;
  dh.fill(0);
  trial.beginBackward?.();
  for (let t = T - 1; t >= 0; t--) {
    const hc = (t + 1) * N;
    const hp = t * N;
    const dyo = t * O;
    // Readout gradient into dh (through the features' slope where they are φ of the state).
    if (p.readoutState) {
      for (let o = 0; o < O; o++) dh[o] += dy[dyo + o];
    } else {
      for (let o = 0; o < O; o++) {
        const d = dy[dyo + o];
        if (d === 0) continue;
        gBout![o] += d;
        const ro = o * N;
        if (slope) {
          for (let n = 0; n < N; n++) {
            gWout![ro + n] += d * feat[hc + n];
            dh[n] += d * wout![ro + n] * slope[hc + n];
          }
        } else {
          for (let n = 0; n < N; n++) {
            gWout![ro + n] += d * feat[hc + n];
            dh[n] += d * wout![ro + n];
          }
        }
      }
    }
    // Gate pre-activation gradients: gi (input side) and gh (recurrent side); dnext = direct path.
    trial.backward(t, dh, gi, gh, dnext);
    // Parameter gradients.
    const GN = p.gates * N;
    const xo = xOff + t * I;
    for (let j = 0; j < GN; j++) {
      const a = gi[j];
      if (gBih) gBih[j] += a;
      const wo = j * I;
      for (let i = 0; i < I; i++) gWih[wo + i] += a * x[xo + i];
      const r = gh[j];
      gBhh[j] += r;
      const ro = j * N;
      for (let k = 0; k < N; k++) gWhh[ro + k] += r * rec[hp + k];
    }
    // dL/d(previous state): the path through W_hh, then the arch's carry.
    for (let j = 0; j < GN; j++) {
      const r = gh[j];
      if (r === 0) continue;
      const ro = j * N;
      for (let k = 0; k < N; k++) dnext[k] += r * whh[ro + k];
    }
    if (trial.carry) trial.carry(t, dh, dnext);
    else dh.set(dnext);
  }
}

function run(req: KernelRequest, withGrad: boolean, keepStates: boolean): ForwardResult & Partial<LossGradResult> {
  const p = makePlan(req, withGrad);
  const { M, B, T, I, O, S, N } = p;
  const data = req.data;
  const outputs = new Float32Array(M * B * T * O);
  const states = keepStates ? new Float32Array(M * B * T * S) : undefined;
  const hasTargets = data.targets !== undefined;
  const loss = hasTargets ? new Float64Array(M) : undefined;
  const grads: Record<string, Float32Array> = {};
  if (withGrad) for (let k = 0; k < p.paramNames.length; k++) grads[p.paramNames[k]] = new Float32Array(M * p.paramSizes[k]);
  const w = makeWork(req, p, withGrad);
  const tgt = data.targets;
  const mask = data.mask;
  for (let m = 0; m < M; m++) {
    const bad = firstNonFiniteParam(p, req.params, m);
    if (bad) {
      outputs.fill(NaN, m * B * T * O, (m + 1) * B * T * O);
      if (states) states.fill(NaN, m * B * T * S, (m + 1) * B * T * S);
      if (loss) loss[m] = NaN;
      if (withGrad) for (let k = 0; k < p.paramNames.length; k++) {
        grads[p.paramNames[k]].fill(NaN, m * p.paramSizes[k], (m + 1) * p.paramSizes[k]);
      }
      continue;
    }
    const q = netParams(p, req.params, m);
    const sm = hasTargets ? maskSum(p, mask, m) : 0;
    const scale = sm > 0 ? (2 * p.lossScale) / sm : 0;
    if (withGrad) for (const g of w.g) g.fill(0);
    let lossSum = 0;
    const dOff = p.perNetworkData ? m * B * T : 0;
    for (let b = 0; b < B; b++) {
      const xOff = (dOff + b * T) * I;
      const yOff = ((m * B + b) * T) * O;
      const h0Off = p.sharedH0 ? b * S : (m * B + b) * S;
      forwardTrial(p, w, q, data.inputs, xOff, data.h0, h0Off, outputs, yOff, states, (m * B + b) * T * S);
      if (tgt) {
        const tOff = (dOff + b * T) * O;
        for (let k = 0; k < T * O; k++) {
          const mk = mask ? mask[tOff + k] : 1;
          const e = outputs[yOff + k] - tgt[tOff + k];
          lossSum += mk * e * e;
          w.dy[k] = scale * mk * e;
        }
      }
      if (withGrad) backwardTrial(p, w, q, data.inputs, xOff);
    }
    if (loss) loss[m] = sm > 0 ? (p.lossScale * lossSum) / sm : 0;
    if (withGrad) {
      for (let k = 0; k < p.paramNames.length; k++) grads[p.paramNames[k]].set(w.g[k], m * p.paramSizes[k]);
    }
  }
  void N;
  return { outputs, states, loss, grads: withGrad ? grads : undefined };
}

/** Pure-JS kernel (single thread). */
export const jsKernel: RnnKernel = {
  name: "js",
  threads: 1,
  forward(req: KernelRequest, opts?: { keepStates?: boolean }): ForwardResult {
    const r = run(req, false, !!opts?.keepStates);
    const res: { outputs: Float32Array; states?: Float32Array; loss?: Float64Array } = { outputs: r.outputs };
    if (r.states) res.states = r.states;
    if (r.loss) res.loss = r.loss;
    return res;
  },
  lossAndGrad(req: KernelRequest): LossGradResult {
    const r = run(req, true, false);
    return { loss: r.loss!, grads: r.grads! };
  },
};
