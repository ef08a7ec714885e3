/**
 * Co-training of an RNN and its expansion-point network P with the JSLDS losses (engine.ts), by Adam
 * (src/train/adam.ts) on fresh seeded batches, gradient-norm clipping as in trainPopulation. With all
 * λ = 0 it trains the same RNN from the same initial weights on the same batches without P: the
 * plain baseline.
 */
import { deriveSeed } from "../core/random";
import type { Model, ModelSpec, Nonlinearity } from "../core/types";
import { initModel, type InitOptions } from "../models/init";
import type { Params64 } from "../models/arch/types";
import { createAdamState, adamStep } from "../train/adam";
import { clipGradients, gradNorms } from "../train/gradients";
import type { Task } from "../tasks/types";
import { engineArch, jsldsLossGrad, type JsldsLoss, type JsldsWeights } from "../analysis/jslds/engine";
import { EXPANDER_NAMES, initExpander, type ExpanderShape } from "../analysis/jslds/expander";
import { JsldsResult, type JsldsHistoryRow } from "../analysis/jslds/result";

/** Largest hidden size of this path: a step is O(N² + N·H) in plain JS, trained serially. */
export const JSLDS_MAX_HIDDEN = 64;

export interface JsldsTrainOptions {
  readonly task: Task;
  /** The RNN: vanilla (tanh default) or linear; N ≤ JSLDS_MAX_HIDDEN. */
  readonly spec: { readonly arch?: "vanilla" | "linear"; readonly hiddenSize: number; readonly nonlinearity?: Nonlinearity };
  readonly seed: number;
  /** λ1, λ2, λ3 (default 1 each, others.md §3); all 0 trains the plain baseline. */
  readonly weights?: Partial<JsldsWeights>;
  /** P's hidden units (default 2N, the paper's 32→64→32). */
  readonly expanderHidden?: number;
  /** Input channels kept in x* (default none: x* = 0). */
  readonly staticChannels?: readonly number[];
  readonly updates: number;
  /** Trials per batch (default 32). */
  readonly batch?: number;
  /** Adam learning rate (default 0.005). */
  readonly lr?: number;
  /** Gradient-norm clip (default 1; null: none). */
  readonly clipNorm?: number | null;
  /**
   * Updates over which the λ's ramp linearly from 0 to their values (default 0: full from the start).
   * Without it the auxiliary losses win early: P maps every state to one fixed point and the RNN
   * collapses onto the linear system around it (measured on the flip-flop, task MSE stuck at 0.3).
   */
  readonly rampUpdates?: number;
  /** Whether λ2 also trains the RNN's weights (default true; false: it trains only P, see EngineNet). */
  readonly fixedPointTrainsRnn?: boolean;
  /** Updates of plain training (λ = 0) before the ramp starts (default 0). */
  readonly warmupUpdates?: number;
  /**
   * Start from this RNN's weights instead of a fresh init (e.g. the plain baseline: JSLDS as
   * fine-tuning). Its spec must match the task and hiddenSize.
   */
  readonly initialModel?: Model;
  /** RNN initialisation (scheme and gain; default the library's: pytorch uniform). */
  readonly init?: Omit<InitOptions, "seed">;
  /** Keep a history row every this many updates (default 25). */
  readonly historyEvery?: number;
  /** Called with each history row (e.g. a progress line). */
  readonly onProgress?: (row: JsldsHistoryRow) => void;
}

function positiveInt(who: string, v: unknown): number {
  if (!(typeof v === "number" && Number.isInteger(v) && v > 0)) throw new Error(`trainJslds: ${who} must be a positive integer (got ${String(v)}).`);
  return v;
}

/** λ's with the defaults filled in, checked (finite, ≥ 0). */
export function resolveWeights(w: Partial<JsldsWeights> | undefined): JsldsWeights {
  const out = { jsldsTask: w?.jsldsTask ?? 1, fixedPoint: w?.fixedPoint ?? 1, match: w?.match ?? 1 };
  for (const [k, v] of Object.entries(out)) {
    if (!(Number.isFinite(v) && v >= 0)) {
      throw new Error(`trainJslds: weight ${k} must be a finite number ≥ 0 (got ${v}); 0 switches that loss off.`);
    }
  }
  return out;
}

function scaleWeights(w: JsldsWeights, s: number): JsldsWeights {
  return { jsldsTask: w.jsldsTask * s, fixedPoint: w.fixedPoint * s, match: w.match * s };
}

