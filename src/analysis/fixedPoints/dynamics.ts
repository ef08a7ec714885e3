/**
 * The dynamics of each architecture as a function of (state, constant input), in float64, batched
 * over K points stored row-major in one Float64Array [K, S]:
 * - discrete archs (vanilla tanh/relu, linear, GRU, LSTM with state [h, c]): the map x ↦ F(x, u);
 * - leaky (continuous time): the vector field F(x, u) = −x + W φ(x) + W_in u + b, i.e. the Euler
 *   update (x_{t+1} − x_t) / dt of the trained network.
 *
 * Three things per arch: F, the gradient of the fixed-point objective q (computed as a
 * vector–Jacobian product, two GEMMs per evaluation, no explicit Jacobian), and the explicit
 * recurrent and input Jacobians ∂F/∂x [K,S,S], ∂F/∂u [K,S,I] (row i = output unit i).
 */
import type { Arch, Model, ModelSpec } from "../../core/types";
import { gemm, transpose } from "./gemm";

/** Scratch buffers for one batch size; reuse across iterations to avoid allocation. */
export interface Workspace {
  readonly K: number;
  readonly bufs: Float64Array[];
}

export interface Dynamics {
  readonly arch: Arch;
  /** true for the leaky (continuous-time) net: q = ½‖F‖², stability Re λ < 0. */
  readonly continuous: boolean;
  /** Euler step of the leaky net (1 for discrete archs). */
  readonly dt: number;
  readonly hiddenSize: number;
  /** N, or 2N for LSTM ([h, c]). */
  readonly stateSize: number;
  readonly inputSize: number;
  /** Input-dependent constant part of the pre-activations for inputs [K, I]: [K, D]. */
  drive(inputs: Float64Array, K: number): Float64Array;
  /** F(x, u) for K points into out [K, S]. */
  evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void;
  /**
   * Residual r = F − x (discrete) or F (continuous) into r [K,S], q_k = ½‖r_k‖² into q [K], and
   * ∇_x q into grad [K,S]: (J − I)ᵀ r or Jᵀ r.
   */
  qGrad(
    x: Float64Array,
    drive: Float64Array,
    K: number,
    r: Float64Array,
    q: Float64Array,
    grad: Float64Array,
    ws: Workspace,
  ): void;
  /** Explicit F, ∂F/∂x [K,S,S] and ∂F/∂u [K,S,I] at K points with inputs [K, I]. */
  jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array };
  workspace(K: number): Workspace;
  /** What the fused native optimiser needs to run this net itself (null: use qGrad from JS). */
  fusedSpec?(): FusedSpec | null;
}

/** Architecture description for the native fused search (native/linalg/src/fixedpoints.cc). */
export interface FusedSpec {
  /** 0 vanilla/linear, 1 leaky, 2 GRU, 3 LSTM. */
  readonly arch: 0 | 1 | 2 | 3;
  /** 0 tanh, 1 relu, 2 identity (vanilla and leaky). */
  readonly phi: 0 | 1 | 2;
  readonly N: number;
  readonly S: number;
  readonly D: number;
  /** W_hh [D, N] row-major. */
  readonly Whh: Float64Array;
  /** GRU's b_hn [N]; null otherwise. */
  readonly bhhn: Float64Array | null;
}

const PHI_CODE = { tanh: 0, relu: 1, identity: 2 } as const;

/** Build the float64 dynamics of a model; checks parameter sizes and names them in errors. */
export function getDynamics(model: Model): Dynamics {
  const spec = model.spec;
  if (!spec || typeof spec !== "object") throw new Error("getDynamics: model.spec is missing; pass a Model {spec, params}.");
  const N = spec.hiddenSize;
  const I = spec.inputSize;
  if (!(Number.isInteger(N) && N > 0)) throw new Error(`getDynamics: spec.hiddenSize must be a positive integer, got ${N}.`);
  if (!(Number.isInteger(I) && I >= 0)) throw new Error(`getDynamics: spec.inputSize must be a non-negative integer, got ${I}.`);
  switch (spec.arch) {
    case "vanilla":
    case "linear":
      return new VanillaDynamics(model);
    case "leaky":
      return new LeakyDynamics(model);
    case "gru":
      return new GruDynamics(model);
    case "lstm":
      return new LstmDynamics(model);
    default:
      throw new Error(`getDynamics: unknown arch "${(spec as ModelSpec).arch}" (expected vanilla | linear | leaky | gru | lstm).`);
  }
}

