/**
 * Core data types shared by every part of rnn-atlas.
 *
 * Data flows one way: task -> Trials -> Model -> trained Population -> analyses -> renderers.
 * Everything here is plain data (typed arrays + shapes) so it can be saved, sent to workers,
 * or handed to a native kernel without conversion. TF.js tensors are created only at the edges
 * (see `toTensors` helpers) because they need manual memory management.
 */

/** Recurrent architectures. Parameter names follow PyTorch so weights interoperate. */
export type Arch = "vanilla" | "gru" | "lstm" | "leaky" | "linear" | "ugrnn";

export type Nonlinearity = "tanh" | "relu" | "identity";

/**
 * What a network is, without its numbers.
 *
 * Equations (h0 = 0 unless given; x_t input, y_t output):
 * - vanilla: h_t = φ(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)          (torch.nn.RNN; φ = tanh|relu)
 * - linear:  h_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh             (vanilla with identity)
 * - gru:     torch.nn.GRU, gate blocks r, z, n
 * - lstm:    torch.nn.LSTM, gate blocks i, f, g, o; state is [h, c]
 * - ugrnn:   update-gate RNN (Collins et al. 2017), gate blocks c, u (no torch.nn module):
 *            c = tanh(W_ic x + b_ic + W_hc h + b_hc), u = σ(W_iu x + b_iu + W_hu h + b_hu),
 *            h_t = u ⊙ h_{t-1} + (1 − u) ⊙ c
 * - leaky:   x_{t+1} = (1 - dt) x_t + dt (W_hh φ(x_t) + W_ih u_t + b_hh)   (Schuessler et al. 2020)
 *            readout through φ: y_t = W_out φ(x_t) + b_out;  φ = tanh or identity
 * Readout for the discrete archs: y_t = W_out h_t + b_out (for LSTM, h only).
 */
export interface ModelSpec {
  readonly arch: Arch;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly outputSize: number;
  /** vanilla: tanh (default) | relu; leaky: tanh (default) | identity. Ignored by gru/lstm/linear; ugrnn: tanh only. */
  readonly nonlinearity?: Nonlinearity;
  /** leaky only: Euler step (default 0.5, as in Schuessler et al.). */
  readonly dt?: number;
  /**
   * leaky only: what the readout sees. "phi" (default): y = W_out φ(x) + b_out (Schuessler).
   * "state": the output is the state itself (y = x; readout params absent), as in the two-neuron
   * network of Turner et al. (dx/dt = −x + W tanh x); then outputSize must equal hiddenSize.
   */
  readonly readout?: "phi" | "state";
}

/**
 * Parameter names (PyTorch layout, row-major float32). G = gates (vanilla/linear/leaky 1, ugrnn 2, gru 3, lstm 4).
 *   weight_ih_l0 [G*N, I], weight_hh_l0 [G*N, N], bias_ih_l0 [G*N], bias_hh_l0 [G*N],
 *   readout.weight [O, N], readout.bias [O]
 * leaky: bias_ih_l0 is absent (b lives in bias_hh_l0) and W_in is stored as weight_ih_l0 [N, I].
 */
export type ParamName =
  | "weight_ih_l0"
  | "weight_hh_l0"
  | "bias_ih_l0"
  | "bias_hh_l0"
  | "readout.weight"
  | "readout.bias";

/** One network: immutable plain data. */
export interface Model {
  readonly spec: ModelSpec;
  readonly params: Readonly<Record<string, Float32Array>>;
  /**
   * A learned initial state [S] (e.g. FixedPointFinder's `initial_hiddens_1xd`): where every trial
   * starts unless the caller gives h0. Absent: trials start at 0.
   */
  readonly initialState?: Float32Array;
}

/**
 * M networks of one spec, stored stacked: params[name] has shape [M, ...shape of one net].
 * Training and batched analyses work on this layout directly.
 */
export interface Population {
  readonly spec: ModelSpec;
  readonly size: number;
  readonly params: Readonly<Record<string, Float32Array>>;
  /** Per-network provenance (init seed, data seed, ...). Length = size. */
  readonly members: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /**
   * Each network's fixed initial state [size, state] (a learned h0 kept from an imported file), used
   * by training and running where the task does not fix the initial state. Absent: zeros.
   */
  readonly initialStates?: Float32Array;
}

/** Scalar metadata of one trial (t_s, f1, f2, context, ...). */
export type TrialMeta = Readonly<Record<string, number | string | boolean>>;

/** A named period of a trial, in steps: [start, end). */
export interface Period {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/**
 * A batch of trials: float32, row-major [batch, time, channels].
 * mask has the shape of targets; the loss is Σ mask·(y − target)² / Σ mask (times a task-chosen scale).
 */
export interface Trials {
  readonly task: string;
  readonly batch: number;
  readonly time: number;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
  readonly mask: Float32Array;
  /** One record per trial. */
  readonly meta: ReadonlyArray<TrialMeta>;
  /** Periods per trial (same length as meta). */
  readonly periods: ReadonlyArray<ReadonlyArray<Period>>;
  /** Initial state per trial [batch, S] when the task fixes it (e.g. two-neuron: (1, 0)); else zeros. */
  readonly h0?: Float32Array;
  /** Loss scale the task's paper uses (1 = MSE mean, 0.5 = Schuessler's ½·masked mean). Default 1. */
  readonly lossScale?: number;
}
