#!/usr/bin/env node
/**
 * rnn-atlas command line: train populations, describe and export saved networks, run one trial.
 * Exit codes: 0 ok, 1 failure while working, 2 bad input (usage, unknown task, unreadable file).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Model, ModelSpec, Trials } from "../core/types";
import { claimRunFolder, exportModel, moveAside, loadModel, loadPopulation, readNpy, savePopulation, writeFileAtomic, writeNpy } from "../io";
import { paramCount, runModel, stateSize } from "../models";
import { describeTasks, getTask, listTasks, type Task } from "../tasks";
import { checkTrainingFits } from "../train/memory";
import { readSnapshot } from "../train/snapshot";
import { trainPopulation } from "../train/trainPopulation";
import { jsonSafe, saveTrainResult, trainSummary } from "../train/runFiles";
import type { TrainOptions, TrainResult } from "../train/types";
import { cmdExtrapolate, cmdFixedPoints, cmdGraph } from "./analysisCommands";
import { cmdBuildNative, cmdKernel } from "./kernelCommand";
import { ShardFailureError } from "../cluster/shardDriver";
import { EXECUTOR_HELP, EXECUTOR_OPTS, GATHER_HELP, STATUS_HELP, cmdGather, cmdShard, cmdStatus, executorFromArgs } from "./clusterCommands";
import { UsageError, bool, keyValues, num, oneOf, parseCommand, str, type OptionSpec } from "./args";

const ARCHS = ["vanilla", "gru", "lstm", "leaky", "linear", "ugrnn"] as const;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const TRAIN_OPTS: OptionSpec = {
  task: { type: "string" },
  arch: { type: "string" },
  units: { type: "string" },
  networks: { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  resume: { type: "boolean" },
  overwrite: { type: "boolean" },
  steps: { type: "string" },
  lr: { type: "string" },
  batch: { type: "string" },
  "train-size": { type: "string" },
  "target-loss": { type: "string" },
  "target-accuracy": { type: "string" },
  clip: { type: "string" },
  blowup: { type: "boolean" },
  "same-init": { type: "boolean" },
  "same-data": { type: "boolean" },
  g: { type: "string" },
  "snapshot-every": { type: "string" },
  "checkpoint-every": { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  ...EXECUTOR_OPTS,
};

const HELP_MAIN = (): string => {
  let tasks: string;
  try {
    tasks = describeTasks()
      .map((t) => `  ${t.name.padEnd(26)}${t.description}`)
      .join("\n");
  } catch {
    tasks = listTasks().map((t) => `  ${t}`).join("\n");
  }
  return `rnn-atlas — train and inspect populations of recurrent networks

Usage:
  rnn-atlas train --task <name> --arch <${ARCHS.join("|")}> --units N --networks M --seed S --out DIR
                  [--resume | --overwrite] [--steps K] [--lr X] [--batch B] [--train-size N] [--target-loss X]
                  [--target-accuracy A] [--clip X] [--blowup] [--same-init] [--same-data] [--g G]
                  [--snapshot-every E] [--checkpoint-every K] [--json] [--quiet]
                  [--executor slurm [--partition P] [--account A] [--time-limit T] [--max-parallel K] ...]
  rnn-atlas status DIR [--json]                  where the shards of a Slurm-trained run stand
  rnn-atlas gather DIR [--wait]                  gather (or wait for, then gather) its finished shards
  rnn-atlas info <DIR | file.npz | file.json | file.safetensors> [--json]
  rnn-atlas export <DIR | file> --format <npz|safetensors> [--out PATH] [--prefix P] [--overwrite] [--json]
  rnn-atlas run <network> --task <name> | --inputs U.npy [--member i] [--seed S] [--trial key=value ...] [--json]
  rnn-atlas tasks [--json]
  rnn-atlas graph <network> --task <rsg|interval-discrimination|delayed-discrimination> [--json]
  rnn-atlas extrapolate <network> --task <rsg|interval-discrimination|delayed-discrimination> [--json]
  rnn-atlas fixed-points <network> [--input v1,v2,...] [--task <name>] [--inits K] [--seed S] [--json]
  rnn-atlas kernel install [--prefix DIR | --user] [--name NAME]   Jupyter kernel for notebooks (also uninstall, list)
  rnn-atlas build-native
  rnn-atlas <command> --help

Tasks:
${tasks}

Exit codes: 0 ok, 1 failure while working, 2 bad input.`;
};

const HELP: Record<string, string> = {
  train: `rnn-atlas train: train a population and save it to --out.

  --task <name>            task (rnn-atlas tasks lists them)
  --arch <a>               ${ARCHS.join(" | ")}
                           (ugrnn: update-gate RNN, Collins et al. 2017: h' = u h + (1 − u) tanh(·),
                           gate blocks [candidate, update], update-gate bias initialised to +1)
  --units N                hidden units
  --networks M             population size (default 1)
  --seed S                 base seed (default 0); per-network init/data seeds are derived from it
  --out DIR                output directory: manifest.json + params.npz, training.json,
                           state/ (snapshots for --resume), checkpoints/
  --resume                 continue from the latest snapshot in DIR (bit-identical results)
  --overwrite              DIR holds a run: move it aside (DIR.replaced-<time>) and start again
                           (without --resume or --overwrite such a DIR is refused, exit 2)
  --steps K                maximum updates (default 2000)
  --lr X                   Adam learning rate (default 1e-3)
  --batch B                trials per update (default 32)
  --train-size N           fixed training set of N trials, reshuffled each epoch (default: fresh trials every update)
  --target-loss X          stop a network once its loss is below X
  --target-accuracy A      stop a network once task accuracy on the validation set is ≥ A
  --clip X                 per-network global gradient-norm clipping
  --blowup                 restore best weights and lower the lr ×0.7 when loss > 3 × best
  --same-init, --same-data all networks share the initial weights / the trials
  --g G                    gain of the gaussian init (leaky networks)
  --snapshot-every E       epochs between snapshots (default 50)
  --checkpoint-every K     save a network's weights at every K-th improvement
  --json                   print a JSON summary on stdout (progress off)
  --quiet                  no progress on stderr
${EXECUTOR_HELP}`,
  status: STATUS_HELP,
  gather: GATHER_HELP,
  info: `rnn-atlas info <DIR | file.npz | file.json | file.safetensors> [--json]

Describes a saved network or population (rnn-atlas directory), a PyTorch-named .npz/.safetensors,
or the turner2021 fixture layout (X.npz + X.json sidecar).`,
  export: `rnn-atlas export <DIR | file> --format <npz|safetensors> [--out PATH] [--prefix P] [--overwrite] [--json]

Writes PyTorch-named weights (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, readout.weight, readout.bias).
A ugrnn (no torch.nn module) uses the same names with 2 gate blocks stacked [candidate, update].
A population becomes one file per network: PATH/net-000.<ext>, ... (default PATH: DIR/export).
A PATH that already holds files is refused; --overwrite moves them aside (PATH.replaced-<time>).`,
  run: `rnn-atlas run <network> --task <name> [--member i] [--seed S] [--trial key=value ...] [--h0 H.npy] [--states-out X.npy] [--json]
  rnn-atlas run <network> --inputs U.npy [--h0 H.npy] [--states-out X.npy] [--json]

Runs one trial and prints inputs, targets, outputs and hidden states. <network> is anything
\`info\` accepts; --member picks a network of a population (default 0). --trial key=value selects
a trial by its metadata (e.g. --trial t_s=35 for rsg); without it the first trial of a seeded batch.
--inputs runs your own input sequences instead ([T, inputs] or [B, T, inputs]; no task needed).
--h0 starts from your state ([state] or [B, state]); without it a learned initial state in the
network's file is used, else zeros. --states-out writes the states [B, T, state] as .npy.`,
  tasks: `rnn-atlas tasks [--json]: list the tasks with sizes and paper references.`,
};

/** Errors from loading files or building tasks count as bad input (exit 2). */
function input<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message);
  }
}

