/**
 * A run folder is claimed before anything is written into it, so a run is never destroyed by accident:
 * - a folder that already holds a run is refused unless the caller resumes it or asks to replace it,
 *   and a replaced run is moved aside (`<dir>.replaced-<time>`), never deleted;
 * - a lock file names the process that writes the folder, so a second writer is refused with its pid
 *   instead of both "succeeding" with the last one winning. A lock whose process is gone is taken over.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileError, makeDir } from "./atomic";

export const LOCK_FILE = ".rnn-atlas.lock";

/** Files whose presence means "this folder holds a run" (training state, saved weights, summaries). */
const RUN_MARKERS = ["cluster.json", "state/latest.json", "manifest.json", "params.npz", "training.json", "population.json", "rounds"];

/** Refusals of a run folder. `reason` says which, for callers that map it to an exit code. */
export class RunFolderError extends Error {
  constructor(
    message: string,
    readonly reason: "exists" | "locked" | "not-writable",
  ) {
    super(message);
    this.name = "RunFolderError";
  }
}

interface LockRecord {
  pid: number;
  host: string;
  started: string;
}

/** What run the folder holds, in words ("an interrupted run at epoch 800"), or null when it holds none. */
export function describeRun(dir: string): string | null {
  const found = RUN_MARKERS.filter((m) => fs.existsSync(path.join(dir, m)));
  if (found.length === 0) return null;
  try {
    const latest = JSON.parse(fs.readFileSync(path.join(dir, "state", "latest.json"), "utf8")) as { epoch?: number; done?: boolean };
    return `${latest.done ? "a finished" : "an interrupted"} run (last snapshot at epoch ${latest.epoch})`;
  } catch {
    return `a run (${found.join(", ")})`;
  }
}

export interface ClaimOptions {
  /** Continue the run the folder holds (or start one if it holds none). */
  readonly resume?: boolean;
  /** Move the run the folder holds aside and start a new one. */
  readonly overwrite?: boolean;
  /** How the caller names the two choices in its error (CLI flags or library options). */
  readonly names?: { resume: string; overwrite: string };
}

export interface RunFolderClaim {
  readonly dir: string;
  /** Where a replaced run was moved, when one was. */
  readonly movedTo?: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

function readLock(file: string): LockRecord | null {
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8")) as LockRecord;
    return typeof r.pid === "number" ? r : null;
  } catch {
    return null; // half-written or corrupt: treated as stale
  }
}

/** Takes the folder's lock (creating the folder), or throws a RunFolderError naming the holder. */
export function lockRunFolder(dir: string): RunFolderClaim {
  try {
    makeDir(dir);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw new RunFolderError(fileError(e, dir, "write into").message, "not-writable");
  }
  const file = path.join(dir, LOCK_FILE);
  const mine: LockRecord = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      try {
        fs.writeFileSync(file, JSON.stringify(mine) + "\n", { flag: "wx" });
      } catch (e) {
        // A read-only or full folder fails here, before any training: say so with the path.
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new RunFolderError(fileError(e, dir, "write into").message, "not-writable");
        throw e;
      }
      let released = false;
      return {
        dir,
        release(): void {
          if (released) return;
          released = true;
          // Only remove the lock if it is still ours (a stale-lock takeover may have replaced it).
          const now = readLock(file);
          if (now && now.pid === mine.pid && now.started === mine.started) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const held = readLock(file);
      if (held && held.host === mine.host && held.pid === process.pid) {
        // Re-entrant: this process already holds the folder (the CLI claims it, then trainPopulation
        // does); the outer claim releases it.
        return { dir, release(): void {} };
      }
      if (held && held.host === mine.host && alive(held.pid)) {
        throw new RunFolderError(
          `${dir} is being written by process ${held.pid} (since ${held.started}). Wait for it to finish, stop it, or choose another output folder.`,
          "locked",
        );
      }
      if (held && held.host !== mine.host) {
        throw new RunFolderError(
          `${dir} is locked by process ${held.pid} on host ${held.host} (since ${held.started}). If that run is gone, delete ${file}.`,
          "locked",
        );
      }
      // The holder is gone: take the lock over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new RunFolderError(`${dir}: could not take the lock ${file}; another process keeps taking it.`, "locked");
}

/**
 * Claims a folder for a new or resumed run: refuses a folder holding a run unless `resume` or
 * `overwrite`, moves a replaced run aside, and takes the lock. Call `release()` when done.
 */
export function claimRunFolder(dir: string, o: ClaimOptions = {}): RunFolderClaim {
  const names = o.names ?? { resume: "resume: true", overwrite: "overwrite: true" };
  const claim = lockRunFolder(dir);
  try {
    const held = o.resume ? null : describeRun(dir);
    if (!held) return claim;
    if (!o.overwrite) {
      throw new RunFolderError(
        `${dir} already holds ${held}. Pass ${names.resume} to continue it, ${names.overwrite} to move it aside and start again, or choose another output folder.`,
        "exists",
      );
    }
    const movedTo = moveAside(dir);
    const fresh = lockRunFolder(dir);
    return { dir, movedTo, release: () => fresh.release() };
  } catch (e) {
    claim.release();
    throw e;
  }
}

/** Moves the folder's contents (all but the lock) into a sibling `<dir>.replaced-<time>`; returns that path. */
export function moveAside(dir: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  let target = `${dir.replace(/[\\/]+$/, "")}.replaced-${stamp}`;
  for (let i = 1; fs.existsSync(target); i++) target = `${dir.replace(/[\\/]+$/, "")}.replaced-${stamp}-${i}`;
  // Renaming the folder itself is one atomic step; the lock is then retaken on a fresh folder.
  fs.renameSync(dir, target);
  fs.rmSync(path.join(target, LOCK_FILE), { force: true });
  fs.mkdirSync(dir, { recursive: true });
  return target;
}
