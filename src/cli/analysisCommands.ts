/**
 * Analysis subcommands of the CLI: `graph`, `extrapolate` (Turner et al. 2021) and `fixed-points`
 * (Sussillo & Barak 2013). Each prints JSON with --json and a short human summary otherwise; the
 * science lives in src/solutions and src/analysis, this module only parses and formats.
 */
import * as fs from "node:fs";
import { searchFixedPoints } from "../analysis/fixedPoints/defaultSearch";
import { fixedPointsToArrays } from "../analysis/fixedPoints/fixedPointsIo";
import { loadModel, readNpy, writeNpz } from "../io";
import { stateSize } from "../models";
import { extrapolateCommand, graphCommand } from "../solutions/commands";
import { getTask, type Task } from "../tasks";
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
  "fixed-points": `rnn-atlas fixed-points: fixed and slow points of a saved network under constant inputs.

  rnn-atlas fixed-points <network> [--input v1,v2,... | --inputs U.npy] [--task <name>] [--init-states X.npy]
                         [--adam-eps E] [--lr L] [--tol-q Q] [--tol-unique D] [--max-iters N]
                         [--per-source K] [--no-saddle-search] [--member i] [--seed S] [--out FP.npz] [--json]

  --input v1,...     the constant input (default: zeros)
  --inputs U.npy     several constant inputs at once, [P, inputs]; the points of all are reported
  --task <name>      also start from the network's trajectories on this task's validation trials
                     (default: the task in the network's files, if any)
  --init-states X.npy  your own initial states [K, state]; replaces the default sources
  --per-source K     initial states per default source (default 256)
  --adam-eps E       Adam's epsilon (default 0.01; measured: 1e-8 stops converging on GRUs)
  --lr L             initial learning rate (default 1)
  --tol-q Q          stop a search when q < Q (default 1e-12)
  --tol-unique D     points closer than D are one point (default 1e-3)
  --max-iters N      optimiser iterations (default 5000)
  --no-saddle-search skip the second pass between the stable points
  --out FP.npz       write the points: xstar, inputs, q, J (Jacobians), eigRe/eigIm, stable, n_unstable, is_slow
  --seed S           seed of every random draw (default 0)

Default initial states: trajectories of the task (with and without noise), ends and paths of free runs from
random states, random states at three scales, then a second pass seeded between every pair of stable
points. Prints where each group of initial states ended, then every point with q, stability, number of
unstable modes and the leading eigenvalue. Searches that did not converge are counted, never reported.
Exit codes: 0 ok, 1 no point found, 2 bad input.`,
};

function networkArg(command: string, positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`${command}: give exactly one network (DIR or file).`);
  const target = positionals[0]!;
  if (!fs.existsSync(target)) throw new UsageError(`${command}: ${target} does not exist.`);
  return target;
}

function graphTaskArg(command: string, task: string | undefined): string {
  if (!task) throw new UsageError(`${command}: missing --task (one of ${GRAPH_TASKS.join(", ")}).`);
  if (!GRAPH_TASKS.includes(task)) throw new UsageError(`${command}: --task must be one of ${GRAPH_TASKS.join(", ")}, got "${task}".`);
  return task;
}

