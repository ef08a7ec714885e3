/**
 * What every architecture module (src/models/arch/<arch>.ts) provides: its equations in each form
 * the TypeScript side runs them, next to each other so they cannot drift apart.
 *   - float64 reference step and readout features (exact; checks everything else);
 *   - TF.js step (differentiable; the autodiff reference for the fused kernels);
 *   - the JS training kernel's per-step forward and backward (src/kernels/jsKernel.ts runs the loop);
 *   - the fixed-point dynamics: F, ∇q and the Jacobians (src/analysis/fixedPoints);
 *   - its code in the table shared with the native addons (codes.ts, native/common/arch_codes.h).
 */
import type * as tf from "@tensorflow/tfjs";
import type { Arch, Model, ModelSpec } from "../../core/types";
import type { ArchCodeValue, PhiCodeValue } from "./codes";

/** Parameters widened to float64 (same names and layout as Model.params). */
export type Params64 = Readonly<Record<string, Float64Array>>;
/** Parameters as TF.js tensors (same names, one network, PyTorch shapes). */
export type ParamsTf = Readonly<Record<string, tf.Tensor>>;

/** The numbers a kernel trial needs (a subset of the kernel's plan, src/kernels/plan.ts). */
export interface KernelTrialShape {
  readonly T: number;
  readonly N: number;
  readonly phi: PhiCodeValue;
  /** Euler step (leaky; 1 otherwise). */
  readonly dt: number;
  /** Leaky readout "state": the readout is the state itself, no readout parameters. */
  readonly readoutState: boolean;
}

/**
 * One architecture's share of a JS-kernel trial: the per-step equations and the per-slot buffers
 * they keep for backprop. Slot t (N values) holds what exists after t steps; slot 0 is the initial
 * state. The kernel owns the loop, the input/recurrent projections, the readout and the loss.
 * Buffers are allocated once per kernel call and reused for every trial.
 */
export interface KernelTrial {
  /** The state in blocks of N ([h], or [h, c] for LSTM): slot 0 is filled from h0 by the kernel. */
  readonly stateBlocks: readonly Float64Array[];
  /** What W_hh multiplies, per slot (default: the first state block). */
  readonly recurrent?: Float64Array;
  /** What the readout sees, per slot (default: the first state block). */
  readonly features?: Float64Array;
  /** ∂features/∂(first state block), elementwise per slot (default: features are that block). */
  readonly featureSlope?: Float64Array;
  /** Derive the rest of slot 0 from the initial state (after the kernel filled stateBlocks). */
  prepareStart?(): void;
  /**
   * Step t: from the pre-activations gi = W_ih x + b_ih and gh = W_hh recurrent[t] + b_hh (G·N
   * each), write slot t + 1 and keep what backward needs.
   */
  forward(t: number, gi: Float64Array, gh: Float64Array): void;
  /** Reset the backward carries that the kernel does not own (LSTM's ∂L/∂c). */
  beginBackward?(): void;
  /**
   * Step t backwards: from dh = ∂L/∂(first state block at slot t + 1), write the pre-activation
   * gradients into gi (input side) and gh (recurrent side) and set dnext to the direct path from
   * slot t to slot t + 1 that bypasses W_hh (zero where there is none). The kernel then adds ghᵀ W_hh.
   */
  backward(t: number, dh: Float64Array, gi: Float64Array, gh: Float64Array, dnext: Float64Array): void;
  /**
   * dh ← ∂L/∂(first state block at slot t), from dnext = ∂L/∂recurrent[t] plus the direct path
   * (default: dh ← dnext, where the recurrent input is the state itself).
   */
  carry?(t: number, dh: Float64Array, dnext: Float64Array): void;
}

/** Scratch buffers for one batch size; reuse across iterations to avoid allocation. */
export interface Workspace {
  readonly K: number;
  readonly bufs: Float64Array[];
}

/** Architecture description for the native fused search (native/linalg/src/fixedpoints.cc). */
export interface FusedSpec {
  /** ARCH_CODE (codes.ts = native/common/arch_codes.h); "linear" is vanilla with φ = identity. */
  readonly arch: ArchCodeValue;
  /** φ code (vanilla and leaky; 0 otherwise), from codes.ts. */
  readonly phi: PhiCodeValue;
  readonly N: number;
  readonly S: number;
  readonly D: number;
  /** W_hh [D, N] row-major. */
  readonly Whh: Float64Array;
  /** GRU's b_hn [N]; null otherwise. */
  readonly bhhn: Float64Array | null;
}

