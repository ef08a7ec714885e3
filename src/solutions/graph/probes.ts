/**
 * Task-specific start states and input probes (§5.3 step C), and the whole pipeline
 * dynamics → full graph → discretised, compact ReducedGraph.
 */
import type { Model } from "../../core/types";
import { runModel, stateSize } from "../../models";
import { DiGraph, type GraphNode } from "./digraph";
import { clipAtFixedPoint, pulseEndState, simulate, type Trajectory } from "./lace";
import { findLaceCycle, findSegmentCycle, type CycleCut } from "./cycles";
import { connectSinks, mergeComponents, mergeLace, pathFromSource, targetOfType, zeroGraph } from "./merge";
import { compactGraph, discretiseOutputs } from "./compact";
import { resolveGraphOptions, type GraphOptions } from "./options";
import { ReducedGraph } from "./reducedGraph";
import type { Task } from "../../tasks/types";
import { probesFor } from "../population/task";

export type GraphTask = "rsg" | "interval-discrimination" | "delayed-discrimination";
export const GRAPH_TASKS: ReadonlyArray<GraphTask> = ["rsg", "interval-discrimination", "delayed-discrimination"];

/** Accepts our task names and the authors' directory names. */
export function graphTaskOf(name: string): GraphTask {
  const k = name.toLowerCase().replace(/_/g, "-");
  if (["rsg", "ready-set-go", "interval-reproduction", "time-reproduction"].includes(k)) return "rsg";
  if (k === "interval-discrimination") return "interval-discrimination";
  if (k === "delayed-discrimination") return "delayed-discrimination";
  throw new Error(`reduced graph: unknown task "${name}"; supported: ${GRAPH_TASKS.join(", ")} (the probes of Turner et al. 2021 §5.3 are task-specific).`);
}

/** Lace = path graph of a trajectory, optionally closed into a cycle, with node ids from `offset`. */
function laceGraph(tr: Trajectory, cut: CycleCut | null, offset: number): DiGraph {
  const g = new DiGraph();
  const n = cut ? cut.end : tr.states.length;
  for (let i = 0; i < n; i++) g.addNode(offset + i, { state: tr.states[i]!, output: tr.outputs[i]!, skip: 0, contracted: 1 });
  for (let i = 0; i + 1 < n; i++) g.addEdge(offset + i, offset + i + 1, 0);
  if (cut) g.addEdge(offset + n - 1, offset + cut.start, 0);
  return g;
}

function simulatedLace(model: Model, h0: ArrayLike<number>, o: GraphOptions): { lace: DiGraph; tr: Trajectory } {
  const tr = clipAtFixedPoint(simulate(model, h0, o.laceSteps), o.speedClip);
  const cut = findLaceCycle(tr.states, o);
  const lace = laceGraph(tr, cut, 0);
  const n = lace.size;
  return { lace, tr: { states: tr.states.slice(0, n), outputs: tr.outputs.slice(0, n) } };
}

/** Union a lace (ids from 0) into g after its largest id; link `from` → lace start by a pulse edge. */
function attach(g: DiGraph, lace: DiGraph, from: number | null, type: number): number {
  const off = g.size ? g.maxNodeId() + 1 : 0;
  for (const [id, d] of lace.nodes) g.addNode(id + off, d);
  for (const [u, v, t] of lace.edges()) g.addEdge(u + off, v + off, t);
  if (from !== null) g.addEdge(from, off, type);
  return off;
}

function extendFrom(g: DiGraph, model: Model, h0: ArrayLike<number>, from: number, type: number, o: GraphOptions): void {
  const { lace } = simulatedLace(model, h0, o);
  if (!lace.size) return;
  const start = attach(g, lace, from, type);
  mergeLace(g, start, o);
}

