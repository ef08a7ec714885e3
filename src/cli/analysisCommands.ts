/**
 * Analysis subcommands of the CLI: `graph`, `extrapolate` (Turner et al. 2021) and `fixed-points`
 * (Sussillo & Barak 2013). Each prints JSON with --json and a short human summary otherwise; the
 * science lives in src/solutions and src/analysis, this module only parses and formats.
 */
import * as fs from "node:fs";
import { findFixedPoints } from "../analysis/fixedPoints/findFixedPoints";
import { sampleStates } from "../analysis/fixedPoints/sampleStates";
import { Rng } from "../core/random";
import { loadModel } from "../io";
import { runModel, stateSize } from "../models";
import { extrapolateCommand, graphCommand } from "../solutions/commands";
import { getTask } from "../tasks";
import { UsageError, bool, num, parseCommand, str } from "./args";

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

const GRAPH_TASKS = ["rsg", "interval-discrimination", "delayed-discrimination"];

export const ANALYSIS_HELP: Record<string, string> = {
  graph: `rnn-atlas graph: the reduced-dynamics graph (Turner, Dabholkar & Barak 2021) of a saved network.

  rnn-atlas graph <network> --task <${GRAPH_TASKS.join("|")}> [--json]

Prints the compact graph: nodes (discretised output, steps absorbed), edges (input type: 0 = autonomous
flow, >0 = input pulse) and the type key that names its isomorphism class (the solution type).`,
  extrapolate: `rnn-atlas extrapolate: behaviour of a saved network beyond its training range.

  rnn-atlas extrapolate <network> --task <${GRAPH_TASKS.join("|")}> [--json]

RSG: produced interval t_p against t_s up to well past the trained 20..50, with the behaviour class
(near-perfect, saturation, premature, oscillation, silence). Discrimination tasks: accuracy grids
beyond the trained intervals / delays / amplitudes.`,
  "fixed-points": `rnn-atlas fixed-points: fixed and slow points of a saved network for one constant input.

  rnn-atlas fixed-points <network> [--input v1,v2,...] [--task <name>] [--inits K] [--noise S]
                         [--max-iters N] [--seed S] [--json]

  --input v1,...     the constant input (default: zeros)
  --task <name>      sample initial states from the network's own trajectories on this task's
                     validation trials (default: the task in the network's files, else Gaussian states)
  --inits K          number of initial states (default 256)
  --noise S          std of the Gaussian noise added to sampled states (default 0.01)
  --max-iters N      optimiser iterations (default 5000)
  --seed S           seed of the sampling (default 0)

Prints every unique point with q, stability, number of unstable modes and eigenvalues (largest |λ| first).`,
};

