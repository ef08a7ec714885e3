/**
 * The DYNAMO meta-model's differentiable path: a GRU h̃_{t+1} = GRU(h̃_t, [u_t, θ_i]) with one shared
 * readout ŷ = W_out h̃ + b_out and, per emulated network i, a linear map z = V_i h̃ + c_i onto the
 * top-k PCs of that network's hidden states. Loss and its exact gradient by hand-written BPTT in
 * Float64, with the GRU's per-step equations taken from src/models/arch/gru.ts (`kernelTrial`), so
 * the meta-model cannot drift from the GRU that the fixed-point finder analyses.
 *
 * Why this engine (measured with bench/dynamoEngine.js on this 2-core AVX-512 machine, shared with
 * other jobs: one update's loss and gradient, H = 32, 8 networks × 8 trials × 75 steps, the RSG quick
 * size): this Float64 BPTT takes 77 ms, TF.js (cpu backend, tf.variableGrads through gru.stepTf)
 * 1,259 ms — 16× slower, from per-op overhead on [64, 32] tensors. TF.js's wasm backend would be
 * faster but runs multithreaded SIMD, whose sums need not be bit-identical across ISAs and thread
 * counts. The native fused kernels compute only the readout loss of a population of independent
 * networks: the per-network maps V_i, the shared weights and the input gradient dL/dθ would need new
 * C++ paths in every kernel variant, for a loop that already takes ~0.1 s per update. Sequential
 * Float64 loops with Math.* give the same bytes for the same seed on any machine and thread count.
 *
 * Parameter vector layout (one Float64Array, what Adam updates):
 *   W_ih [3H, I + d] | W_hh [3H, H] | b_ih [3H] | b_hh [3H] | W_out [O, H] | b_out [O]
 *   | θ [M, d] | V [M, k, H] | c [M, k]
 */
import { archModule, PHI_CODE, type KernelTrial } from "../../models/arch";

export interface MetaShape {
  /** Task inputs. */
  readonly I: number;
  /** Embedding dimension. */
  readonly d: number;
  /** Meta-model hidden units. */
  readonly H: number;
  /** Task outputs. */
  readonly O: number;
  /** Emulated networks. */
  readonly M: number;
  /** Hidden-state PCs emulated per network. */
  readonly k: number;
}

export interface MetaLayout extends MetaShape {
  readonly wih: number;
  readonly whh: number;
  readonly bih: number;
  readonly bhh: number;
  readonly wout: number;
  readonly bout: number;
  readonly theta: number;
  readonly v: number;
  readonly c: number;
  readonly size: number;
}

export function metaLayout(s: MetaShape): MetaLayout {
  const G = 3 * s.H;
  const wih = 0;
  const whh = wih + G * (s.I + s.d);
  const bih = whh + G * s.H;
  const bhh = bih + G;
  const wout = bhh + G;
  const bout = wout + s.O * s.H;
  const theta = bout + s.O;
  const v = theta + s.M * s.d;
  const c = v + s.M * s.k * s.H;
  const size = c + s.M * s.k;
  return { ...s, wih, whh, bih, bhh, wout, bout, theta, v, c, size };
}

/** Shared inputs and each network's targets on one battery of trials. */
export interface EmulationTargets {
  readonly batch: number;
  readonly time: number;
  /** [B, T, I]. */
  readonly inputs: Float64Array;
  /** Per network: its outputs [B, T, O]. */
  readonly outputs: readonly Float64Array[];
  /** Per network: its hidden states' top-k PC scores, scaled to unit mean variance per PC, [B, T, k]. */
  readonly pcs: readonly Float64Array[];
}

export interface LossWeights {
  /** Weight of the output term (default 1). */
  readonly output?: number;
  /** Weight of the hidden-state (PC) term. */
  readonly alpha: number;
  /** Weight of ‖θ_i‖² (mean over the networks in the batch). */
  readonly thetaPenalty: number;
}

export interface LossParts {
  readonly loss: number;
  /** Mean over steps of ‖ŷ − y‖² / O. */
  readonly output: number;
  /** Mean over steps of ‖V h̃ + c − z‖² / k. */
  readonly hidden: number;
}

/** Reusable per-sequence buffers (GRU kernel trials) for one trial length. */
export class MetaWorkspace {
  private readonly pool: KernelTrial[] = [];
  readonly gi: Float64Array;
  readonly gh: Float64Array;
  readonly dh: Float64Array;
  readonly dnext: Float64Array;
  readonly drive: Float64Array;
  constructor(
    readonly layout: MetaLayout,
    readonly T: number,
  ) {
    const G = 3 * layout.H;
    this.gi = new Float64Array(G);
    this.gh = new Float64Array(G);
    this.dh = new Float64Array(layout.H);
    this.dnext = new Float64Array(layout.H);
    this.drive = new Float64Array(G);
  }
  trial(j: number): KernelTrial {
    while (this.pool.length <= j) {
      this.pool.push(archModule("gru").kernelTrial({ T: this.T, N: this.layout.H, phi: PHI_CODE.tanh, dt: 1, readoutState: false }));
    }
    return this.pool[j]!;
  }
}

