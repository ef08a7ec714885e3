/**
 * The few Slurm commands the drivers use (sbatch, squeue, sacct, scancel, sinfo), run as programs.
 * Anything Slurm prints on failure is passed on in the error.
 */
import { execFileSync } from "node:child_process";

const NOT_FOUND =
  "is not on PATH. Run rnn-atlas on a Slurm login node, or start the local test cluster (bash kernel-helpers/slurm-local.sh start, as root) and set SLURM_CONF as it prints.";

function run(cmd: string, args: ReadonlyArray<string>, allowFail = false): { ok: boolean; out: string; err: string } {
  try {
    const out = execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { ok: true, out, err: "" };
  } catch (e) {
    const x = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string; status?: number };
    if (x.code === "ENOENT") throw new Error(`${cmd} ${NOT_FOUND}`);
    if (allowFail) return { ok: false, out: String(x.stdout ?? ""), err: String(x.stderr ?? "") };
    if (/establish a configuration source|fetch_config/.test(String(x.stderr))) {
      throw new Error(`${cmd} found no Slurm configuration: set SLURM_CONF to the cluster's slurm.conf (the local test cluster prints it: bash kernel-helpers/slurm-local.sh env).`);
    }
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${x.status}): ${String(x.stderr ?? x.message).trim()}`);
  }
}

/** Submits a batch script; returns the job id. */
export function sbatch(script: string, args: ReadonlyArray<string>): string {
  const { out } = run("sbatch", ["--parsable", ...args, script]);
  const id = out.trim().split(";")[0]!;
  if (!/^\d+$/.test(id)) throw new Error(`sbatch printed "${out.trim()}" where a job id was expected.`);
  return id;
}

export interface QueuedTask {
  readonly task: number;
  /** PENDING, RUNNING, COMPLETING, ... */
  readonly state: string;
  readonly reason: string;
}

/** Array tasks of a job still known to the queue (none once the job has left it). */
export function squeueTasks(jobId: string): QueuedTask[] {
  const r = run("squeue", ["-h", "-r", "-j", jobId, "-o", "%K|%T|%r"], true);
  // An unknown id ("Invalid job id specified") means the job has left the queue.
  if (!r.ok) {
    if (/invalid job id/i.test(r.err)) return [];
    throw new Error(`squeue -j ${jobId} failed: ${r.err.trim()}`);
  }
  return r.out
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const [task, state, reason] = l.split("|");
      return { task: Number(task), state: state ?? "", reason: reason ?? "" };
    })
    .filter((t) => Number.isInteger(t.task));
}

export interface AccountedTask {
  readonly task: number;
  /** COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, ... */
  readonly state: string;
  readonly exitCode: string;
}

/** Final states from accounting, or null where accounting is off (then the shard files tell). */
export function sacctTasks(jobId: string): AccountedTask[] | null {
  let r: { ok: boolean; out: string; err: string };
  try {
    r = run("sacct", ["-n", "-P", "-X", "-j", jobId, "-o", "JobID,State,ExitCode"], true);
  } catch {
    return null;
  }
  if (!r.ok || /accounting storage is disabled/i.test(r.out + r.err)) return null;
  const out: AccountedTask[] = [];
  for (const line of r.out.split("\n")) {
    const [id, state, exitCode] = line.split("|");
    const m = /_(\d+)$/.exec(id ?? "");
    if (m) out.push({ task: Number(m[1]), state: (state ?? "").split(" ")[0]!, exitCode: exitCode ?? "" });
  }
  return out;
}

export function scancel(jobId: string, tasks?: ReadonlyArray<number>): void {
  const ids = tasks ? tasks.map((t) => `${jobId}_${t}`) : [jobId];
  run("scancel", ids);
}

/** Nodes in a partition (the default one when none is named); null when sinfo cannot tell. */
export function partitionNodes(partition?: string): number | null {
  const r = run("sinfo", ["-h", ...(partition ? ["-p", partition] : []), "-o", "%D"], true);
  if (!r.ok) return null;
  const n = r.out.split("\n").map(Number).filter(Number.isFinite).reduce((a, b) => a + b, 0);
  return n > 0 ? n : null;
}
