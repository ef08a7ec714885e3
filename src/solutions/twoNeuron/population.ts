/**
 * Population statistics of two-neuron networks: which solve the task (loss < 1e-4 under an
 * accurate integrator) and how the solvers split into the three regimes.
 */
import { classifyAll, type ClassifyOptions } from "./classify";
import { checkIntegration, integrate, stepCount } from "./dynamics";
import {
  EVAL_INTEGRATION,
  TWO_NEURON_PROBLEM,
  TWO_NEURON_TYPES,
  type Integration,
  type TwoNeuronPopulationStats,
  type TwoNeuronProblem,
  type TwoNeuronType,
} from "./types";

/** Accepts [count·4] numbers or an NdArray-like {data, shape: [count, 2, 2]}. */
export type WeightsLike = ArrayLike<number> | { readonly data: ArrayLike<number | bigint>; readonly shape?: ReadonlyArray<number> };

/** Flat float64 copy of the weights, 4 numbers per network; checks the shape. */
export function toWeights(w: WeightsLike, who = "two-neuron"): Float64Array {
  const data = (w as { data?: ArrayLike<number> }).data ?? (w as ArrayLike<number>);
  const shape = (w as { shape?: ReadonlyArray<number> }).shape;
  if (shape && !(shape.length === 3 && shape[1] === 2 && shape[2] === 2) && !(shape.length === 2 && shape[1] === 4)) {
    throw new Error(`${who}: weights must have shape [count, 2, 2] (or [count, 4]), got [${shape.join(", ")}].`);
  }
  if (typeof data.length !== "number" || data.length === 0 || data.length % 4 !== 0) {
    throw new Error(`${who}: weights must hold 4 numbers per network (row-major 2×2), got ${data.length} numbers.`);
  }
  const out = Float64Array.from(data as ArrayLike<number>, Number);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) throw new Error(`${who}: weight ${i} (network ${Math.floor(i / 4)}) is not finite (${out[i]}).`);
  }
  return out;
}

/** ½‖x(T) − target‖² of every network. */
export function lossesOf(w: ArrayLike<number>, integration: Integration = EVAL_INTEGRATION, problem: TwoNeuronProblem = TWO_NEURON_PROBLEM): Float64Array {
  checkIntegration(integration);
  const n = stepCount(problem.T, integration.dt);
  const count = w.length / 4;
  const out = new Float64Array(count);
  const x = new Float64Array(2);
  for (let i = 0; i < count; i++) {
    x[0] = problem.x0[0];
    x[1] = problem.x0[1];
    integrate(w, 4 * i, x, n, integration);
    const e0 = x[0]! - problem.target[0], e1 = x[1]! - problem.target[1];
    const l = 0.5 * (e0 * e0 + e1 * e1);
    out[i] = Number.isFinite(l) ? l : Infinity;
  }
  return out;
}

export interface StatsOptions extends ClassifyOptions {
  /** Integrator for the loss (default RK4 dt 0.01, the authors' evaluation). */
  integration?: Integration;
  /** "Good" threshold on the loss (1e-4). */
  goodLoss?: number;
  problem?: TwoNeuronProblem;
  label?: string;
}

export function countTypes(types: readonly TwoNeuronType[], mask?: ArrayLike<number>): Record<TwoNeuronType, number> {
  const c: Record<TwoNeuronType, number> = { SO: 0, LC: 0, FP: 0 };
  types.forEach((t, i) => {
    if (!mask || mask[i]) c[t]++;
  });
  return c;
}

/** Loss, good flag, type of every network and the population numbers of Turner et al. §2.4. */
export function twoNeuronStats(weights: WeightsLike, options: StatsOptions = {}): TwoNeuronPopulationStats {
  const w = toWeights(weights, "twoNeuronStats");
  const integration = options.integration ?? EVAL_INTEGRATION;
  const goodLoss = options.goodLoss ?? 1e-4;
  if (!(goodLoss > 0)) throw new RangeError(`twoNeuronStats: goodLoss must be positive, got ${goodLoss}.`);
  const loss = lossesOf(w, integration, options.problem ?? TWO_NEURON_PROBLEM);
  const count = loss.length;
  const good = new Uint8Array(count);
  for (let i = 0; i < count; i++) good[i] = loss[i]! < goodLoss ? 1 : 0;
  const types = classifyAll(w, options);
  const goodTypeCounts = countTypes(types, good);
  const goodCount = good.reduce((s, g) => s + g, 0);
  const goodTypeFractions = Object.fromEntries(TWO_NEURON_TYPES.map((t) => [t, goodCount ? goodTypeCounts[t] / goodCount : 0])) as Record<TwoNeuronType, number>;
  return {
    kind: "two-neuron-population-stats",
    count,
    loss,
    good,
    types,
    goodLoss,
    integration,
    goodCount,
    goodFraction: goodCount / count,
    goodTypeCounts,
    goodTypeFractions,
    label: options.label ?? `${count} networks`,
  };
}

/** One line: "7080/10000 good (70.8 %); among good LC 48.4 %, FP 51.0 %, SO 0.6 %". */
export function describeStats(s: TwoNeuronPopulationStats): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const f = s.goodTypeFractions;
  return (
    `${s.label}: ${s.goodCount}/${s.count} good (${pct(s.goodFraction)}, loss < ${s.goodLoss} with ${s.integration.method} dt ${s.integration.dt}); ` +
    `among good LC ${pct(f.LC)}, FP ${pct(f.FP)}, SO ${pct(f.SO)}`
  );
}