function taskOf(name: string): Task {
  return input(() => getTask(name));
}

async function cmdTrain(argv: string[], io: Io): Promise<number> {
  const p = parseCommand("train", argv, TRAIN_OPTS);
  if (bool(p, "help")) return io.out(HELP.train + "\n"), 0;
  if (p.positionals.length) throw new UsageError(`train: unexpected argument "${p.positionals[0]}".`);
  const task = taskOf(str(p, "task", true));
  const arch = oneOf(p, "arch", ARCHS);
  const units = num(p, "units", { integer: true, min: 1 });
  if (units === undefined) throw new UsageError("missing --units.");
  const out = str(p, "out", true);
  const json = bool(p, "json");
  const trainSize = num(p, "train-size", { integer: true, min: 1 });
  const g = num(p, "g");
  const targetLoss = num(p, "target-loss", { min: 0 });
  const targetAccuracy = num(p, "target-accuracy", { min: 0 });
  const clip = num(p, "clip", { min: 0 });
  const ckEvery = num(p, "checkpoint-every", { integer: true, min: 1 });
  const lr = num(p, "lr", { def: 1e-3 })!;
  if (!(lr > 0)) throw new UsageError(`--lr must be > 0, got ${lr}.`);
  const executor = executorFromArgs(p);
  const opts: TrainOptions = {
    task,
    ...(executor ? { executor } : {}),
    spec: { arch, hiddenSize: units, ...(arch === "linear" ? { nonlinearity: "identity" as const } : {}) },
    networks: num(p, "networks", { integer: true, min: 1, def: 1 })!,
    seed: num(p, "seed", { integer: true, def: 0 })!,
    sameInit: bool(p, "same-init"),
    sameData: bool(p, "same-data"),
    ...(g !== undefined ? { init: { scheme: "gaussian" as const, g } } : {}),
    data: trainSize !== undefined ? { mode: "fixed", trainSize, batch: num(p, "batch", { integer: true, min: 1, def: 32 })! } : { mode: "fresh", batch: num(p, "batch", { integer: true, min: 1, def: 32 })! },
    lr,
    ...(clip !== undefined ? { clipNorm: clip } : {}),
    ...(bool(p, "blowup") ? { blowup: {} } : {}),
    stop: {
      maxUpdates: num(p, "steps", { integer: true, min: 1, def: 2000 })!,
      ...(targetLoss !== undefined ? { targetLoss } : {}),
      ...(targetAccuracy !== undefined ? { targetAccuracy } : {}),
    },
    outDir: out,
    resume: bool(p, "resume"),
    snapshotEvery: num(p, "snapshot-every", { integer: true, min: 1, def: 50 })!,
    ...(ckEvery !== undefined ? { checkpointEvery: ckEvery } : {}),
    reporter: json || bool(p, "quiet") ? "none" : "terminal",
  };
  if (opts.resume && bool(p, "overwrite")) throw new UsageError("train: --resume and --overwrite contradict each other; give one.");
  // Refused up front: a population too large for this machine, and a corrupt snapshot to resume from.
  input(() => checkTrainingFits({ ...opts.spec, inputSize: task.inputSize, outputSize: task.outputSize } as ModelSpec, opts.networks, opts.data!.batch ?? 32, task.trials({ batch: 1, seed: 0 }).time));
  if (opts.resume && !executor && fs.existsSync(path.join(out, "state", "latest.json"))) input(() => readSnapshot(out));
  if (opts.resume && executor && !fs.existsSync(path.join(out, "cluster.json"))) throw new UsageError(`--resume: ${out} holds no sharded run (no ${path.join(out, "cluster.json")}).`);
  if (opts.resume && !executor && !fs.existsSync(path.join(out, "state", "latest.json"))) {
    throw new UsageError(`--resume: no snapshot in ${out} (expected ${path.join(out, "state", "latest.json")}).`);
  }
  // Claimed here, not only inside trainPopulation, so the final save is under the same lock.
  const claim = input(() => claimRunFolder(out, { resume: opts.resume, overwrite: bool(p, "overwrite"), names: { resume: "--resume", overwrite: "--overwrite" } }));
  let res: TrainResult;
  try {
    if (claim.movedTo && !json) io.err(`train: the run that was in ${out} is now in ${claim.movedTo}\n`);
    try {
      res = await trainPopulation(opts);
    } catch (e) {
      if (e instanceof ShardFailureError) return io.err(`rnn-atlas: ${e.message}\n`), 1;
      throw e;
    }
    if (!executor) saveTrainResult(out, res); // a sharded run is saved by its gather step
  } finally {
    claim.release();
  }
  const summary = trainSummary(res, out);
  if (json) io.out(JSON.stringify(summary, jsonSafe) + "\n");
  else {
    io.out(`saved ${res.population.size} ${arch} network(s) to ${out} (${res.updates} updates, ${(res.timings.totalMs / 1000).toFixed(1)} s, kernel ${res.kernel})\n`);
    for (const n of res.networks) io.out(`  net ${n.index}: best loss ${n.bestLoss.toExponential(3)} at epoch ${n.bestEpoch}, ${n.stopReason}${n.accuracy !== undefined ? `, accuracy ${n.accuracy.toFixed(3)}` : ""}${n.diverged ? ", DIVERGED" : ""}\n`);
  }
  // Saved either way (nothing is lost), but a run whose networks blew up is a failed computation.
  const failed = res.networks.filter((n) => n.diverged || n.stopReason === "non-finite");
  if (failed.length > 0) {
    io.err(
      `train: ${failed.length} of ${res.networks.length} network(s) diverged (${failed.map((n) => `net ${n.index}: last epoch loss ${n.finalLoss.toExponential(2)}, best ${n.bestLoss.toExponential(2)} at epoch ${n.bestEpoch}`).join("; ")}). ` +
        `Their saved weights are the best ones, from before the blow-up. Lower --lr (now ${lr}) or add --clip.\n`,
    );
    return 1;
  }
  return 0;
}