/** Percentile with linear interpolation (numpy default). */
function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Task geometry used by the probes (the paper's trial definitions, §3). */
export interface ProbeOptions {
  /** RSG: Ready onset, pulse width, the t_s of the trial whose wait supplies the start state, and the offset into the wait. Defaults 5, 5, 50, 15. */
  readonly rsgReadyOnset: number;
  readonly rsgPulse: number;
  readonly rsgStartTs: number;
  readonly rsgStartOffset: number;
  /** RSG: Set probes are launched from these lace nodes ("pre-output" = last node below the output outlier fence). Default [20]. */
  readonly rsgSetNodes: ReadonlyArray<number>;
  /** RSG: Set probe = pulse then zeros, this many steps in all. Default 10. */
  readonly rsgSetProbeSteps: number;
  /** RSG pre-output fence: q_hi + k·(q_hi − q_lo) of |output| along the lace. Defaults 10, 80, 1.5. */
  readonly preOutputLowPct: number;
  readonly preOutputHighPct: number;
  readonly preOutputIqrFactor: number;
  /** ID: zero-input steps from h0 = 0 to the start state; first-pulse node; pulse width; first probe length; second probe length. Defaults 10, 10, 2, 3, 10. */
  readonly idStartSteps: number;
  readonly idFirstPulseNode: number;
  readonly idPulse: number;
  readonly idFirstProbeSteps: number;
  readonly idSecondProbeSteps: number;
  /** ID: second-pulse nodes on the post-first-pulse lace (plus its last node). Default [12, 22]. */
  readonly idSecondPulseNodes: ReadonlyArray<number>;
  /**
   * ID: a first pulse launched from an L0 node beyond this one is the "late" pulse (the last L0 node); after
   * it the second pulse goes only to the first listed node and the last node. Default 30 (the longest
   * trained interval of the paper's task), so it scales with the task's time scale.
   */
  readonly idLatePulseNode: number;
  /** DD: recorded validation trials at this delay; pulse width; f1 values probed; f2 offsets; START trial. Defaults 19, 5, [4, 8], 2, (2,3). */
  readonly ddDelay: number;
  readonly ddPulse: number;
  readonly ddF1: ReadonlyArray<number>;
  readonly ddF2Offset: number;
  readonly ddWaitF2: number;
  readonly ddStartPair: readonly [number, number];
  /** DD: segments are used from this many steps into their epoch; first-pulse node on the START lace. Defaults 5, 4. */
  readonly ddSegmentSkip: number;
  readonly ddFirstPulseNode: number;
}

export const DEFAULT_PROBE_OPTIONS: ProbeOptions = Object.freeze({
  rsgReadyOnset: 5,
  rsgPulse: 5,
  rsgStartTs: 50,
  rsgStartOffset: 15,
  rsgSetNodes: [20],
  rsgSetProbeSteps: 10,
  preOutputLowPct: 10,
  preOutputHighPct: 80,
  preOutputIqrFactor: 1.5,
  idStartSteps: 10,
  idFirstPulseNode: 10,
  idPulse: 2,
  idFirstProbeSteps: 3,
  idSecondProbeSteps: 10,
  idSecondPulseNodes: [12, 22],
  idLatePulseNode: 30,
  ddDelay: 19,
  ddPulse: 5,
  ddF1: [4, 8],
  ddF2Offset: 2,
  ddWaitF2: 10,
  ddStartPair: [2, 3] as const,
  ddSegmentSkip: 5,
  ddFirstPulseNode: 4,
});

function rsgFullGraph(model: Model, o: GraphOptions, p: ProbeOptions): DiGraph {
  const ready = p.rsgReadyOnset;
  const steps = ready + p.rsgPulse + p.rsgStartOffset + 1;
  const I = model.spec.inputSize;
  const inputs = new Float32Array(steps * I);
  for (let t = ready; t < ready + p.rsgPulse; t++) inputs[t * I] = 1;
  const S = stateSize(model.spec);
  const run = runModel(model, inputs, { batch: 1, time: steps });
  const h0 = run.states.slice((steps - 1) * S, steps * S);
  const { lace: g, tr } = simulatedLace(model, h0, o);
  const absOut = tr.outputs.map(Math.abs);
  const lo = percentile(absOut, p.preOutputLowPct);
  const hi = percentile(absOut, p.preOutputHighPct);
  const fence = hi + p.preOutputIqrFactor * (hi - lo);
  let pre = -1;
  absOut.forEach((v, i) => {
    if (v < fence) pre = i;
  });
  for (const node of [...p.rsgSetNodes, pre]) {
    if (node < 0 || node >= tr.states.length) continue;
    const hs = pulseEndState(model, tr.states[node]!, 1, 1, p.rsgPulse, p.rsgSetProbeSteps);
    extendFrom(g, model, hs, node, 2, o);
  }
  mergeComponents(g, o);
  for (const [u, v] of g.edges()) if (u === v) g.removeEdge(u, v);
  connectSinks(g, model, o);
  return g;
}

function idFullGraph(model: Model, o: GraphOptions, p: ProbeOptions): DiGraph {
  const I = model.spec.inputSize;
  const S = stateSize(model.spec);
  const run = runModel(model, new Float32Array(p.idStartSteps * I), { batch: 1, time: p.idStartSteps });
  const h0 = run.states.slice((p.idStartSteps - 1) * S);
  const { lace: g } = simulatedLace(model, h0, o);
  const t1s = [p.idFirstPulseNode];
  if (g.findCycle() === null) t1s.push(g.size - 1);
  for (const t1 of t1s) {
    if (!g.has(t1)) continue;
    const h1 = pulseEndState(model, g.node(t1).state, 0, 1, p.idPulse, p.idFirstProbeSteps);
    extendFrom(g, model, h1, t1, 4, o);
    const laceStart = targetOfType(g, t1, 4);
    if (laceStart === null) continue;
    const path = pathFromSource(zeroGraph(g), laceStart);
    let t2s = [...p.idSecondPulseNodes.map((x) => x), path.length - 1].sort((a, b) => a - b);
    if (t1 > p.idLatePulseNode) t2s = t2s.filter((_, i) => i % 2 === 0);
    t2s = t2s.filter((c) => c < path.length && targetOfType(g, path[c]!, 2) === null);
    const states = path.map((x) => g.node(x).state);
    const post = t2s.map((c) => pulseEndState(model, states[c]!, 1, 1, p.idPulse, p.idSecondProbeSteps));
    t2s.forEach((c, k) => extendFrom(g, model, post[k]!, path[c]!, 2, o));
  }
  mergeComponents(g, o);
  connectSinks(g, model, o);
  return g;
}

/** Recorded segment of a delayed-discrimination validation trial (f1, f2) at the probe delay. */
function ddSegment(model: Model, p: ProbeOptions, f1: number, f2: number, from: number, to: number): Trajectory {
  const d = p.ddDelay;
  const T = 40 + d + 1;
  const I = model.spec.inputSize;
  const inputs = new Float32Array(T * I);
  for (let t = 5; t < 5 + p.ddPulse; t++) inputs[t * I] = f1;
  for (let t = 15 + d; t < 15 + d + p.ddPulse; t++) inputs[t * I + 1] = f2;
  const S = stateSize(model.spec);
  const O = model.spec.outputSize;
  const run = runModel(model, inputs, { batch: 1, time: T });
  const states: Float64Array[] = [];
  const outputs: number[] = [];
  for (let t = from; t < to; t++) {
    states.push(run.states.slice(t * S, (t + 1) * S));
    outputs.push(run.outputs[t * O]!);
  }
  return { states, outputs };
}

function ddFullGraph(model: Model, o: GraphOptions, p: ProbeOptions): DiGraph {
  const d = p.ddDelay;
  const start = ddSegment(model, p, p.ddStartPair[0], p.ddStartPair[1], 0, 5);
  const g = laceGraph(start, null, 0);
  const waitFrom = 5 + p.ddPulse + p.ddSegmentSkip;
  const waitTo = 15 + d;
  const outFrom = 15 + d + p.ddPulse + p.ddSegmentSkip;
  const outTo = 40 + d + 1;
  for (const f1 of p.ddF1) {
    const wait = ddSegment(model, p, f1, p.ddWaitF2, waitFrom, waitTo);
    const s1 = attach(g, laceGraph(wait, findSegmentCycle(wait.states, o), 0), p.ddFirstPulseNode, f1);
    mergeLace(g, s1, o);
    const entry = targetOfType(g, p.ddFirstPulseNode, f1);
    if (entry === null) continue;
    const wpath = pathFromSource(g, entry);
    const sink = wpath[wpath.length - 1]!;
    for (const f2 of [f1 - p.ddF2Offset, f1 + p.ddF2Offset]) {
      const seg = ddSegment(model, p, f1, f2, outFrom, outTo);
      const s2 = attach(g, laceGraph(seg, findSegmentCycle(seg.states, o), 0), sink, f2);
      mergeLace(g, s2, o);
    }
  }
  return g;
}

export interface BuildGraphOptions {
  readonly graph?: Partial<GraphOptions>;
  readonly probes?: Partial<ProbeOptions>;
}

/** The full (uncompacted) graph with discretised outputs. */
export function buildFullGraph(model: Model, task: string, opts: BuildGraphOptions = {}): DiGraph {
  const o = resolveGraphOptions(opts.graph);
  const p = { ...DEFAULT_PROBE_OPTIONS, ...(opts.probes ?? {}) };
  const t = graphTaskOf(task);
  if (model.spec.inputSize !== 2 || model.spec.outputSize < 1) {
    throw new Error(`reduced graph: the ${t} probes need a network with 2 inputs and ≥ 1 output; got ${model.spec.inputSize} inputs, ${model.spec.outputSize} outputs.`);
  }
  const g = t === "rsg" ? rsgFullGraph(model, o, p) : t === "interval-discrimination" ? idFullGraph(model, o, p) : ddFullGraph(model, o, p);
  discretiseOutputs(g, t === "rsg" ? "rsg" : "sign", o.rsgOutputCut);
  return g;
}

/** Reduced-dynamics directed graph of a network for one of the three tasks (Turner et al. 2021 §5.3). */
export function buildReducedGraph(model: Model, task: string | Task, opts: BuildGraphOptions = {}): ReducedGraph {
  const [name, o] = typeof task === "string" ? [task, opts] : [task.name, probesOfTask(task, opts)];
  const g = buildFullGraph(model, name, o);
  compactGraph(g);
  return ReducedGraph.fromDiGraph(g, graphTaskOf(name));
}

/**
 * Probe options from a task object: its own timing (a shortened variant is probed at the same
 * relative times, see probesFor), overridden by any probes the caller gives.
 */
function probesOfTask(task: Task, opts: BuildGraphOptions): BuildGraphOptions {
  const name = graphTaskOf(task.name);
  const numeric = Object.fromEntries(Object.entries(task.options).filter(([, v]) => typeof v === "number")) as Record<string, number>;
  return { ...opts, probes: { ...probesFor(name, numeric), ...(opts.probes ?? {}) } };
}

export type { GraphNode };