/** Number of gate blocks per arch. */
function gatesOf(arch: Arch): number {
  return arch === "gru" ? 3 : arch === "lstm" ? 4 : 1;
}

function param(model: Model, name: string, expected: number, required: boolean): Float64Array {
  const p = model.params[name];
  if (p === undefined) {
    if (required) {
      throw new Error(
        `fixed points: model parameter "${name}" is missing (arch ${model.spec.arch}); expected ${expected} values.`,
      );
    }
    return new Float64Array(expected);
  }
  if (p.length !== expected) {
    throw new Error(
      `fixed points: parameter "${name}" has ${p.length} values but spec (arch ${model.spec.arch}, ` +
        `hiddenSize ${model.spec.hiddenSize}, inputSize ${model.spec.inputSize}) needs ${expected}.`,
    );
  }
  return Float64Array.from(p);
}

abstract class BaseDynamics implements Dynamics {
  abstract readonly arch: Arch;
  abstract readonly continuous: boolean;
  readonly dt: number = 1;
  readonly hiddenSize: number;
  abstract readonly stateSize: number;
  readonly inputSize: number;
  protected readonly D: number;
  /** W_hh [D, N] and its transpose [N, D]. */
  protected readonly Whh: Float64Array;
  protected readonly WhhT: Float64Array;
  /** W_ih [D, I] and its transpose [I, D]. */
  protected readonly Wih: Float64Array;
  protected readonly WihT: Float64Array;
  protected readonly bih: Float64Array;
  protected readonly bhh: Float64Array;

  constructor(model: Model, biasIhRequired: boolean) {
    const { hiddenSize: N, inputSize: I } = model.spec;
    const G = gatesOf(model.spec.arch);
    this.hiddenSize = N;
    this.inputSize = I;
    this.D = G * N;
    this.Whh = param(model, "weight_hh_l0", G * N * N, true);
    this.WhhT = transpose(this.Whh, G * N, N);
    this.Wih = param(model, "weight_ih_l0", G * N * I, I > 0);
    this.WihT = transpose(this.Wih, G * N, I);
    this.bih = param(model, "bias_ih_l0", G * N, biasIhRequired);
    this.bhh = param(model, "bias_hh_l0", G * N, false);
  }

  /** U W_ihᵀ + b_ih (+ the b_hh blocks listed by hhBiasBlocks). */
  drive(inputs: Float64Array, K: number): Float64Array {
    const D = this.D;
    const I = this.inputSize;
    if (inputs.length !== K * I) throw new Error(`drive: inputs have ${inputs.length} values, expected K·I = ${K}·${I}.`);
    const out = new Float64Array(K * D);
    if (I > 0) gemm(inputs, this.WihT, out, K, I, D);
    const hhBlocks = this.hhBiasInDrive();
    for (let k = 0; k < K; k++) {
      const o = k * D;
      for (let j = 0; j < D; j++) out[o + j] += this.bih[j]! + (j < hhBlocks ? this.bhh[j]! : 0);
    }
    return out;
  }

  /** How many leading entries of b_hh are constant offsets of the pre-activation (GRU keeps b_hn apart). */
  protected hhBiasInDrive(): number {
    return this.D;
  }

  workspace(K: number): Workspace {
    const bufs: Float64Array[] = [];
    for (let i = 0; i < 4; i++) bufs.push(new Float64Array(K * Math.max(this.D, this.stateSize)));
    return { K, bufs };
  }

  fusedSpec(): FusedSpec | null {
    const arch = this.arch === "vanilla" || this.arch === "linear" ? 0 : this.arch === "leaky" ? 1 : this.arch === "gru" ? 2 : 3;
    const phi = arch <= 1 ? PHI_CODE[this.phiName()] : 0;
    const N = this.hiddenSize;
    const bhhn = arch === 2 ? this.bhh.subarray(2 * N, 3 * N) : null;
    return { arch, phi, N, S: this.stateSize, D: this.D, Whh: this.Whh, bhhn };
  }

  /** The elementwise nonlinearity of vanilla/leaky nets (unused by GRU/LSTM). */
  protected phiName(): Phi {
    return "tanh";
  }

  abstract evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void;
  abstract qGrad(
    x: Float64Array,
    drive: Float64Array,
    K: number,
    r: Float64Array,
    q: Float64Array,
    grad: Float64Array,
    ws: Workspace,
  ): void;
  abstract jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array };
}