/** The θ-dependent input drive b_ih + W_θ θ_i (constant over a trial) into out [3H]. */
function thetaDrive(L: MetaLayout, p: Float64Array, i: number, out: Float64Array): void {
  const G = 3 * L.H;
  const X = L.I + L.d;
  for (let g = 0; g < G; g++) {
    let s = p[L.bih + g]!;
    const row = L.wih + g * X + L.I;
    for (let e = 0; e < L.d; e++) s += p[row + e]! * p[L.theta + i * L.d + e]!;
    out[g] = s;
  }
}

/** Forward one trial b of network i's batch through kernel trial `kt`. */
function forwardTrial(L: MetaLayout, p: Float64Array, ws: MetaWorkspace, kt: KernelTrial, inputs: Float64Array, b: number, drive: Float64Array): Float64Array {
  const { H, I } = L;
  const G = 3 * H;
  const X = I + L.d;
  const T = ws.T;
  const hs = kt.stateBlocks[0]!;
  hs.fill(0, 0, H);
  const gi = ws.gi;
  const gh = ws.gh;
  for (let t = 0; t < T; t++) {
    const uo = (b * T + t) * I;
    for (let g = 0; g < G; g++) {
      let s = drive[g]!;
      const row = L.wih + g * X;
      for (let m = 0; m < I; m++) {
        const u = inputs[uo + m]!;
        if (u !== 0) s += p[row + m]! * u;
      }
      gi[g] = s;
      let r = p[L.bhh + g]!;
      const wr = L.whh + g * H;
      const ho = t * H;
      for (let j = 0; j < H; j++) r += p[wr + j]! * hs[ho + j]!;
      gh[g] = r;
    }
    kt.forward(t, gi, gh);
  }
  return hs;
}

/**
 * Loss and gradient (into `grad`, overwritten) over the networks `nets` and trials `trials` of a
 * battery. Loss = mean over (net, trial, step) of β‖ŷ − y‖²/O + α‖V h̃ + c − z‖²/k
 * + thetaPenalty · mean over nets of ‖θ_i‖².
 */
