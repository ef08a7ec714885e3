/**
 * Leaky continuous-time rate RNN, Euler-discretised (Schuessler et al. 2020):
 *   x_{t+1} = (1 − dt) x_t + dt (W_hh φ(x_t) + W_ih u_t + b_hh),   φ = tanh | identity
 * Readout "phi" (default): y = W_out φ(x) + b_out. Readout "state": y = x (the two-neuron network
 * of Turner et al., dx/dt = −x + W tanh x, with dt = 0.1).
 * The fixed-point dynamics use the vector field F(x) = −x + W_hh φ(x) + W_ih u + b (continuous time).
 */
import * as tf from "@tensorflow/tfjs";
import type { Arch, Model, ModelSpec, Nonlinearity } from "../../core/types";
import { gemm } from "../../analysis/fixedPoints/gemm";
import { dphiCode, matVecAcc, phiCode, phiFn } from "../math";
import { hasReadout, leakyDt, nonlinearityOf } from "../spec";
import { affineTf, phiTf } from "../tfOps";
import { ARCH_CODE } from "./codes";
import { BaseDynamics, dynamicsPhi } from "./dynamicsBase";
import type { ArchModule, KernelTrial, KernelTrialShape, Params64, ParamsTf, Workspace } from "./types";

const CODE = ARCH_CODE.leaky;

function kernelTrial({ T, N, phi, dt, readoutState }: KernelTrialShape): KernelTrial {
  const hs = new Float64Array((T + 1) * N); // state x
  const ph = new Float64Array((T + 1) * N); // φ(x)
  const dph = new Float64Array((T + 1) * N); // φ'(x)
  const setPhi = (k: number): void => {
    ph[k] = phiCode(phi, hs[k]);
    dph[k] = dphiCode(phi, hs[k], ph[k]);
  };
  return {
    stateBlocks: [hs],
    recurrent: ph,
    features: readoutState ? hs : ph,
    featureSlope: readoutState ? undefined : dph,
    prepareStart() {
      for (let n = 0; n < N; n++) setPhi(n);
    },
    forward(t, gi, gh) {
      const hp = t * N;
      const hc = (t + 1) * N;
      for (let n = 0; n < N; n++) {
        hs[hc + n] = (1 - dt) * hs[hp + n] + dt * (gi[n] + gh[n]);
        setPhi(hc + n);
      }
    },
    backward(_t, dh, gi, gh, dnext) {
      for (let n = 0; n < N; n++) {
        const d = dt * dh[n];
        gi[n] = d;
        gh[n] = d;
      }
      dnext.fill(0);
    },
    carry(t, dh, dnext) {
      // x_{t-1} reaches x_t directly ((1 − dt)) and through φ (W_hh φ(x_{t-1})).
      const hp = t * N;
      for (let n = 0; n < N; n++) dh[n] = (1 - dt) * dh[n] + dnext[n] * dph[hp + n];
    },
  };
}

class LeakyDynamics extends BaseDynamics {
  readonly arch: Arch = "leaky";
  readonly continuous = true;
  override readonly dt: number;
  readonly stateSize: number;
  private readonly phi: Nonlinearity;

  constructor(model: Model) {
    super(model, CODE);
    this.stateSize = model.spec.hiddenSize;
    this.phi = dynamicsPhi(model.spec);
    this.dt = leakyDt(model.spec);
    if (!(this.dt > 0)) throw new Error(`leaky net: spec.dt must be > 0, got ${this.dt}.`);
  }

  protected override phiName(): Nonlinearity {
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

export const leaky: ArchModule = {
  code: CODE,
  step(spec: ModelSpec, p: Params64, x: Float64Array, u: ArrayLike<number>, out: Float64Array): void {
    const N = spec.hiddenSize;
    const dt = leakyDt(spec);
    const phi = phiFn(nonlinearityOf(spec));
    const r = new Float64Array(N);
    for (let i = 0; i < N; i++) r[i] = phi(x[i]!);
    const drive = Float64Array.from(p.bias_hh_l0!);
    matVecAcc(p.weight_hh_l0!, N, r, drive);
    matVecAcc(p.weight_ih_l0!, spec.inputSize, u, drive);
    for (let i = 0; i < N; i++) out[i] = (1 - dt) * x[i]! + dt * drive[i]!;
  },
  stepTf(spec: ModelSpec, p: ParamsTf, x: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
    const dt = leakyDt(spec);
    const r = phiTf(nonlinearityOf(spec), x);
    let drive = affineTf(r, p.weight_hh_l0!, p.bias_hh_l0);
    if (spec.inputSize > 0) drive = tf.add(drive, affineTf(u, p.weight_ih_l0!));
    return tf.add(tf.mul(x, 1 - dt), tf.mul(drive, dt)) as tf.Tensor2D;
  },
  features(spec: ModelSpec, x: Float64Array): Float64Array {
    if (!hasReadout(spec)) return x;
    const phi = phiFn(nonlinearityOf(spec));
    return x.map(phi);
  },
  featuresTf(spec: ModelSpec, x: tf.Tensor2D): tf.Tensor2D {
    return hasReadout(spec) ? phiTf(nonlinearityOf(spec), x) : x;
  },
  kernelTrial,
  dynamics: (model) => new LeakyDynamics(model),
};