export function trainJslds(options: JsldsTrainOptions): JsldsResult {
  const { task } = options;
  if (!task || typeof task.trials !== "function") throw new Error("trainJslds: options.task must be a task (getTask(...)).");
  const N = positiveInt("spec.hiddenSize", options.spec?.hiddenSize);
  if (N > JSLDS_MAX_HIDDEN) {
    throw new Error(
      `trainJslds: hiddenSize ${N} is too large for the JSLDS path (at most ${JSLDS_MAX_HIDDEN}: it runs serially in plain JS at O(N²) per step); ` +
        `use N ≤ 32 as in the paper's small version.`,
    );
  }
  const spec: ModelSpec = {
    arch: options.spec.arch ?? "vanilla",
    inputSize: task.inputSize,
    outputSize: task.outputSize,
    hiddenSize: N,
    ...(options.spec.nonlinearity ? { nonlinearity: options.spec.nonlinearity } : {}),
  };
  engineArch(spec);
  const weights = resolveWeights(options.weights);
  const useP = weights.jsldsTask > 0 || weights.fixedPoint > 0 || weights.match > 0;
  const H = positiveInt("expanderHidden", options.expanderHidden ?? 2 * N);
  const updates = positiveInt("updates", options.updates);
  const batch = positiveInt("batch", options.batch ?? 32);
  const lr = options.lr ?? 0.005;
  if (!(Number.isFinite(lr) && lr > 0)) throw new Error(`trainJslds: lr must be a positive number (got ${lr}).`);
  const clip = options.clipNorm === undefined ? 1 : options.clipNorm;
  if (clip !== null && !(clip > 0)) throw new Error(`trainJslds: clipNorm must be positive or null (got ${clip}).`);
  const staticChannels = [...(options.staticChannels ?? [])];
  for (const c of staticChannels) {
    if (!(Number.isInteger(c) && c >= 0 && c < spec.inputSize)) {
      throw new Error(`trainJslds: static input channel ${c} is out of range for task "${task.name}" with ${spec.inputSize} inputs.`);
    }
  }
  const ramp = options.rampUpdates ?? 0;
  if (!(Number.isInteger(ramp) && ramp >= 0)) throw new Error(`trainJslds: rampUpdates must be an integer ≥ 0 (got ${ramp}).`);
  const warm = options.warmupUpdates ?? 0;
  if (!(Number.isInteger(warm) && warm >= 0)) throw new Error(`trainJslds: warmupUpdates must be an integer ≥ 0 (got ${warm}).`);
  const lambdaAt = (u: number): JsldsWeights =>
    u < warm ? scaleWeights(weights, 0) : ramp > 0 && u - warm < ramp ? scaleWeights(weights, (u - warm) / ramp) : weights;
  const every = positiveInt("historyEvery", options.historyEvery ?? 25);
  const seed = options.seed;
  if (!Number.isInteger(seed)) throw new Error(`trainJslds: seed must be an integer (got ${String(seed)}).`);

  const shape: ExpanderShape = { size: N, hidden: H };
  const start = options.initialModel;
  if (start) {
    const ss = start.spec;
    if (ss.arch !== spec.arch || ss.hiddenSize !== N || ss.inputSize !== spec.inputSize || ss.outputSize !== spec.outputSize) {
      throw new Error(
        `trainJslds: initialModel is ${ss.arch} N=${ss.hiddenSize} with ${ss.inputSize} inputs / ${ss.outputSize} outputs, ` +
          `but this run is ${spec.arch} N=${N} on task "${task.name}" (${spec.inputSize} / ${spec.outputSize}).`,
      );
    }
  }
  const rnn0 = start ? { spec, params: start.params } : initModel(spec, { ...(options.init ?? {}), seed: deriveSeed(seed, "jslds-rnn") });
  const params: Record<string, Float32Array> = { ...Object.fromEntries(Object.entries(rnn0.params).map(([k, v]) => [k, Float32Array.from(v)])) };
  if (useP) Object.assign(params, initExpander(shape, seed));
  const adam = createAdamState(params, 1);
  const history: JsldsHistoryRow[] = [];
  const t0 = Date.now();
  let last: JsldsLoss | null = null;
  for (let u = 0; u < updates; u++) {
    const trials = task.trials({ batch, seed: deriveSeed(seed, "jslds-batch", u) });
    const p64: Record<string, Float64Array> = {};
    const g64: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(params)) {
      p64[k] = Float64Array.from(v);
      g64[k] = new Float64Array(v.length);
    }
    const rnn: Params64 = Object.fromEntries(Object.entries(p64).filter(([k]) => !k.startsWith("P.")));
    const { loss } = jsldsLossGrad(
      { spec, rnn, expander: useP ? p64 : null, expanderShape: useP ? shape : null, staticChannels, fixedPointTrainsRnn: options.fixedPointTrainsRnn ?? true },
      trials,
      lambdaAt(u),
      g64,
    );
    if (!Number.isFinite(loss.total)) {
      throw new Error(`trainJslds: the loss became non-finite at update ${u} (${JSON.stringify(loss)}); lower lr or the λ's.`);
    }
    const g32: Record<string, Float32Array> = {};
    for (const [k, v] of Object.entries(g64)) g32[k] = Float32Array.from(v);
    if (clip !== null) clipGradients(g32, gradNorms(g32, 1), clip, 1);
    adamStep(params, g32, adam, [lr], [0]);
    last = loss;
    if (u % every === 0 || u === updates - 1) {
      const row = { update: u, ...loss };
      history.push(row);
      options.onProgress?.(row);
    }
  }
  const model: Model = {
    spec,
    params: Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith("P."))),
  };
  const expander = useP ? Object.fromEntries(EXPANDER_NAMES.map((k) => [k, params[k]!])) : null;
  return new JsldsResult({
    model,
    expander,
    expanderShape: useP ? shape : null,
    weights,
    staticChannels,
    taskName: task.name,
    seed,
    updates,
    history,
    finalLoss: last!,
    seconds: (Date.now() - t0) / 1000,
  });
}
