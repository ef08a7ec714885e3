/**
 * Where a population's work runs: here (`local()`, the default) or as a Slurm job array
 * (`slurm({...})`). An executor is plain data; the drivers in this folder act on it.
 */

/** Options of the Slurm executor (each maps to one sbatch option; none is required). */
export interface SlurmOptions {
  /** `--partition`. */
  readonly partition?: string;
  /** `--account`. */
  readonly account?: string;
  /** `--time` per array task, in Slurm's syntax ("30", "1:00:00", "1-12:00:00"). */
  readonly timeLimit?: string;
  /** `--cpus-per-task` (also the native kernel's thread count on the node; results do not depend on it). */
  readonly cpusPerTask?: number;
  /** `--mem` per array task, e.g. "4G". */
  readonly memory?: string;
  /** At most this many array tasks at once (`--array=...%K`). */
  readonly maxParallel?: number;
  /** Further sbatch arguments, passed as given (e.g. ["--qos=short"]). */
  readonly extraArgs?: ReadonlyArray<string>;
  /** Networks per array task; default: chosen from the measured cost of one network. */
  readonly networksPerShard?: number;
  /** Wall time one array task should take when the shard size is chosen from cost (default 20 min). */
  readonly targetShardMinutes?: number;
  /** How often the driver looks at the queue and the shard files (default 5000 ms). */
  readonly pollMs?: number;
}

export type LocalExecutor = { readonly kind: "local" };
export type SlurmExecutor = { readonly kind: "slurm"; readonly options: SlurmOptions };
export type Executor = LocalExecutor | SlurmExecutor;

/** Run here, in this process (the default). */
export function local(): LocalExecutor {
  return { kind: "local" };
}

const TIME = /^(\d+-)?\d+(:\d{1,2}){0,2}$/;

/** Run as a Slurm job array: one array task per shard of networks. Options are checked here. */
export function slurm(options: SlurmOptions = {}): SlurmExecutor {
  const positiveInt = (name: keyof SlurmOptions): void => {
    const v = options[name];
    if (v !== undefined && !(typeof v === "number" && Number.isInteger(v) && v >= 1)) {
      throw new Error(`slurm({ ${name} }) must be a positive integer, got ${JSON.stringify(v)}.`);
    }
  };
  positiveInt("cpusPerTask");
  positiveInt("maxParallel");
  positiveInt("networksPerShard");
  positiveInt("pollMs");
  if (options.timeLimit !== undefined && !TIME.test(options.timeLimit)) {
    throw new Error(`slurm({ timeLimit: "${options.timeLimit}" }) is not a Slurm time: use minutes ("30"), "H:MM:SS" or "D-HH:MM:SS".`);
  }
  if (options.targetShardMinutes !== undefined && !(options.targetShardMinutes > 0)) {
    throw new Error(`slurm({ targetShardMinutes }) must be > 0, got ${options.targetShardMinutes}.`);
  }
  for (const a of options.extraArgs ?? []) {
    if (typeof a !== "string" || !a.startsWith("-")) throw new Error(`slurm({ extraArgs }) takes sbatch options such as "--qos=short"; got ${JSON.stringify(a)}.`);
    if (/^--?(array|output|error|wrap|parsable|chdir|D)\b/.test(a)) throw new Error(`slurm({ extraArgs }): ${a} is set by rnn-atlas (it owns --array, --output, --chdir and the script); drop it.`);
  }
  return { kind: "slurm", options: { ...options, ...(options.extraArgs ? { extraArgs: [...options.extraArgs] } : {}) } };
}