/** The network must take the task's inputs and give its outputs; checked before any work (exit 2). */
function checkNetworkFitsTask(command: string, target: string, taskName: string): void {
  const model = loadNetwork(target, undefined);
  let task: Task;
  try {
    task = getTask(taskName);
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
  if (task.inputSize !== model.spec.inputSize || task.outputSize !== model.spec.outputSize) {
    throw new UsageError(
      `${command}: task "${task.name}" has ${task.inputSize} inputs / ${task.outputSize} outputs, the network ${target} ${model.spec.inputSize} / ${model.spec.outputSize}. ` +
        `Give the task the network was trained on.`,
    );
  }
}

export function cmdGraph(argv: string[], io: CliIo): number {
  const p = parseCommand("graph", argv, { task: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (bool(p, "help")) return io.out(ANALYSIS_HELP.graph + "\n"), 0;
  const target = networkArg("graph", p.positionals);
  const task = graphTaskArg("graph", str(p, "task"));
  checkNetworkFitsTask("graph", target, task);
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
  checkNetworkFitsTask("extrapolate", target, task);
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
  const parts = raw.split(",");
  // Number("") is 0, so an empty field ("1,,3") would silently read as a zero: refuse it.
  const v = parts.map((t) => (t.trim() === "" ? NaN : Number(t.trim())));
  if (v.some((x) => !Number.isFinite(x))) throw new UsageError(`--${option} expects comma-separated finite numbers, got "${raw}".`);
  return v;
}

/** A .npy file as a [rows, cols] matrix, with the option's name in every error. */
function npyMatrix(file: string, option: string, cols: number, what: string): { data: Float64Array; rows: number } {
  if (!fs.existsSync(file)) throw new UsageError(`--${option}: ${file} does not exist.`);
  let a;
  try {
    a = readNpy(file);
  } catch (e) {
    throw new UsageError(`--${option}: ${(e as Error).message}`);
  }
  const shape = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
  if (shape.length !== 2 || shape[1] !== cols) {
    throw new UsageError(`--${option}: ${file} has shape [${a.shape.join(", ")}]; expected [K, ${cols}] (${what}).`);
  }
  if (shape[0] === 0) throw new UsageError(`--${option}: ${file} holds no rows (K = 0); give at least one.`);
  const data = Float64Array.from(a.data as ArrayLike<number>);
  const bad = data.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new UsageError(`--${option}: ${file} row ${Math.floor(bad / cols)}, column ${bad % cols} is ${data[bad]}; every value must be finite.`);
  return { data, rows: shape[0]! };
}

export function cmdFixedPoints(argv: string[], io: CliIo): number {
  const p = parseCommand("fixed-points", argv, {
    input: { type: "string" },
    inputs: { type: "string" },
    task: { type: "string" },
    "init-states": { type: "string" },
    "per-source": { type: "string" },
    "adam-eps": { type: "string" },
    lr: { type: "string" },
    "tol-q": { type: "string" },
    "tol-unique": { type: "string" },
    "max-iters": { type: "string" },
    "no-saddle-search": { type: "boolean" },
    member: { type: "string" },
    seed: { type: "string" },
    out: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (bool(p, "help")) return io.out(ANALYSIS_HELP["fixed-points"] + "\n"), 0;
  const target = networkArg("fixed-points", p.positionals);
  const member = num(p, "member", { integer: true, min: 0 });
  const model = loadNetwork(target, member);
  const spec = model.spec;
  const S = stateSize(spec);
  const I = spec.inputSize;
  if (str(p, "input") !== undefined && str(p, "inputs") !== undefined) throw new UsageError("fixed-points: give --input or --inputs, not both.");
  let inputs: number[][];
  if (str(p, "inputs") !== undefined) {
    const m = npyMatrix(str(p, "inputs")!, "inputs", I, `one constant input of the network's ${I} per row`);
    inputs = Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * I, (r + 1) * I)));
  } else {
    const raw = str(p, "input");
    const one = raw === undefined ? new Array<number>(I).fill(0) : parseVector(raw, "input");
    if (one.length !== I) throw new UsageError(`fixed-points: --input has ${one.length} values, the network takes ${I} inputs.`);
    inputs = [one];
  }
  const initFile = str(p, "init-states");
  const initStates = initFile ? npyMatrix(initFile, "init-states", S, `initial states of the network's ${S}-dimensional state${spec.arch === "lstm" ? " [h, c]" : ""}`).data : undefined;
  const metaTask = typeof model.meta?.task === "string" ? String(model.meta.task) : undefined;
  const taskName = str(p, "task") ?? metaTask;
  let task: Task | undefined;
  if (taskName && !initStates) {
    try {
      task = getTask(taskName);
    } catch (e) {
      throw new UsageError(`fixed-points: ${(e as Error).message}`);
    }
    if (task.inputSize !== I) throw new UsageError(`fixed-points: task "${task.name}" has ${task.inputSize} inputs, the network ${I}.`);
  }
  const opt = {
    ...(num(p, "adam-eps", { min: 0 }) !== undefined ? { adamEps: num(p, "adam-eps", { min: 0 }) } : {}),
    ...(num(p, "lr", { min: 0 }) !== undefined ? { lrInit: num(p, "lr", { min: 0 }) } : {}),
    ...(num(p, "tol-q", { min: 0 }) !== undefined ? { tolQ: num(p, "tol-q", { min: 0 }), fixedTolQ: Math.max(num(p, "tol-q", { min: 0 })!, 1e-10) } : {}),
    ...(num(p, "tol-unique", { min: 0 }) !== undefined ? { tolUnique: num(p, "tol-unique", { min: 0 }) } : {}),
    maxIters: num(p, "max-iters", { integer: true, min: 1, def: 5000 })!,
    seed: num(p, "seed", { integer: true, def: 0 })!,
    ...(num(p, "per-source", { integer: true, min: 1 }) !== undefined ? { perSource: num(p, "per-source", { integer: true, min: 1 }) } : {}),
    saddleSearch: !bool(p, "no-saddle-search"),
  };
  const searches = inputs.map((input) => {
    try {
      return searchFixedPoints(model, { ...opt, input, ...(task ? { task } : {}), ...(initStates ? { initStates } : {}) });
    } catch (e) {
      throw new Error(`fixed-points: ${(e as Error).message}`);
    }
  });
  let fps = searches[0]!.points;
  for (const s of searches.slice(1)) fps = fps.merge(s.points);
  const unconverged = searches.reduce((a, s) => a + s.unconverged, 0);
  const initialStates = searches.reduce((a, s) => a + s.initialStates, 0);
  const outFile = str(p, "out");
  if (outFile) {
    if (!outFile.endsWith(".npz")) throw new UsageError(`fixed-points: --out must end in .npz, got "${outFile}".`);
    const arrays = fixedPointsToArrays(fps);
    const K = fps.count;
    const extra: Record<string, { data: Uint8Array | Int32Array; shape: number[] }> = {};
    if (K > 0 && fps.eigRe) {
      extra.stable = { data: Uint8Array.from(fps.isStable, (b) => (b ? 1 : 0)), shape: [K] };
      extra.n_unstable = { data: fps.nUnstable, shape: [K] };
    }
    writeNpz(outFile, { ...arrays, ...extra, is_slow: { data: Uint8Array.from(fps.isSlow, (b) => (b ? 1 : 0)), shape: [K] } });
  }
  const points = Array.from({ length: fps.count }, (_, k) => {
    const pt = fps.point(k);
    const ev = pt.eigenvalues;
    const order = ev ? Array.from(ev.re.keys()) : [];
    return {
      index: k,
      input: Array.from(pt.input ?? []),
      q: pt.q,
      stable: pt.isStable ?? null,
      unstableModes: pt.nUnstable ?? null,
      slow: pt.isSlow,
      iterations: pt.iterations,
      state: Array.from(pt.xstar),
      eigenvalues: ev ? order.slice(0, 10).map((i) => ({ re: ev.re[i]!, im: ev.im[i]! })) : [],
    };
  });
  const report = searches.flatMap((s, i) => s.report.map((r) => ({ input: inputs[i], ...r })));
  const record = { network: target, inputs, initialStates, unconverged, continuous: fps.continuous, count: fps.count, report, points, ...(outFile ? { out: outFile } : {}) };
  if (bool(p, "json")) {
    io.out(JSON.stringify(record) + "\n");
  } else {
    const kinds = (k: (i: number) => boolean): number => points.filter((_, i) => k(i)).length;
    io.out(
      `${target}: ${fps.count} points (${kinds((i) => points[i]!.unstableModes === 0 && !points[i]!.slow)} stable, ${kinds((i) => points[i]!.unstableModes === 1 && !points[i]!.slow)} index-1, ` +
        `${kinds((i) => (points[i]!.unstableModes ?? 0) > 1 && !points[i]!.slow)} higher index, ${kinds((i) => points[i]!.slow)} slow) from ${initialStates} initial states, ` +
        `input${inputs.length > 1 ? "s" : ""} ${inputs.map((u) => `[${u.join(", ")}]`).join(" ")}\n`,
    );
    io.out("where the initial states ended:\n");
    for (const r of report) {
      io.out(`  ${r.source.padEnd(44)} ${String(r.states).padStart(5)}: ${r.stable} stable, ${r.index1} index-1, ${r.higherIndex} higher, ${r.slow} slow, ${r.unconverged} unconverged, ${r.elsewhere} elsewhere\n`);
    }
    for (const pt of points) {
      const lead = pt.eigenvalues[0];
      io.out(
        `  #${pt.index}  q=${pt.q.toExponential(2)}  ${pt.stable === null ? "?" : pt.stable ? "stable" : `unstable (${pt.unstableModes} modes)`}` +
          `${pt.slow ? " slow" : ""}  λ1=${lead ? `${lead.re.toFixed(4)}${lead.im >= 0 ? "+" : ""}${lead.im.toFixed(4)}i` : "-"}\n`,
      );
    }
    if (outFile) io.out(`wrote ${outFile}\n`);
  }
  if (unconverged > 0) {
    io.err(
      `fixed-points: ${unconverged} of ${initialStates} searches did not converge (q above --tol-q and not at a local minimum of q); they are not reported as points. ` +
        `Raise --max-iters (now ${opt.maxIters}) or --lr.\n`,
    );
  }
  if (fps.count === 0) {
    io.err(`fixed-points: no fixed or slow point found. Raise --max-iters, or give initial states where the network lives (--task or --init-states).\n`);
    return 1;
  }
  return 0;
}

/** A saved network; a population of one loads as its only member, a larger one needs --member. */
function loadNetwork(target: string, member: number | undefined) {
  try {
    return loadModel(target, member !== undefined ? { member } : {});
  } catch (e) {
    const msg = (e as Error).message;
    if (member === undefined && /population of 1 networks/.test(msg)) return loadModel(target, { member: 0 });
    if (member === undefined && /population of/.test(msg)) throw new UsageError(`${msg.replace(/; use loadPopulation.*$/, "")}: pass --member i.`);
    throw new UsageError(msg);
  }
}
