/**
 * Phase-portrait data of one two-neuron network (Turner et al. 2021 §2.3): the kinetic energy
 * q = ½‖dx/dt‖² on a grid (its log10 is the background: fixed points and slow regions are dark
 * valleys), the vector field on a coarse grid, and the trajectory from x(0) = (1, 0).
 */
import { eig2, classifyTwoNeuron, type Eig2 } from "./classify";
import { lossOf, speedQ, trajectory, velocity } from "./dynamics";
import { toWeights, type WeightsLike } from "./population";
import { EVAL_INTEGRATION, TWO_NEURON_PROBLEM, type Integration, type TwoNeuronType } from "./types";

export interface PhasePortraitOptions {
  /** The square [−range, range]² (3). */
  range?: number;
  /** q grid points per axis (150). */
  gridSize?: number;
  /** Vector-field arrows per axis (8). */
  quiverSize?: number;
  /** Trajectory length in time units (100). */
  horizon?: number;
  /** The first `boldUntil` time units are the trained part (10). */
  boldUntil?: number;
  /** Trajectory integrator (RK4 dt 0.01) and sampling (every 10 steps = 0.1 time units). */
  integration?: Integration;
  sampleEvery?: number;
  /** Panel title (default: the type). */
  title?: string;
}

export interface TwoNeuronPhasePortrait {
  readonly kind: "two-neuron-phase-portrait";
  readonly title: string;
  /** [w00, w01, w10, w11]. */
  readonly W: readonly number[];
  readonly type: TwoNeuronType;
  readonly eig: Eig2;
  /** Loss at T = 10 (RK4 dt 0.01). */
  readonly loss: number;
  readonly range: number;
  /** Grid coordinates (same for both axes) and log10 q, row-major [iy][ix] (iy along x2). */
  readonly gridCoords: Float64Array;
  readonly log10q: Float64Array;
  /** Vector field: positions and velocities, `quiverSize²` each. */
  readonly quiver: { readonly x: Float64Array; readonly y: Float64Array; readonly u: Float64Array; readonly v: Float64Array };
  /** Trajectory from x0: times and states. */
  readonly trajectory: { readonly t: Float64Array; readonly x: Float64Array; readonly y: Float64Array };
  readonly boldUntil: number;
  readonly start: readonly [number, number];
  readonly target: readonly [number, number];
}

function linspace(lo: number, hi: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (n - 1);
  return out;
}

/** Phase-portrait data for one W (4 numbers or a [1, 2, 2] array). */
export function twoNeuronPhasePortrait(weights: WeightsLike, options: PhasePortraitOptions = {}): TwoNeuronPhasePortrait {
  const w = toWeights(weights, "twoNeuronPhasePortrait");
  if (w.length !== 4) throw new Error(`twoNeuronPhasePortrait: expects one network (4 weights), got ${w.length / 4}; pick one with W.subarray(4*i, 4*i+4).`);
  const range = options.range ?? 3;
  const size = options.gridSize ?? 150;
  const qn = options.quiverSize ?? 8;
  const horizon = options.horizon ?? 100;
  const boldUntil = options.boldUntil ?? TWO_NEURON_PROBLEM.T;
  const integ = options.integration ?? EVAL_INTEGRATION;
  if (!(range > 0) || !Number.isInteger(size) || size < 2 || !Number.isInteger(qn) || qn < 2) {
    throw new RangeError(`twoNeuronPhasePortrait: need range > 0 and integer gridSize, quiverSize ≥ 2 (got ${range}, ${size}, ${qn}).`);
  }
  const coords = linspace(-range, range, size);
  const log10q = new Float64Array(size * size);
  for (let iy = 0; iy < size; iy++) {
    for (let ix = 0; ix < size; ix++) log10q[iy * size + ix] = Math.log10(Math.max(speedQ(w, 0, coords[ix]!, coords[iy]!), 1e-300));
  }
  const qc = linspace(-range, range, qn);
  const qx = new Float64Array(qn * qn), qy = new Float64Array(qn * qn), qu = new Float64Array(qn * qn), qv = new Float64Array(qn * qn);
  for (let iy = 0; iy < qn; iy++) {
    for (let ix = 0; ix < qn; ix++) {
      const k = iy * qn + ix;
      const [u, v] = velocity(w, 0, qc[ix]!, qc[iy]!);
      qx[k] = qc[ix]!; qy[k] = qc[iy]!; qu[k] = u; qv[k] = v;
    }
  }
  const tr = trajectory(w, 0, TWO_NEURON_PROBLEM.x0, horizon, integ, options.sampleEvery ?? 10);
  const m = tr.times.length;
  const tx = new Float64Array(m), ty = new Float64Array(m);
  for (let i = 0; i < m; i++) { tx[i] = tr.states[2 * i]!; ty[i] = tr.states[2 * i + 1]!; }
  const type = classifyTwoNeuron(w);
  return {
    kind: "two-neuron-phase-portrait",
    title: options.title ?? type,
    W: Array.from(w),
    type,
    eig: eig2(w),
    loss: lossOf(w, 0, EVAL_INTEGRATION),
    range,
    gridCoords: coords,
    log10q,
    quiver: { x: qx, y: qy, u: qu, v: qv },
    trajectory: { t: tr.times, x: tx, y: ty },
    boldUntil,
    start: TWO_NEURON_PROBLEM.x0,
    target: TWO_NEURON_PROBLEM.target,
  };
}
