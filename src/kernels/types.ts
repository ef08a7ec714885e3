/**
 * Contract of the fused RNN kernels (forward + BPTT for a whole population in one call).
 *
 * Implementations: a native addon (C++, N-API, built by node-gyp at set-up, multi-threaded over
 * networks) and a pure-JS fallback with identical semantics. `getKernel()` picks the fastest one that
 * loads. Training (src/train) and batched analyses only talk to this interface.
 *
 * Layouts (row-major float32):
 *   params[name]   [M, ...one-network shape]   (names/shapes: see core/types.ts ParamName)
 *   inputs         [B, T, I]      if !perNetworkData, else [M, B, T, I]
 *   targets, mask  [B, T, O]      if !perNetworkData, else [M, B, T, O]
 *   h0             [M, B, S] or omitted (zeros); S = N, or 2N for LSTM ([h, c])
 *   outputs        [M, B, T, O]
 *   states         [M, B, T, S]   (state after step t; LSTM: [h, c])
 *
 * Loss of network m:  L_m = lossScale · Σ_{b,t,o} mask·(y − target)² / Σ mask
 * (lossScale 1 = PyTorch MSELoss when mask ≡ 1; 0.5 = Schuessler et al.)
 */
import type { ModelSpec } from "../core/types";

export interface BatchData {
  readonly batch: number;
  readonly time: number;
  /** true: every network has its own trials ([M, B, T, ·]); false: all share one batch ([B, T, ·]). */
  readonly perNetworkData: boolean;
  readonly inputs: Float32Array;
  readonly targets?: Float32Array;
  readonly mask?: Float32Array;
  readonly h0?: Float32Array;
}

export interface KernelRequest {
  readonly spec: ModelSpec;
  /** Number of networks M stacked in params. */
  readonly networks: number;
  readonly params: Readonly<Record<string, Float32Array>>;
  readonly data: BatchData;
  /** Default 1. */
  readonly lossScale?: number;
}

export interface ForwardResult {
  readonly outputs: Float32Array;
  /** Present when requested with keepStates. */
  readonly states?: Float32Array;
  /** Per-network loss when targets were given. */
  readonly loss?: Float64Array;
}

export interface LossGradResult {
  /** [M] */
  readonly loss: Float64Array;
  /** Same names and layout as params. */
  readonly grads: Record<string, Float32Array>;
}

export interface RnnKernel {
  /** "native" | "js" (for logs and bench). */
  readonly name: string;
  /** Threads used over networks. */
  readonly threads: number;
  forward(req: KernelRequest, opts?: { keepStates?: boolean }): ForwardResult;
  lossAndGrad(req: KernelRequest): LossGradResult;
}
