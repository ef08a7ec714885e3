/**
 * Atomic file writes: data goes to a temporary file in the same directory, is fsynced, then
 * renamed over the target, so readers see either the old or the new file, never a partial one.
 */
import * as fs from "node:fs";
import * as path from "node:path";

let counter = 0;

/**
 * Fault injection for the reliability tests: RNN_ATLAS_FAULT_KILL_AFTER=<file name> kills this
 * process (SIGKILL, as a power cut would) right after that file is renamed into place, so a test can
 * stop a save between its steps without relying on timing.
 */
function faultAfterRename(file: string): void {
  const target = process.env.RNN_ATLAS_FAULT_KILL_AFTER;
  if (target && path.basename(file) === target) process.kill(process.pid, "SIGKILL");
}

/** Write `data` to `file` atomically (parent directories are created). */
export function writeFileAtomic(file: string, data: Uint8Array | string): void {
  const dir = path.dirname(path.resolve(file));
  makeDir(dir);
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${Date.now().toString(36)}-${counter++}`);
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, "w", 0o644);
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, file);
    faultAfterRename(file);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw fileError(e, file, "write");
  }
  // Persist the rename itself; not supported on every platform/filesystem, hence best effort.
  try {
    const dfd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    /* directory fsync unsupported */
  }
}

const FIXES: Record<string, string> = {
  ENOSPC: "the disk is full: free space or write somewhere else",
  EROFS: "the file system is read-only: choose a writable folder",
  EACCES: "no permission: choose a folder you can write, or fix its permissions",
  EPERM: "not permitted: choose a folder you can write, or fix its permissions",
  EEXIST: "something is already there: remove it or choose another name",
  ENOENT: "a folder on the way does not exist: create it or fix the path",
  ENOTDIR: "a part of the path is a file, not a folder: fix the path",
  EISDIR: "the path is a folder: give a file name",
  EDQUOT: "the disk quota is used up: free space or write somewhere else",
};

/** An error from the file system, with the path it concerns and what to do about it. */
export function fileError(e: unknown, file: string, doing: string): Error {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (!code || !(code in FIXES)) return e instanceof Error ? e : new Error(String(e));
  const err = new Error(`cannot ${doing} ${file} (${code}): ${FIXES[code]}.`);
  (err as NodeJS.ErrnoException).code = code;
  return err;
}

/** mkdir -p with a true reason on failure: Node's recursive mkdir reports ENOENT on a read-only file system. */
export function makeDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    let up = path.resolve(dir);
    while (!fs.existsSync(up) && path.dirname(up) !== up) up = path.dirname(up);
    try {
      fs.accessSync(up, fs.constants.W_OK); // EROFS / EACCES here is the real cause
    } catch (why) {
      throw fileError(why, dir, "create the folder");
    }
    throw fileError(e, dir, "create the folder");
  }
}