function arrayStats(a: Float32Array): { min: number; max: number; rms: number } {
  let min = Infinity;
  let max = -Infinity;
  let s = 0;
  for (const x of a) {
    if (x < min) min = x;
    if (x > max) max = x;
    s += x * x;
  }
  return { min, max, rms: Math.sqrt(s / Math.max(1, a.length)) };
}

function describe(target: string): Record<string, unknown> {
  if (!fs.existsSync(target)) throw new UsageError(`info: ${target} does not exist.`);
  const isDir = fs.statSync(target).isDirectory();
  let kind = "model";
  let size = 1;
  let spec: Model["spec"];
  let params: Readonly<Record<string, Float32Array>>;
  let meta: Record<string, unknown> = {};
  let format = "rnn-atlas";
  let members: unknown;
  let initialState: Float32Array | undefined;
  const manifestFile = isDir ? path.join(target, "manifest.json") : null;
  const manifest = manifestFile && fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Record<string, unknown>) : null;
  if (manifest?.kind === "population") {
    const pop = input(() => loadPopulation(target));
    kind = "population";
    size = pop.size;
    spec = pop.spec;
    params = pop.params;
    members = pop.members;
    const { spec: _s, param_shapes: _p, members: _m, ...rest } = manifest;
    meta = rest;
  } else {
    const m = input(() => loadModel(target));
    spec = m.spec;
    params = m.params;
    meta = m.meta;
    format = m.format;
    if (m.notes.length) meta = { ...meta, notes: m.notes };
    initialState = m.initialState;
  }
  const listed = initialState ? { ...params, "initial state": initialState } : params;
  const arrays = Object.fromEntries(
    Object.entries(listed).map(([name, a]) => {
      const st = arrayStats(a);
      return [name, { length: a.length, min: st.min, max: st.max, rms: st.rms }];
    }),
  );
  let training: unknown;
  if (isDir && fs.existsSync(path.join(target, "training.json"))) {
    const t = JSON.parse(fs.readFileSync(path.join(target, "training.json"), "utf8")) as Record<string, unknown>;
    training = { epochs: t.epochs, updates: t.updates, kernel: t.kernel, networks: t.networks };
  }
  return {
    path: target,
    format,
    kind,
    size,
    spec,
    stateSize: stateSize(spec),
    paramCount: paramCount(spec),
    arrays,
    meta,
    ...(members ? { members } : {}),
    ...(training ? { training } : {}),
  };
}