function networkArg(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command}: give exactly one network (DIR or file).`);
  const target = positionals[0]!;
  if (!fs.existsSync(target)) throw new UsageError(`${command}: ${target} does not exist.`);
  return target;
}

function graphTaskArg(command: string, task: string | undefined): string {
  if (!task) throw new UsageError(`${command}: missing --task (one of ${GRAPH_TASKS.join(", ")}).`);
  return task;
}

export function cmdGraph(argv: string[], io: CliIo): number {
  const p = parseCommand("graph", argv, { task: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (bool(p, "help")) return io.out(ANALYSIS_HELP.graph + "\n"), 0;
  const target = networkArg("graph", p.positionals);
  const task = graphTaskArg("graph", str(p, "task"));
  const g = graphCommand(target, task) as { nodes?: unknown[]; edges?: Array<{ from: number; to: number; type: number }>; typeKey?: string };
  if (bool(p, "json")) {
    io.out(JSON.stringify(g) + "\n");
    return 0;
  }
  io.out(`${target}: ${g.nodes?.length ?? 0} nodes, ${g.edges?.length ?? 0} edges; type key ${g.typeKey ?? "?"}\n`);
  for (const e of g.edges ?? []) io.out(`  ${e.from} -> ${e.to}  (input type ${e.type})\n`);
  return 0;
}

export function cmdExtrapolate(argv: string[], io: CliIo): number {
  const p = parseCommand("extrapolate", argv, { task: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (bool(p, "help")) return io.out(ANALYSIS_HELP.extrapolate + "\n"), 0;
  const target = networkArg("extrapolate", p.positionals);
  const task = graphTaskArg("extrapolate", str(p, "task"));
  const r = extrapolateCommand(target, task) as Record<string, unknown>;
  if (bool(p, "json")) {
    io.out(JSON.stringify(r) + "\n");
    return 0;
  }
  const summary = Object.entries(r)
    .filter(([, v]) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
    .map(([k, v]) => `${k}=${v}`)
    .join("  ");
  io.out(`${summary}\n`);
  return 0;
}

function parseVector(raw: string, option: string): number[] {
  const v = raw.split(",").map((s) => Number(s.trim()));
  if (v.length === 0 || v.some((x) => !Number.isFinite(x))) throw new UsageError(`--${option} expects comma-separated numbers, got "${raw}".`);
  return v;
}

export function cmdFixedPoints(argv: string[], io: CliIo): number {
  const p = parseCommand("fixed-points", argv, {
    input: { type: "string" },
    task: { type: "string" },
    inits: { type: "string" },
    noise: { type: "string" },
    "max-iters": { type: "string" },
    seed: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (bool(p, "help")) return io.out(ANALYSIS_HELP["fixed-points"] + "\n"), 0;
  const target = networkArg("fixed-points", p.positionals);
  const model = loadModel(target);
  const spec = model.spec;
  const S = stateSize(spec);
  const K = num(p, "inits", { integer: true, min: 1, def: 256 })!;
  const seed = num(p, "seed", { integer: true, def: 0 })!;
  const noise = num(p, "noise", { min: 0, def: 0.01 })!;
  const maxIters = num(p, "max-iters", { integer: true, min: 1, def: 5000 })!;
  const rawInput = str(p, "input");
  const input = rawInput === undefined ? new Array<number>(spec.inputSize).fill(0) : parseVector(rawInput, "input");
  if (input.length !== spec.inputSize) {
    throw new UsageError(`fixed-points: --input has ${input.length} values, the network takes ${spec.inputSize} inputs.`);
  }
  const metaTask = typeof (model as { meta?: Record<string, unknown> }).meta?.task === "string" ? String((model as { meta?: Record<string, unknown> }).meta!.task) : undefined;
  const taskName = str(p, "task") ?? metaTask;
  let inits: Float64Array;
  let source: string;
  if (taskName) {
    let task;
    try {
      task = getTask(taskName);
    } catch (e) {
      throw new UsageError(`fixed-points: ${(e as Error).message}`);
    }
    if (task.inputSize !== spec.inputSize) {
      throw new UsageError(`fixed-points: task "${task.name}" has ${task.inputSize} inputs, the network ${spec.inputSize}.`);
    }
    const trials = task.validation();
    const run = runModel(model, trials.inputs, { batch: trials.batch, time: trials.time, ...(trials.h0 ? { h0: trials.h0 } : {}) });
    inits = sampleStates({ data: run.states, shape: [trials.batch, trials.time, S] }, K, { noise, seed }).states;
    source = `${task.name} validation trajectories (noise ${noise})`;
  } else {
    // No task known: a Gaussian cloud around the origin, scaled like tanh units.
    const rng = new Rng(seed);
    inits = new Float64Array(K * S);
    for (let i = 0; i < inits.length; i++) inits[i] = rng.normal(0, 0.5);
    source = "Gaussian states N(0, 0.5²) (no --task given)";
  }
  const fps = findFixedPoints(model, { inits, inputs: input, maxIters, seed });
  const points = Array.from({ length: fps.count }, (_, k) => {
    const pt = fps.point(k);
    const ev = pt.eigenvalues;
    const order = ev ? Array.from(ev.re.keys()) : [];
    return {
      index: k,
      q: pt.q,
      stable: pt.isStable ?? null,
      unstableModes: pt.nUnstable ?? null,
      slow: pt.isSlow,
      iterations: pt.iterations,
      state: Array.from(pt.xstar),
      eigenvalues: ev ? order.slice(0, 10).map((i) => ({ re: ev.re[i]!, im: ev.im[i]! })) : [],
    };
  });
  const record = { network: target, input, inits: K, initialStates: source, continuous: fps.continuous, count: fps.count, points };
  if (bool(p, "json")) {
    io.out(JSON.stringify(record) + "\n");
    return 0;
  }
  io.out(`${target}: ${fps.count} unique points from ${K} initial states (${source}), input [${input.join(", ")}]\n`);
  for (const pt of points) {
    const lead = pt.eigenvalues[0];
    io.out(
      `  #${pt.index}  q=${pt.q.toExponential(2)}  ${pt.stable === null ? "?" : pt.stable ? "stable" : `unstable (${pt.unstableModes} modes)`}` +
        `${pt.slow ? " slow" : ""}  λ1=${lead ? `${lead.re.toFixed(4)}${lead.im >= 0 ? "+" : ""}${lead.im.toFixed(4)}i` : "-"}\n`,
    );
  }
  return 0;
}