type Phi = "tanh" | "relu" | "identity";

function phiOf(spec: ModelSpec): Phi {
  if (spec.arch === "linear") return "identity";
  const nl = spec.nonlinearity ?? "tanh";
  if (spec.arch === "leaky" && nl === "relu") {
    throw new Error('leaky nets support nonlinearity "tanh" or "identity", got "relu".');
  }
  return nl;
}

/** vanilla / linear: F(h) = φ(W_hh h + W_ih u + b_ih + b_hh). */
class VanillaDynamics extends BaseDynamics {
  readonly arch: Arch;
  readonly continuous = false;
  readonly stateSize: number;
  private readonly phi: Phi;

  constructor(model: Model) {
    super(model, false);
    this.arch = model.spec.arch;
    this.stateSize = model.spec.hiddenSize;
    this.phi = phiOf(model.spec);
  }

  protected override phiName(): Phi {
    return this.phi;
  }

  evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void {
    const N = this.hiddenSize;
    out.set(drive.subarray(0, K * N));
    gemm(x, this.WhhT, out, K, N, N, true);
    const n = K * N;
    if (this.phi === "tanh") for (let i = 0; i < n; i++) out[i] = Math.tanh(out[i]!);
    else if (this.phi === "relu") for (let i = 0; i < n; i++) out[i] = out[i]! > 0 ? out[i]! : 0;
  }

  qGrad(x: Float64Array, drive: Float64Array, K: number, r: Float64Array, q: Float64Array, grad: Float64Array, ws: Workspace): void {
    const N = this.hiddenSize;
    const a = ws.bufs[0]!;
    const d = ws.bufs[1]!;
    a.set(drive.subarray(0, K * N));
    gemm(x, this.WhhT, a, K, N, N, true);
    const phi = this.phi;
    for (let k = 0; k < K; k++) {
      let s = 0;
      const o = k * N;
      for (let i = o; i < o + N; i++) {
        const ai = a[i]!;
        let f: number, dphi: number;
        if (phi === "tanh") {
          f = Math.tanh(ai);
          dphi = 1 - f * f;
        } else if (phi === "relu") {
          f = ai > 0 ? ai : 0;
          dphi = ai > 0 ? 1 : 0;
        } else {
          f = ai;
          dphi = 1;
        }
        const ri = f - x[i]!;
        r[i] = ri;
        d[i] = dphi * ri;
        s += ri * ri;
      }
      q[k] = 0.5 * s;
    }
    // (J − I)ᵀ r = W_hhᵀ (φ'(a) ⊙ r) − r; row form: δ·W_hh − r.
    gemm(d, this.Whh, grad, K, N, N);
    for (let i = 0; i < K * N; i++) grad[i] -= r[i]!;
  }

  jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array } {
    const N = this.hiddenSize;
    const I = this.inputSize;
    const drive = this.drive(inputs, K);
    const a = new Float64Array(drive.subarray(0, K * N));
    gemm(x, this.WhhT, a, K, N, N, true);
    const F = new Float64Array(K * N);
    const J = new Float64Array(K * N * N);
    const Ju = new Float64Array(K * N * I);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < N; i++) {
        const ai = a[k * N + i]!;
        let f: number, dphi: number;
        if (this.phi === "tanh") {
          f = Math.tanh(ai);
          dphi = 1 - f * f;
        } else if (this.phi === "relu") {
          f = ai > 0 ? ai : 0;
          dphi = ai > 0 ? 1 : 0;
        } else {
          f = ai;
          dphi = 1;
        }
        F[k * N + i] = f;
        const jo = (k * N + i) * N;
        for (let j = 0; j < N; j++) J[jo + j] = dphi * this.Whh[i * N + j]!;
        const uo = (k * N + i) * I;
        for (let m = 0; m < I; m++) Ju[uo + m] = dphi * this.Wih[i * I + m]!;
      }
    }
    return { F, J, Ju };
  }
}

/** leaky: vector field F(x) = −x + W_hh φ(x) + W_ih u + b. */
class LeakyDynamics extends BaseDynamics {
  readonly arch: Arch = "leaky";
  readonly continuous = true;
  override readonly dt: number;
  readonly stateSize: number;
  private readonly phi: Phi;

  constructor(model: Model) {
    super(model, false);
    this.stateSize = model.spec.hiddenSize;
    this.phi = phiOf(model.spec);
    this.dt = model.spec.dt ?? 0.5;
    if (!(this.dt > 0)) throw new Error(`leaky net: spec.dt must be > 0, got ${this.dt}.`);
  }