function cmdInfo(argv: string[], io: Io): number {
  const p = parseCommand("info", argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (bool(p, "help")) return io.out(HELP.info + "\n"), 0;
  if (p.positionals.length !== 1) throw new UsageError("info: give exactly one DIR or file, e.g. `rnn-atlas info runs/ff`.");
  const d = describe(p.positionals[0]!);
  if (bool(p, "json")) {
    io.out(JSON.stringify(d, jsonSafe) + "\n");
    return 0;
  }
  const spec = d.spec as Model["spec"];
  const lines = [
    `${d.path}: ${d.kind === "population" ? `population of ${d.size} ` : ""}${spec.arch} RNN (${d.format})`,
    `  units ${spec.hiddenSize}, inputs ${spec.inputSize}, outputs ${spec.outputSize}, state ${d.stateSize}, ${d.paramCount} parameters per network` +
      (spec.nonlinearity ? `, φ = ${spec.nonlinearity}` : "") + (spec.dt !== undefined ? `, dt = ${spec.dt}` : ""),
  ];
  const meta = d.meta as Record<string, unknown>;
  if (meta.task) lines.push(`  task: ${String(meta.task)}`);
  for (const [name, a] of Object.entries(d.arrays as Record<string, { length: number; min: number; max: number; rms: number }>)) {
    lines.push(`  ${name.padEnd(16)} ${String(a.length).padStart(8)} values  min ${a.min.toExponential(2)}  max ${a.max.toExponential(2)}  rms ${a.rms.toExponential(2)}`);
  }
  const training = d.training as { epochs?: number; updates?: number; networks?: Array<{ bestLoss: number | string; stopReason: string }> } | undefined;
  if (training) {
    lines.push(`  trained ${training.epochs} epochs / ${training.updates} updates`);
    for (const [i, n] of (training.networks ?? []).entries()) lines.push(`    net ${i}: best loss ${Number(n.bestLoss).toExponential(3)} (${n.stopReason})`);
  }
  const skip = new Set(["format", "version", "kind", "arch", "units", "inputs", "outputs", "state_dim", "param_count", "weights_file", "nonlinearity", "task", "training", "size", "notes"]);
  const rest = Object.entries(meta).filter(([k]) => !skip.has(k));
  if (rest.length) lines.push(`  metadata: ${rest.map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(", ").slice(0, 400)}`);
  if (Array.isArray(meta.notes)) for (const n of meta.notes) lines.push(`  note: ${String(n)}`);
  io.out(lines.join("\n") + "\n");
  return 0;
}

function cmdExport(argv: string[], io: Io): number {
  const p = parseCommand("export", argv, {
    format: { type: "string" },
    out: { type: "string" },
    prefix: { type: "string" },
    overwrite: { type: "boolean" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (bool(p, "help")) return io.out(HELP.export + "\n"), 0;
  if (p.positionals.length !== 1) throw new UsageError("export: give exactly one DIR or file.");
  const format = oneOf(p, "format", ["npz", "safetensors"] as const);
  const target = p.positionals[0]!;
  if (!fs.existsSync(target)) throw new UsageError(`export: ${target} does not exist.`);
  const prefix = str(p, "prefix");
  const isPop =
    fs.statSync(target).isDirectory() &&
    fs.existsSync(path.join(target, "manifest.json")) &&
    (JSON.parse(fs.readFileSync(path.join(target, "manifest.json"), "utf8")) as { kind?: string }).kind === "population";
  const files: string[] = [];
  const exportOpts = { format, ...(prefix !== undefined ? { prefix } : {}) };
  if (isPop) {
    const pop = input(() => loadPopulation(target));
    const dir = path.resolve(str(p, "out") ?? path.join(target, "export"));
    // An export folder holds one population: written whole into a fresh folder that is renamed into
    // place, so an older export's net-00k files are never mixed in and a reader never sees half of it.
    const held = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    if (held.length > 0 && !bool(p, "overwrite")) {
      throw new UsageError(`export: ${dir} already holds ${held.length} file(s) (${held.slice(0, 3).join(", ")}${held.length > 3 ? ", ..." : ""}). Choose another --out, or pass --overwrite to move them aside.`);
    }
    const staging = `${dir}.tmp-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    try {
      for (let i = 0; i < pop.size; i++) {
        const model = input(() => loadModel(target, { member: i }));
        const name = `net-${String(i).padStart(3, "0")}.${format}`;
        exportModel(path.join(staging, name), { spec: model.spec, params: model.params }, exportOpts);
        files.push(path.join(dir, name));
      }
      if (held.length > 0) io.err(`export: the files that were in ${dir} are now in ${moveAside(dir)}\n`);
      fs.rmSync(dir, { recursive: true, force: true }); // empty (or just moved aside)
      fs.renameSync(staging, dir);
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw e;
    }
  } else {
    const model = input(() => loadModel(target));
    const base = fs.statSync(target).isDirectory() ? path.join(target, "model") : target.replace(/\.(npz|safetensors|json)$/i, "");
    let file = str(p, "out") ?? `${base}.${format}`;
    if (path.resolve(file) === path.resolve(target)) file = `${base}.export.${format}`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    exportModel(file, { spec: model.spec, params: model.params, ...(model.initialState ? { initialState: model.initialState } : {}) }, exportOpts);
    files.push(file);
  }
  if (bool(p, "json")) io.out(JSON.stringify({ format, files }) + "\n");
  else io.out(files.map((f) => `wrote ${f}`).join("\n") + "\n");
  return 0;
}

/** One trial whose metadata matches every key=value (validation set first, then seeded batches). */
function pickTrial(task: Task, want: Record<string, number | string | boolean>, seed: number): { trials: Trials; index: number } {
  const keys = Object.keys(want);
  const sources: Array<() => Trials> = keys.length
    ? [() => task.validation(), ...(task.trainingSet ? [() => task.trainingSet!()] : []), () => task.trials({ batch: 512, seed }), () => task.trials({ batch: 512, seed, extrapolate: true })]
    : [() => task.trials({ batch: 1, seed })];
  const seenKeys = new Set<string>();
  for (const make of sources) {
    let trials: Trials;
    try {
      trials = make();
    } catch {
      continue;
    }
    for (let i = 0; i < trials.batch; i++) {
      const meta = trials.meta[i]!;
      Object.keys(meta).forEach((k) => seenKeys.add(k));
      if (keys.every((k) => meta[k] === want[k] || String(meta[k]) === String(want[k]))) return { trials, index: i };
    }
  }
  const bad = keys.filter((k) => !seenKeys.has(k));
  throw new UsageError(
    bad.length
      ? `run: task "${task.name}" trials have no metadata ${bad.map((k) => `"${k}"`).join(", ")}; available keys: ${[...seenKeys].join(", ")}.`
      : `run: no trial of task "${task.name}" matches ${keys.map((k) => `${k}=${want[k]}`).join(" ")} (searched the validation set and 1024 sampled trials).`,
  );
}

function rows(a: ArrayLike<number>, T: number, width: number, offset = 0): number[][] {
  return Array.from({ length: T }, (_, t) => Array.from({ length: width }, (_, c) => a[offset + t * width + c]!));
}

function cmdRun(argv: string[], io: Io): number {
  const p = parseCommand("run", argv, {
    task: { type: "string" },
    member: { type: "string" },
    seed: { type: "string" },
    trial: { type: "string", multiple: true },
    inputs: { type: "string" },
    h0: { type: "string" },
    "states-out": { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (bool(p, "help")) return io.out(HELP.run + "\n"), 0;
  if (p.positionals.length !== 1) throw new UsageError("run: give exactly one network (DIR or file).");
  const target = p.positionals[0]!;
  if (!fs.existsSync(target)) throw new UsageError(`run: ${target} does not exist.`);
  const member = num(p, "member", { integer: true, min: 0 });
  const model = input(() => {
    try {
      return loadModel(target, member !== undefined ? { member } : {});
    } catch (e) {
      if (member === undefined && /population/.test((e as Error).message)) return loadModel(target, { member: 0 });
      throw e;
    }
  });
  const statesOut = str(p, "states-out");
  if (statesOut !== undefined && !statesOut.endsWith(".npy")) throw new UsageError(`run: --states-out must end in .npy, got "${statesOut}".`);
  if (str(p, "inputs") !== undefined) return runOwnInputs(model, target, str(p, "inputs")!, str(p, "h0"), statesOut, bool(p, "json"), io);
  const metaTask = typeof model.meta.task === "string" ? model.meta.task : undefined;
  const taskName = str(p, "task") ?? metaTask;
  if (!taskName) throw new UsageError("run: missing --task (the network's files do not name one).");
  const task = taskOf(taskName);
  if (task.inputSize !== model.spec.inputSize || task.outputSize !== model.spec.outputSize) {
    throw new UsageError(`run: task "${task.name}" has ${task.inputSize} inputs / ${task.outputSize} outputs, the network ${model.spec.inputSize} / ${model.spec.outputSize}.`);
  }
  const want = keyValues((p.values.trial as string[] | undefined) ?? [], "trial");
  const { trials, index } = pickTrial(task, want, num(p, "seed", { integer: true, def: 0 })!);
  const T = trials.time;
  const I = trials.inputSize;
  const O = trials.outputSize;
  const inputs = trials.inputs.subarray(index * T * I, (index + 1) * T * I);
  const S = stateSize(model.spec);
  const own = str(p, "h0") !== undefined ? npyArray(str(p, "h0")!, "h0", [[S]], `the network's ${S}-value state`).data : undefined;
  const h0 = own ?? (trials.h0 ? trials.h0.subarray(index * S, (index + 1) * S) : undefined);
  const res = runModel(model, inputs, { batch: 1, time: T, ...(h0 ? { h0 } : {}) });
  const one: Trials = {
    ...trials,
    batch: 1,
    inputs: Float32Array.from(inputs),
    targets: trials.targets.slice(index * T * O, (index + 1) * T * O),
    mask: trials.mask.slice(index * T * O, (index + 1) * T * O),
    meta: [trials.meta[index]!],
    periods: [trials.periods[index]!],
    ...(h0 ? { h0: Float32Array.from(h0) } : {}),
  };
  let score: Record<string, number> | undefined;
  try {
    score = { ...task.score(one, res.outputs) };
  } catch {
    score = undefined;
  }
  const record = {
    network: target,
    ...(member !== undefined ? { member } : {}),
    task: task.name,
    spec: model.spec,
    trial: { meta: one.meta[0], periods: one.periods[0] },
    time: T,
    inputs: rows(one.inputs, T, I),
    targets: rows(one.targets, T, O),
    mask: rows(one.mask, T, O),
    outputs: rows(res.outputs, T, O),
    states: rows(res.states, T, S),
    ...(score ? { score } : {}),
  };
  if (statesOut) writeNpy(statesOut, { data: Float32Array.from(res.states), shape: [1, T, S] });
  if (bool(p, "json")) {
    io.out(JSON.stringify(record, jsonSafe) + "\n");
    return 0;
  }
  io.out(`${task.name} trial ${JSON.stringify(record.trial.meta)} on ${target}: ${T} steps, state ${S}\n`);
  if (score) io.out(`score: ${Object.entries(score).map(([k, v]) => `${k}=${Number(v).toPrecision(4)}`).join(" ")}\n`);
  io.out("step  output | target\n");
  const every = Math.max(1, Math.ceil(T / 30));
  for (let t = 0; t < T; t += every) {
    io.out(`${String(t).padStart(4)}  ${record.outputs[t]!.map((x) => x.toFixed(3).padStart(7)).join(" ")} | ${record.targets[t]!.map((x) => x.toFixed(2)).join(" ")}\n`);
  }
  return 0;
}

/** A .npy file whose shape is one of `shapes` (-1 = any positive size), with the option named in errors. */
function npyArray(file: string, option: string, shapes: number[][], what: string): { data: Float64Array; shape: number[] } {
  if (!fs.existsSync(file)) throw new UsageError(`--${option}: ${file} does not exist.`);
  const a = input(() => readNpy(file));
  const fits = shapes.some((s) => s.length === a.shape.length && s.every((d, i) => (d === -1 ? a.shape[i]! > 0 : d === a.shape[i])));
  if (!fits) {
    throw new UsageError(`--${option}: ${file} has shape [${a.shape.join(", ")}]; expected ${shapes.map((s) => `[${s.map((d) => (d === -1 ? "n" : d)).join(", ")}]`).join(" or ")} (${what}).`);
  }
  const data = Float64Array.from(a.data as ArrayLike<number>);
  const bad = data.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new UsageError(`--${option}: ${file} value ${bad} is ${data[bad]}; every value must be finite.`);
  return { data, shape: [...a.shape] };
}

/** `run --inputs U.npy [--h0 H.npy]`: your own input sequences [T, I] or [B, T, I], no task needed. */
function runOwnInputs(model: Model, target: string, file: string, h0File: string | undefined, statesOut: string | undefined, json: boolean, io: Io): number {
  const I = model.spec.inputSize;
  const S = stateSize(model.spec);
  const u = npyArray(file, "inputs", [[-1, I], [-1, -1, I]], `input sequences for the network's ${I} inputs`);
  const B = u.shape.length === 3 ? u.shape[0]! : 1;
  const T = u.shape.length === 3 ? u.shape[1]! : u.shape[0]!;
  const h0 = h0File ? npyArray(h0File, "h0", [[S], [B, S]], `initial states of the network's ${S}-value state, one or one per sequence`).data : undefined;
  const res = runModel(model, u.data, { batch: B, time: T, ...(h0 ? { h0 } : {}) });
  if (statesOut) writeNpy(statesOut, { data: Float32Array.from(res.states), shape: [B, T, S] });
  const O = model.spec.outputSize;
  const record = {
    network: target,
    sequences: B,
    time: T,
    h0: h0File ? "given" : model.initialState ? "learned initial state" : "zeros",
    outputs: Array.from({ length: B }, (_, b) => rows(res.outputs, T, O, b * T * O)),
    states: Array.from({ length: B }, (_, b) => rows(res.states, T, S, b * T * S)),
    ...(statesOut ? { statesOut } : {}),
  };
  if (json) io.out(JSON.stringify(record, jsonSafe) + "\n");
  else io.out(`${target}: ran ${B} sequence(s) of ${T} steps from ${record.h0}${statesOut ? `; states [${B}, ${T}, ${S}] written to ${statesOut}` : ""}\n`);
  return 0;
}

function cmdTasks(argv: string[], io: Io): number {
  const p = parseCommand("tasks", argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (bool(p, "help")) return io.out(HELP.tasks + "\n"), 0;
  const d = describeTasks();
  if (bool(p, "json")) io.out(JSON.stringify(d) + "\n");
  else for (const t of d) io.out(`${t.name.padEnd(26)}in ${t.inputSize}, out ${t.outputSize}  ${t.description}  [${t.paper.citation}]\n`);
  return 0;
}

/** Run the CLI with argv (without "node main.js"); returns the exit code. */
export async function main(argv: string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes("--json");
  try {
    switch (command) {
      case undefined:
      case "--help":
      case "-h":
      case "help":
        io.out(HELP_MAIN() + "\n");
        return command === undefined ? 2 : 0;
      case "train":
        return await cmdTrain(rest, io);
      case "info":
        return cmdInfo(rest, io);
      case "export":
        return cmdExport(rest, io);
      case "run":
        return cmdRun(rest, io);
      case "tasks":
        return cmdTasks(rest, io);
      case "graph":
        return cmdGraph(rest, io);
      case "extrapolate":
        return cmdExtrapolate(rest, io);
      case "fixed-points":
        return cmdFixedPoints(rest, io);
      case "kernel":
        return cmdKernel(rest, io);
      case "build-native":
        return cmdBuildNative(rest, io);
      case "status":
        return cmdStatus(rest, io);
      case "gather":
        return await cmdGather(rest, io);
      case "shard":
        return await cmdShard(rest, io);
      default:
        throw new UsageError(
          `unknown command "${command}"; commands: train, status, gather, info, export, run, tasks, graph, extrapolate, fixed-points, kernel, build-native (see rnn-atlas --help).`,
        );
    }
  } catch (e) {
    const usage = e instanceof UsageError;
    const msg = (e as Error).message;
    if (json) io.out(JSON.stringify({ error: msg, exitCode: usage ? 2 : 1 }) + "\n");
    io.err(`rnn-atlas: ${msg}\n`);
    if (!usage && process.env.RNN_ATLAS_DEBUG) io.err(String((e as Error).stack) + "\n");
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  // `rnn-atlas run ... | head` closes the pipe early; that is not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`rnn-atlas: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
