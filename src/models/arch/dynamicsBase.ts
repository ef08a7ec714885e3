/**
 * What the float64 fixed-point dynamics of every architecture share: parameters widened to float64
 * with their sizes checked, W_hh and W_ih with their transposes (the batched products are GEMMs), the
 * input drive, the scratch workspace and the description the native fused search reads. The
 * equations themselves (F, ∇q, Jacobians) live in each architecture's module.
 */
import type { Arch, Model, ModelSpec, Nonlinearity } from "../../core/types";
import { gemm, transpose } from "../../analysis/fixedPoints/gemm";
import { gateCount } from "../spec";
import { ARCH_CODE, PHI_CODE, type ArchCodeValue } from "./codes";
import type { Dynamics, FusedSpec, Workspace } from "./types";

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

/** φ of the vanilla/linear/leaky dynamics; the leaky fixed-point search has no relu form. */
export function dynamicsPhi(spec: ModelSpec): Nonlinearity {
  if (spec.arch === "linear") return "identity";
  const nl = spec.nonlinearity ?? "tanh";
  if (spec.arch === "leaky" && nl === "relu") {
    throw new Error('leaky nets support nonlinearity "tanh" or "identity", got "relu".');
  }
  return nl;
}

export abstract class BaseDynamics implements Dynamics {
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

  /** code: the architecture's entry in the shared table (codes.ts). */
  constructor(
    model: Model,
    private readonly code: ArchCodeValue,
  ) {
    const { hiddenSize: N, inputSize: I } = model.spec;
    const G = gateCount(model.spec.arch);
    this.hiddenSize = N;
    this.inputSize = I;
    this.D = G * N;
    this.Whh = param(model, "weight_hh_l0", G * N * N, true);
    this.WhhT = transpose(this.Whh, G * N, N);
    this.Wih = param(model, "weight_ih_l0", G * N * I, I > 0);
    this.WihT = transpose(this.Wih, G * N, I);
    this.bih = param(model, "bias_ih_l0", G * N, false);
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
    const N = this.hiddenSize;
    const bhhn = this.code === ARCH_CODE.gru ? this.bhh.subarray(2 * N, 3 * N) : null;
    return { arch: this.code, phi: PHI_CODE[this.phiName()], N, S: this.stateSize, D: this.D, Whh: this.Whh, bhhn };
  }

  /** The elementwise nonlinearity of vanilla/leaky nets (GRU/LSTM/UGRNN report tanh, code 0). */
  protected phiName(): Nonlinearity {
    return "tanh";
  }

  // The equations: each architecture's module (see Dynamics for what they compute).
  abstract evaluate(...args: Parameters<Dynamics["evaluate"]>): void;
  abstract qGrad(...args: Parameters<Dynamics["qGrad"]>): void;
  abstract jacobians(...args: Parameters<Dynamics["jacobians"]>): ReturnType<Dynamics["jacobians"]>;
}