/**
 * The dynamics of one network as a function of (state, constant input), in float64, batched over
 * K points stored row-major in one Float64Array [K, S]:
 * - discrete archs (vanilla tanh/relu, linear, GRU, UGRNN, LSTM with state [h, c]): the map x ↦ F(x, u);
 * - leaky (continuous time): the vector field F(x, u) = −x + W φ(x) + W_in u + b, i.e. the Euler
 *   update (x_{t+1} − x_t) / dt of the trained network.
 */
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

export interface ArchModule {
  /** Code in the table shared with the native addons ("linear" uses the vanilla code). */
  readonly code: ArchCodeValue;
  /**
   * Next state (float64 reference). h: current state [S]; u: input [I]; out: next state [S]
   * (must not alias h).
   */
  step(spec: ModelSpec, p: Params64, h: Float64Array, u: ArrayLike<number>, out: Float64Array): void;
  /** Next state for a batch, TF.js ops only (differentiable). h [B, S], u [B, I] -> [B, S]. */
  stepTf(spec: ModelSpec, p: ParamsTf, h: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D;
  /** What the readout sees, from a state [S] (float64). */
  features(spec: ModelSpec, h: Float64Array): Float64Array;
  /** Same, TF.js: [B, S] -> [B, N]. */
  featuresTf(spec: ModelSpec, h: tf.Tensor2D): tf.Tensor2D;
  /** The JS kernel's per-step equations and buffers for trials of this shape. */
  kernelTrial(shape: KernelTrialShape): KernelTrial;
  /** The float64 fixed-point dynamics of a model; checks parameter sizes and names them in errors. */
  dynamics(model: Model): Dynamics;
  /**
   * Constants the built-in init schemes add to a range [start, end) of a parameter after drawing it
   * (e.g. UGRNN's update-gate bias); custom initialisers are left as they are. Absent: none.
   */
  initOffsets?(spec: ModelSpec): Readonly<Record<string, InitOffset>>;
  /**
   * The first-order Taylor step around an expansion point and its reverse mode (JSLDS,
   * src/analysis/jslds). Absent: the architecture has no hand-written Taylor step yet.
   */
  readonly taylor?: TaylorStep;
}

/**
 * Scratch of one Taylor step, kept from forward for backward (N = hidden size, I = input size).
 * Slots are owned by the caller, one per time step.
 */
export interface TaylorCache {
  /** F(e, x*) [N]. */
  readonly F: Float64Array;
  /** Whatever else the architecture keeps (pre-activations, J·v products), [N·taylor.cacheWidth]. */
  readonly extra: Float64Array;
}

/**
 * h̃' = F(e, x*) + J_h(e, x*)(h̃ − e) + J_x(e, x*)(x − x*) for one trial step, in float64, computed as
 * Jacobian-vector products (no N×N matrix is formed), with the exact reverse mode.
 */
export interface TaylorStep {
  /** Extra values per unit the cache keeps. */
  readonly cacheWidth: number;
  /**
   * Forward: writes h̃' into out [N] and F(e, x*), the rest into cache. p: Params64 of the network;
   * e, hPrev [N]; x, xStar [I].
   */
  forward(spec: ModelSpec, p: Params64, e: Float64Array, hPrev: Float64Array, x: ArrayLike<number>, xStar: ArrayLike<number>, out: Float64Array, cache: TaylorCache): void;
  /**
   * Reverse: from gOut = ∂L/∂h̃' and gF = ∂L/∂F(e, x*) (a loss on the constant term), ADD into
   * grads (same names as the params), gE = ∂L/∂e and gHPrev = ∂L/∂h̃. Inputs are not differentiated.
   */
  backward(
    spec: ModelSpec,
    p: Params64,
    e: Float64Array,
    hPrev: Float64Array,
    x: ArrayLike<number>,
    xStar: ArrayLike<number>,
    cache: TaylorCache,
    gOut: Float64Array,
    gF: Float64Array,
    grads: Record<string, Float64Array>,
    gE: Float64Array,
    gHPrev: Float64Array,
  ): void;
}

/** A constant added to values [start, end) of one parameter at init. */
export interface InitOffset {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}