  protected override phiName(): Phi {
    return this.phi;
  }

  private phiInto(x: Float64Array, n: number, p: Float64Array, dp: Float64Array | null): void {
    if (this.phi === "tanh") {
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(x[i]!);
        p[i] = t;
        if (dp) dp[i] = 1 - t * t;
      }
    } else {
      p.set(x.subarray(0, n));
      if (dp) dp.fill(1, 0, n);
    }
  }

  evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void {
    const N = this.hiddenSize;
    const p = new Float64Array(K * N);
    this.phiInto(x, K * N, p, null);
    for (let i = 0; i < K * N; i++) out[i] = drive[i]! - x[i]!;
    gemm(p, this.WhhT, out, K, N, N, true);
  }

  qGrad(x: Float64Array, drive: Float64Array, K: number, r: Float64Array, q: Float64Array, grad: Float64Array, ws: Workspace): void {
    const N = this.hiddenSize;
    const n = K * N;
    const p = ws.bufs[0]!;
    const dp = ws.bufs[1]!;
    const t = ws.bufs[2]!;
    this.phiInto(x, n, p, dp);
    for (let i = 0; i < n; i++) r[i] = drive[i]! - x[i]!;
    gemm(p, this.WhhT, r, K, N, N, true);
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let i = k * N; i < (k + 1) * N; i++) s += r[i]! * r[i]!;
      q[k] = 0.5 * s;
    }
    // Jᵀ r = −r + φ'(x) ⊙ (W_hhᵀ r); row form: r·W_hh.
    gemm(r, this.Whh, t, K, N, N);
    for (let i = 0; i < n; i++) grad[i] = dp[i]! * t[i]! - r[i]!;
  }

  jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array } {
    const N = this.hiddenSize;
    const I = this.inputSize;
    const F = new Float64Array(K * N);
    this.evaluate(x, this.drive(inputs, K), K, F);
    const p = new Float64Array(K * N);
    const dp = new Float64Array(K * N);
    this.phiInto(x, K * N, p, dp);
    const J = new Float64Array(K * N * N);
    const Ju = new Float64Array(K * N * I);
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < N; i++) {
        const jo = (k * N + i) * N;
        for (let j = 0; j < N; j++) J[jo + j] = this.Whh[i * N + j]! * dp[k * N + j]!;
        J[jo + i] -= 1;
        const uo = (k * N + i) * I;
        for (let m = 0; m < I; m++) Ju[uo + m] = this.Wih[i * I + m]!;
      }
    }
    return { F, J, Ju };
  }
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * GRU (torch.nn.GRU): r = σ(W_ir u + b_ir + W_hr h + b_hr), z likewise,
 * n = tanh(W_in u + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
 */
class GruDynamics extends BaseDynamics {
  readonly arch: Arch = "gru";
  readonly continuous = false;
  readonly stateSize: number;

  constructor(model: Model) {
    super(model, false);
    this.stateSize = model.spec.hiddenSize;
  }

  protected override hhBiasInDrive(): number {
    return 2 * this.hiddenSize;
  }

  /** Gate values for K points; gh = W_hh h (without b_hn) is left in the returned buffer. */
  private gates(x: Float64Array, drive: Float64Array, K: number, gh: Float64Array): void {
    gemm(x, this.WhhT, gh, K, this.hiddenSize, this.D);
  }

  evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void {
    const N = this.hiddenSize;
    const D = this.D;
    const gh = new Float64Array(K * D);
    this.gates(x, drive, K, gh);
    for (let k = 0; k < K; k++) {
      const o = k * D;
      for (let i = 0; i < N; i++) {
        const r = sigmoid(drive[o + i]! + gh[o + i]!);
        const z = sigmoid(drive[o + N + i]! + gh[o + N + i]!);
        const n = Math.tanh(drive[o + 2 * N + i]! + r * (gh[o + 2 * N + i]! + this.bhh[2 * N + i]!));
        out[k * N + i] = (1 - z) * n + z * x[k * N + i]!;
      }
    }
  }

  qGrad(x: Float64Array, drive: Float64Array, K: number, res: Float64Array, q: Float64Array, grad: Float64Array, ws: Workspace): void {
    const N = this.hiddenSize;
    const D = this.D;
    const gh = ws.bufs[0]!;
    const dgh = ws.bufs[1]!;
    this.gates(x, drive, K, gh);
    for (let k = 0; k < K; k++) {
      const o = k * D;
      let s = 0;
      for (let i = 0; i < N; i++) {
        const r = sigmoid(drive[o + i]! + gh[o + i]!);
        const z = sigmoid(drive[o + N + i]! + gh[o + N + i]!);
        const ghn = gh[o + 2 * N + i]! + this.bhh[2 * N + i]!;
        const n = Math.tanh(drive[o + 2 * N + i]! + r * ghn);
        const h = x[k * N + i]!;
        const v = (1 - z) * n + z * h - h;
        res[k * N + i] = v;
        s += v * v;
        const dan = v * (1 - z) * (1 - n * n);
        dgh[o + i] = dan * ghn * r * (1 - r);
        dgh[o + N + i] = v * (h - n) * z * (1 - z);
        dgh[o + 2 * N + i] = dan * r;
        // direct path h' ∋ z ⊙ h, minus the identity of F − x
        grad[k * N + i] = v * z - v;
      }
      q[k] = 0.5 * s;
    }
    gemm(dgh, this.Whh, grad, K, D, N, true);
  }

  jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array } {
    const N = this.hiddenSize;
    const I = this.inputSize;
    const D = this.D;
    const drive = this.drive(inputs, K);
    const gh = new Float64Array(K * D);
    this.gates(x, drive, K, gh);
    const F = new Float64Array(K * N);
    const J = new Float64Array(K * N * N);
    const Ju = new Float64Array(K * N * I);
    const W = this.Whh;
    const U = this.Wih;
    for (let k = 0; k < K; k++) {
      const o = k * D;
      for (let i = 0; i < N; i++) {
        const r = sigmoid(drive[o + i]! + gh[o + i]!);
        const z = sigmoid(drive[o + N + i]! + gh[o + N + i]!);
        const ghn = gh[o + 2 * N + i]! + this.bhh[2 * N + i]!;
        const n = Math.tanh(drive[o + 2 * N + i]! + r * ghn);
        const h = x[k * N + i]!;
        F[k * N + i] = (1 - z) * n + z * h;
        const cn = (1 - z) * (1 - n * n);
        const cr = cn * ghn * r * (1 - r);
        const cz = (h - n) * z * (1 - z);
        const jo = (k * N + i) * N;
        for (let j = 0; j < N; j++) {
          J[jo + j] = cr * W[i * N + j]! + cz * W[(N + i) * N + j]! + cn * r * W[(2 * N + i) * N + j]!;
        }
        J[jo + i] += z;
        const uo = (k * N + i) * I;
        for (let m = 0; m < I; m++) {
          Ju[uo + m] = cr * U[i * I + m]! + cz * U[(N + i) * I + m]! + cn * U[(2 * N + i) * I + m]!;
        }
      }
    }
    return { F, J, Ju };
  }
}

