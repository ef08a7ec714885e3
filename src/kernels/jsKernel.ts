/**
 * Pure-JS fused RNN kernel: forward + backprop-through-time, one network and one trial at a time.
 *
 * The reference implementation of the kernel contract (src/kernels/types.ts) and the fallback when
 * the native addon is not built. Internally float64 (JS numbers), stored outputs float32. Buffers are
 * allocated once per call, never per step. Non-finite policy: see plan.ts.
 */
import type { ForwardResult, KernelRequest, LossGradResult, RnnKernel } from "./types";
import { firstNonFiniteParam, makePlan, maskSum, type KernelPlan } from "./plan";

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** φ(a) for codes tanh 0, relu 1 (keeps NaN), identity 2. */
function phiOf(code: number, a: number): number {
  return code === 0 ? Math.tanh(a) : code === 1 ? (a > 0 ? a : 0 * a) : a;
}

/** φ'(a) expressed through a and φ(a) (tanh: 1 − φ², relu: a > 0). */
function dphiOf(code: number, a: number, p: number): number {
  return code === 0 ? 1 - p * p : code === 1 ? (a > 0 ? 1 : 0) : 1;
}

interface Work {
  hs: Float64Array; // (T+1)·N: h (or leaky state s); slot 0 = h0
  cs: Float64Array; // (T+1)·N: LSTM cell
  ph: Float64Array; // (T+1)·N: leaky φ(s)
  pre: Float64Array; // (T+1)·N: vanilla pre-activation (for relu')
  gates: Float64Array; // T·G·N gate activations
  hn: Float64Array; // T·N: GRU W_hn h + b_hn
  tc: Float64Array; // T·N: LSTM tanh(c)
  dy: Float64Array; // T·O
  gi: Float64Array; // G·N
  gh: Float64Array; // G·N
  dh: Float64Array; // N
  dc: Float64Array; // N
  dnext: Float64Array; // N
  g: Float64Array[]; // grad accumulators in plan.paramNames order
}

