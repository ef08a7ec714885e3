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
  fs.mkdirSync(dir, { recursive: true });
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
    throw e;
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