/**
 * LSTM (torch.nn.LSTM), state [h, c]: gates i, f, g, o = σ, σ, tanh, σ of W_ih u + b_ih + W_hh h + b_hh;
 * c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
 */
class LstmDynamics extends BaseDynamics {
  readonly arch: Arch = "lstm";
  readonly continuous = false;
  readonly stateSize: number;

  constructor(model: Model) {
    super(model, false);
    this.stateSize = 2 * model.spec.hiddenSize;
  }

  /** Pre-activations [K, 4N] = h W_hhᵀ + drive; h copied out of the [h, c] rows. */
  private preacts(x: Float64Array, drive: Float64Array, K: number, hbuf: Float64Array, a: Float64Array): void {
    const N = this.hiddenSize;
    for (let k = 0; k < K; k++) hbuf.set(x.subarray(2 * k * N, 2 * k * N + N), k * N);
    a.set(drive.subarray(0, K * this.D));
    gemm(hbuf, this.WhhT, a, K, N, this.D, true);
  }

  evaluate(x: Float64Array, drive: Float64Array, K: number, out: Float64Array): void {
    const N = this.hiddenSize;
    const D = this.D;
    const a = new Float64Array(K * D);
    this.preacts(x, drive, K, new Float64Array(K * N), a);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < N; j++) {
        const o = k * D;
        const ig = sigmoid(a[o + j]!);
        const fg = sigmoid(a[o + N + j]!);
        const gg = Math.tanh(a[o + 2 * N + j]!);
        const og = sigmoid(a[o + 3 * N + j]!);
        const c2 = fg * x[2 * k * N + N + j]! + ig * gg;
        out[2 * k * N + j] = og * Math.tanh(c2);
        out[2 * k * N + N + j] = c2;
      }
    }
  }

  qGrad(x: Float64Array, drive: Float64Array, K: number, res: Float64Array, q: Float64Array, grad: Float64Array, ws: Workspace): void {
    const N = this.hiddenSize;
    const D = this.D;
    const a = ws.bufs[0]!;
    const da = ws.bufs[1]!;
    const hbuf = ws.bufs[2]!;
    const dh = ws.bufs[3]!;
    this.preacts(x, drive, K, hbuf, a);
    for (let k = 0; k < K; k++) {
      const o = k * D;
      const so = 2 * k * N;
      let s = 0;
      for (let j = 0; j < N; j++) {
        const ig = sigmoid(a[o + j]!);
        const fg = sigmoid(a[o + N + j]!);
        const gg = Math.tanh(a[o + 2 * N + j]!);
        const og = sigmoid(a[o + 3 * N + j]!);
        const c = x[so + N + j]!;
        const c2 = fg * c + ig * gg;
        const tc = Math.tanh(c2);
        const vh = og * tc - x[so + j]!;
        const vc = c2 - c;
        res[so + j] = vh;
        res[so + N + j] = vc;
        s += vh * vh + vc * vc;
        const dc = vh * og * (1 - tc * tc) + vc;
        da[o + j] = dc * gg * ig * (1 - ig);
        da[o + N + j] = dc * c * fg * (1 - fg);
        da[o + 2 * N + j] = dc * ig * (1 - gg * gg);
        da[o + 3 * N + j] = vh * tc * og * (1 - og);
        grad[so + N + j] = dc * fg - vc;
      }
      q[k] = 0.5 * s;
    }
    gemm(da, this.Whh, dh, K, D, N);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < N; j++) grad[2 * k * N + j] = dh[k * N + j]! - res[2 * k * N + j]!;
    }
  }

  jacobians(x: Float64Array, inputs: Float64Array, K: number): { F: Float64Array; J: Float64Array; Ju: Float64Array } {
    const N = this.hiddenSize;
    const S = 2 * N;
    const I = this.inputSize;
    const D = this.D;
    const drive = this.drive(inputs, K);
    const a = new Float64Array(K * D);
    this.preacts(x, drive, K, new Float64Array(K * N), a);
    const F = new Float64Array(K * S);
    const J = new Float64Array(K * S * S);
    const Ju = new Float64Array(K * S * I);
    const W = this.Whh;
    const U = this.Wih;
    for (let k = 0; k < K; k++) {
      const o = k * D;
      for (let i = 0; i < N; i++) {
        const ig = sigmoid(a[o + i]!);
        const fg = sigmoid(a[o + N + i]!);
        const gg = Math.tanh(a[o + 2 * N + i]!);
        const og = sigmoid(a[o + 3 * N + i]!);
        const c = x[k * S + N + i]!;
        const c2 = fg * c + ig * gg;
        const tc = Math.tanh(c2);
        F[k * S + i] = og * tc;
        F[k * S + N + i] = c2;
        // dc'/d(pre-activation) per gate, and dh'/d(pre-activation of o)
        const ci = gg * ig * (1 - ig);
        const cf = c * fg * (1 - fg);
        const cg = ig * (1 - gg * gg);
        const co = tc * og * (1 - og);
        const hc = og * (1 - tc * tc); // dh'/dc'
        const rowH = (k * S + i) * S;
        const rowC = (k * S + N + i) * S;
        for (let j = 0; j < N; j++) {
          const dcdh = ci * W[i * N + j]! + cf * W[(N + i) * N + j]! + cg * W[(2 * N + i) * N + j]!;
          J[rowC + j] = dcdh;
          J[rowH + j] = co * W[(3 * N + i) * N + j]! + hc * dcdh;
        }
        J[rowC + N + i] = fg;
        J[rowH + N + i] = hc * fg;
        const uH = (k * S + i) * I;
        const uC = (k * S + N + i) * I;
        for (let m = 0; m < I; m++) {
          const dcdu = ci * U[i * I + m]! + cf * U[(N + i) * I + m]! + cg * U[(2 * N + i) * I + m]!;
          Ju[uC + m] = dcdu;
          Ju[uH + m] = co * U[(3 * N + i) * I + m]! + hc * dcdu;
        }
      }
    }
    return { F, J, Ju };
  }
}