export function metaLossAndGrad(
  L: MetaLayout,
  p: Float64Array,
  data: EmulationTargets,
  nets: readonly number[],
  trials: readonly number[],
  w: LossWeights,
  ws: MetaWorkspace,
  grad: Float64Array,
): LossParts {
  const { H, I, O, k, d } = L;
  const G = 3 * H;
  const X = I + d;
  const T = data.time;
  if (ws.T !== T) throw new Error(`metaLossAndGrad: workspace is for ${ws.T} steps, data has ${T}.`);
  grad.fill(0);
  const norm = 1 / (nets.length * trials.length * T);
  const beta = w.output ?? 1;
  let lossOut = 0;
  let lossHid = 0;
  const dgi = ws.gi;
  const dgh = ws.gh;
  const dh = ws.dh;
  const dnext = ws.dnext;
  const drive = ws.drive;
  const dDrive = new Float64Array(G);
  const dy = new Float64Array(O);
  const dz = new Float64Array(k);
  const dhOut = new Float64Array(T * H);
  for (const i of nets) {
    thetaDrive(L, p, i, drive);
    dDrive.fill(0);
    const yT = data.outputs[i]!;
    const zT = data.pcs[i]!;
    const vo = L.v + i * k * H;
    const co = L.c + i * k;
    for (const b of trials) {
      const kt = ws.trial(0);
      const hs = forwardTrial(L, p, ws, kt, data.inputs, b, drive);
      // readouts and their gradient with respect to h̃ after each step
      for (let t = 0; t < T; t++) {
        const h = (t + 1) * H;
        const yo = (b * T + t) * O;
        for (let o = 0; o < O; o++) {
          let s = p[L.bout + o]!;
          const row = L.wout + o * H;
          for (let j = 0; j < H; j++) s += p[row + j]! * hs[h + j]!;
          const e = s - yT[yo + o]!;
          lossOut += e * e;
          dy[o] = (2 * beta * e * norm) / O;
        }
        const zo = (b * T + t) * k;
        for (let q = 0; q < k; q++) {
          let s = p[co + q]!;
          const row = vo + q * H;
          for (let j = 0; j < H; j++) s += p[row + j]! * hs[h + j]!;
          const e = s - zT[zo + q]!;
          lossHid += e * e;
          dz[q] = (2 * w.alpha * e * norm) / k;
        }
        const dho = t * H;
        for (let j = 0; j < H; j++) dhOut[dho + j] = 0;
        for (let o = 0; o < O; o++) {
          grad[L.bout + o]! += dy[o]!;
          const row = L.wout + o * H;
          for (let j = 0; j < H; j++) {
            grad[row + j]! += dy[o]! * hs[h + j]!;
            dhOut[dho + j]! += dy[o]! * p[row + j]!;
          }
        }
        for (let q = 0; q < k; q++) {
          grad[co + q]! += dz[q]!;
          const row = vo + q * H;
          for (let j = 0; j < H; j++) {
            grad[row + j]! += dz[q]! * hs[h + j]!;
            dhOut[dho + j]! += dz[q]! * p[row + j]!;
          }
        }
      }
      // BPTT: dh holds ∂L/∂h̃ at slot t + 1 (readout term + carry from later steps)
      dh.fill(0);
      for (let t = T - 1; t >= 0; t--) {
        for (let j = 0; j < H; j++) dh[j]! += dhOut[t * H + j]!;
        kt.backward(t, dh, dgi, dgh, dnext);
        const ho = t * H;
        const uo = (b * T + t) * I;
        for (let g = 0; g < G; g++) {
          const a = dgi[g]!;
          dDrive[g]! += a;
          const row = L.wih + g * X;
          for (let m = 0; m < I; m++) {
            const u = data.inputs[uo + m]!;
            if (u !== 0) grad[row + m]! += a * u;
          }
          const c = dgh[g]!;
          grad[L.bhh + g]! += c;
          const wr = L.whh + g * H;
          for (let j = 0; j < H; j++) {
            grad[wr + j]! += c * hs[ho + j]!;
            dnext[j]! += c * p[wr + j]!;
          }
        }
        for (let j = 0; j < H; j++) dh[j] = dnext[j]!;
      }
    }
    // the θ-dependent drive b_ih + W_θ θ_i: its gradient goes to b_ih, W_θ and θ_i (an input gradient)
    for (let g = 0; g < G; g++) {
      const a = dDrive[g]!;
      grad[L.bih + g]! += a;
      const row = L.wih + g * X + I;
      for (let e = 0; e < d; e++) {
        grad[row + e]! += a * p[L.theta + i * d + e]!;
        grad[L.theta + i * d + e]! += a * p[row + e]!;
      }
    }
  }
  let pen = 0;
  for (const i of nets) {
    for (let e = 0; e < d; e++) {
      const th = p[L.theta + i * d + e]!;
      pen += th * th;
      grad[L.theta + i * d + e]! += (2 * w.thetaPenalty * th) / nets.length;
    }
  }
  const output = (lossOut * norm) / O;
  const hidden = (lossHid * norm) / k;
  return { loss: beta * output + w.alpha * hidden + (w.thetaPenalty * pen) / nets.length, output, hidden };
}

/**
 * The meta-model at embedding θ (any θ, not only a learned one) on inputs [B, T, I]: hidden states
 * [B, T, H] and outputs [B, T, O]; with `net`, also that network's emulated PCs [B, T, k].
 */
export function metaForward(
  L: MetaLayout,
  p: Float64Array,
  theta: ArrayLike<number>,
  inputs: Float64Array,
  B: number,
  T: number,
  net?: number,
): { states: Float64Array; outputs: Float64Array; pcs?: Float64Array } {
  const { H, O, k, d } = L;
  if (theta.length !== d) throw new Error(`metaForward: θ has ${theta.length} values; the meta-model embeds in ${d} dimensions.`);
  // drive at this θ (same formula as thetaDrive, for an arbitrary θ)
  const G = 3 * H;
  const X = L.I + d;
  const drive = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    let s = p[L.bih + g]!;
    for (let e = 0; e < d; e++) s += p[L.wih + g * X + L.I + e]! * theta[e]!;
    drive[g] = s;
  }
  const ws = new MetaWorkspace(L, T);
  const kt = ws.trial(0);
  const states = new Float64Array(B * T * H);
  const outputs = new Float64Array(B * T * O);
  const pcs = net === undefined ? undefined : new Float64Array(B * T * k);
  for (let b = 0; b < B; b++) {
    const hs = forwardTrial(L, p, ws, kt, inputs, b, drive);
    states.set(hs.subarray(H, (T + 1) * H), b * T * H);
    for (let t = 0; t < T; t++) {
      const h = (t + 1) * H;
      for (let o = 0; o < O; o++) {
        let s = p[L.bout + o]!;
        for (let j = 0; j < H; j++) s += p[L.wout + o * H + j]! * hs[h + j]!;
        outputs[(b * T + t) * O + o] = s;
      }
      if (pcs && net !== undefined) {
        for (let q = 0; q < k; q++) {
          let s = p[L.c + net * k + q]!;
          for (let j = 0; j < H; j++) s += p[L.v + (net * k + q) * H + j]! * hs[h + j]!;
          pcs[(b * T + t) * k + q] = s;
        }
      }
    }
  }
  return pcs ? { states, outputs, pcs } : { states, outputs };
}