function makeWork(p: KernelPlan, withGrad: boolean): Work {
  const { T, N, O, gates: G } = p;
  return {
    hs: new Float64Array((T + 1) * N),
    cs: new Float64Array(p.arch === 2 ? (T + 1) * N : 0),
    ph: new Float64Array(p.arch === 3 ? (T + 1) * N : 0),
    pre: new Float64Array(p.arch === 0 || p.arch === 3 ? (T + 1) * N : 0),
    gates: new Float64Array(p.arch === 1 || p.arch === 2 ? T * G * N : 0),
    hn: new Float64Array(p.arch === 1 ? T * N : 0),
    tc: new Float64Array(p.arch === 2 ? T * N : 0),
    dy: new Float64Array(T * O),
    gi: new Float64Array(G * N),
    gh: new Float64Array(G * N),
    dh: new Float64Array(N),
    dc: new Float64Array(N),
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

/** Runs one trial forward; fills w.hs/... and writes outputs (float32) at yOff. */
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
  const { T, I, N, O, arch, phi } = p;
  const { hs, cs, ph, pre, gates, hn, tc, gi, gh } = w;
  const { wih, whh, bih, bhh, wout, bout } = q;
  const dt = p.dt;
  for (let n = 0; n < N; n++) {
    hs[n] = h0 ? h0[h0Off + n] : 0;
    if (arch === 2) cs[n] = h0 ? h0[h0Off + N + n] : 0;
    if (arch === 3) {
      pre[n] = hs[n];
      ph[n] = phiOf(phi, hs[n]);
    }
  }
  const GN = p.gates * N;
  for (let t = 0; t < T; t++) {
    const xo = xOff + t * I;
    const hp = t * N; // previous state slot
    const hc = (t + 1) * N; // current state slot
    // Input and recurrent projections of all gate blocks.
    const rec = arch === 3 ? ph : hs;
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
    if (arch === 0) {
      for (let n = 0; n < N; n++) {
        const a = gi[n] + gh[n];
        pre[hc + n] = a;
        hs[hc + n] = phiOf(phi, a);
      }
    } else if (arch === 1) {
      const go = t * 3 * N;
      for (let n = 0; n < N; n++) {
        const r = sigmoid(gi[n] + gh[n]);
        const z = sigmoid(gi[N + n] + gh[N + n]);
        const hnv = gh[2 * N + n];
        const nn = Math.tanh(gi[2 * N + n] + r * hnv);
        gates[go + n] = r;
        gates[go + N + n] = z;
        gates[go + 2 * N + n] = nn;
        hn[t * N + n] = hnv;
        hs[hc + n] = (1 - z) * nn + z * hs[hp + n];
      }
    } else if (arch === 2) {
      const go = t * 4 * N;
      for (let n = 0; n < N; n++) {
        const ig = sigmoid(gi[n] + gh[n]);
        const fg = sigmoid(gi[N + n] + gh[N + n]);
        const gg = Math.tanh(gi[2 * N + n] + gh[2 * N + n]);
        const og = sigmoid(gi[3 * N + n] + gh[3 * N + n]);
        gates[go + n] = ig;
        gates[go + N + n] = fg;
        gates[go + 2 * N + n] = gg;
        gates[go + 3 * N + n] = og;
        const c = fg * cs[hp + n] + ig * gg;
        cs[hc + n] = c;
        const tcv = Math.tanh(c);
        tc[t * N + n] = tcv;
        hs[hc + n] = og * tcv;
      }
    } else {
      for (let n = 0; n < N; n++) {
        const s = (1 - dt) * hs[hp + n] + dt * (gi[n] + gh[n]);
        hs[hc + n] = s;
        pre[hc + n] = s;
        ph[hc + n] = phiOf(phi, s);
      }
    }
    // Readout.
    const yo = yOff + t * O;
    if (p.readoutState) {
      for (let o = 0; o < O; o++) out[yo + o] = hs[hc + o];
    } else {
      const src = arch === 3 ? ph : hs;
      for (let o = 0; o < O; o++) {
        let y = bout![o];
        const ro = o * N;
        for (let n = 0; n < N; n++) y += wout![ro + n] * src[hc + n];
        out[yo + o] = y;
      }
    }
    if (states) {
      const so = sOff + t * p.S;
      for (let n = 0; n < N; n++) states[so + n] = hs[hc + n];
      if (arch === 2) for (let n = 0; n < N; n++) states[so + N + n] = cs[hc + n];
    }
  }
}

/** Backprop through one trial; w.dy holds dL/dy. Accumulates into w.g. */
function backwardTrial(p: KernelPlan, w: Work, q: NetParams, x: Float32Array, xOff: number): void {
  const { T, I, N, O, arch, phi } = p;
  const { hs, cs, ph, pre, gates, hn, tc, dy, gi, gh, dh, dc, dnext } = w;
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
  const dt = p.dt;
  dh.fill(0);
  dc.fill(0);
  for (let t = T - 1; t >= 0; t--) {
    const hc = (t + 1) * N;
    const hp = t * N;
    const dyo = t * O;
    // Readout gradient into dh (leaky: into ds).
    if (p.readoutState) {
      for (let o = 0; o < O; o++) dh[o] += dy[dyo + o];
    } else {
      const src = arch === 3 ? ph : hs;
      for (let o = 0; o < O; o++) {
        const d = dy[dyo + o];
        if (d === 0) continue;
        gBout![o] += d;
        const ro = o * N;
        if (arch === 3) {
          for (let n = 0; n < N; n++) {
            gWout![ro + n] += d * src[hc + n];
            dh[n] += d * wout![ro + n] * dphiOf(phi, pre[hc + n], ph[hc + n]);
          }
        } else {
          for (let n = 0; n < N; n++) {
            gWout![ro + n] += d * src[hc + n];
            dh[n] += d * wout![ro + n];
          }
        }
      }
    }
    // Gate pre-activation gradients: gi (input side) and gh (recurrent side).
    if (arch === 0) {
      for (let n = 0; n < N; n++) {
        const d = dh[n] * dphiOf(phi, pre[hc + n], hs[hc + n]);
        gi[n] = d;
        gh[n] = d;
      }
    } else if (arch === 1) {
      const go = t * 3 * N;
      for (let n = 0; n < N; n++) {
        const r = gates[go + n];
        const z = gates[go + N + n];
        const nn = gates[go + 2 * N + n];
        const d = dh[n];
        const dan = d * (1 - z) * (1 - nn * nn);
        const daz = d * (hs[hp + n] - nn) * z * (1 - z);
        const dar = dan * hn[t * N + n] * r * (1 - r);
        gi[n] = dar;
        gh[n] = dar;
        gi[N + n] = daz;
        gh[N + n] = daz;
        gi[2 * N + n] = dan;
        gh[2 * N + n] = dan * r;
        dnext[n] = d * z;
      }
    } else if (arch === 2) {
      const go = t * 4 * N;
      for (let n = 0; n < N; n++) {
        const ig = gates[go + n];
        const fg = gates[go + N + n];
        const gg = gates[go + 2 * N + n];
        const og = gates[go + 3 * N + n];
        const tcv = tc[t * N + n];
        const d = dh[n];
        const dct = dc[n] + d * og * (1 - tcv * tcv);
        const a0 = dct * gg * ig * (1 - ig);
        const a1 = dct * cs[hp + n] * fg * (1 - fg);
        const a2 = dct * ig * (1 - gg * gg);
        const a3 = d * tcv * og * (1 - og);
        gi[n] = gh[n] = a0;
        gi[N + n] = gh[N + n] = a1;
        gi[2 * N + n] = gh[2 * N + n] = a2;
        gi[3 * N + n] = gh[3 * N + n] = a3;
        dc[n] = dct * fg;
      }
    } else {
      for (let n = 0; n < N; n++) {
        const d = dt * dh[n];
        gi[n] = d;
        gh[n] = d;
      }
    }
    // Parameter gradients.
    const GN = p.gates * N;
    const xo = xOff + t * I;
    const rec = arch === 3 ? ph : hs;
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
    // dL/d(previous state).
    if (arch !== 1) dnext.fill(0);
    for (let j = 0; j < GN; j++) {
      const r = gh[j];
      if (r === 0) continue;
      const ro = j * N;
      for (let k = 0; k < N; k++) dnext[k] += r * whh[ro + k];
    }
    if (arch === 3) {
      // s_{t-1} reaches s_t directly ((1 − dt)) and through φ (W_hh φ(s_{t-1})).
      for (let n = 0; n < N; n++) dh[n] = (1 - dt) * dh[n] + dnext[n] * dphiOf(phi, pre[hp + n], ph[hp + n]);
    } else {
      for (let n = 0; n < N; n++) dh[n] = dnext[n];
    }
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
  const w = makeWork(p, withGrad);
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
