/**
 * Training-state snapshots (for resume) and improvement checkpoints (for training trajectories).
 *
 * Layout under outDir:
 *   state/latest.json              pointer {file: "epoch-000120"} written last (atomic)
 *   state/epoch-000120.npz         params, best weights, Adam moments, initial weights
 *   state/epoch-000120.json        counters, learning rates, best losses, histories, fingerprint
 *   checkpoints/net-003/epoch-000120.npz   one network's weights at an improvement
 * A kill at any point leaves latest.json naming a complete snapshot, because the pointer is
 * replaced (temp file + rename) only after both snapshot files exist.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readNpz, saveModel, writeFileAtomic, writeNpz } from "../io";
import type { Model } from "../core/types";
import type { NetState } from "./netState";
import type { CheckpointRecord, NetworkHistory } from "./types";

export const STATE_FORMAT = "rnn-atlas-train-state";

export interface SnapshotArrays {
  readonly params: Record<string, Float32Array>;
  readonly best: Record<string, Float32Array>;
  readonly initial: Record<string, Float32Array>;
  readonly adamM: Record<string, Float32Array>;
  readonly adamV: Record<string, Float32Array>;
}

export interface SnapshotMeta {
  readonly format: typeof STATE_FORMAT;
  readonly version: 1;
  /** Options that determine the numbers; a resume must match them. */
  readonly fingerprint: Record<string, unknown>;
  readonly epoch: number;
  readonly update: number;
  readonly adamStep: number[];
  readonly nets: NetState[];
  readonly histories: NetworkHistory[];
  readonly checkpoints: CheckpointRecord[];
  readonly kernel: string;
  readonly elapsedMs: number;
  readonly done: boolean;
}

const GROUPS: Array<[keyof SnapshotArrays, string]> = [
  ["params", "params"],
  ["best", "best"],
  ["initial", "initial"],
  ["adamM", "adam_m"],
  ["adamV", "adam_v"],
];

/** JSON that keeps NaN and ±Infinity (plain JSON turns them into null). */
export function stringifyExact(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? { $num: String(v) } : v),
    1,
  );
}

export function parseExact(text: string): any {
  return JSON.parse(text, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) && typeof v.$num === "string" && Object.keys(v).length === 1 ? Number(v.$num) : v,
  );
}

function stateDir(outDir: string): string {
  return path.join(outDir, "state");
}

export function writeSnapshot(outDir: string, arrays: SnapshotArrays, meta: SnapshotMeta): string {
  const dir = stateDir(outDir);
  fs.mkdirSync(dir, { recursive: true });
  const base = `epoch-${String(meta.epoch).padStart(6, "0")}`;
  const flat: Record<string, Float32Array> = {};
  for (const [key, prefix] of GROUPS) {
    for (const [name, a] of Object.entries(arrays[key])) flat[`${prefix}/${name}`] = a;
  }
  writeNpz(path.join(dir, `${base}.npz`), flat);
  writeFileAtomic(path.join(dir, `${base}.json`), stringifyExact(meta));
  const pointer = path.join(dir, "latest.json");
  let previous: string | undefined;
  if (fs.existsSync(pointer)) previous = (JSON.parse(fs.readFileSync(pointer, "utf8")) as { file?: string }).file;
  writeFileAtomic(pointer, JSON.stringify({ file: base, epoch: meta.epoch, done: meta.done }) + "\n");
  if (previous && previous !== base) {
    for (const ext of [".npz", ".json"]) fs.rmSync(path.join(dir, previous + ext), { force: true });
  }
  return base;
}

/** The latest complete snapshot in outDir, or null when there is none. */
export function readSnapshot(outDir: string): { arrays: SnapshotArrays; meta: SnapshotMeta } | null {
  const dir = stateDir(outDir);
  const pointer = path.join(dir, "latest.json");
  if (!fs.existsSync(pointer)) return null;
  const fix = `Restore it from a backup, or start the run again with --overwrite (the folder is moved aside, not deleted).`;
  let file: string;
  try {
    file = (JSON.parse(fs.readFileSync(pointer, "utf8")) as { file: string }).file;
    if (typeof file !== "string" || !/^epoch-\d+$/.test(file)) throw new Error(`"file" is ${JSON.stringify(file)}, not a snapshot name`);
  } catch (e) {
    throw new Error(`${pointer} is corrupt (${(e as Error).message}); it names the latest training snapshot. ${fix}`);
  }
  let meta: SnapshotMeta;
  try {
    meta = parseExact(fs.readFileSync(path.join(dir, `${file}.json`), "utf8")) as SnapshotMeta;
  } catch (e) {
    throw new Error(`${path.join(dir, `${file}.json`)}, the snapshot ${pointer} names, cannot be read (${(e as Error).message}). ${fix}`);
  }
  if (meta.format !== STATE_FORMAT) throw new Error(`${path.join(dir, file)}.json is not a training state (format "${String(meta.format)}").`);
  const flat = readNpz(path.join(dir, `${file}.npz`)) as Record<string, unknown>;
  const arrays: Record<string, Record<string, Float32Array>> = {};
  for (const [key, prefix] of GROUPS) {
    arrays[key] = {};
    for (const [name, a] of Object.entries(flat)) {
      if (!name.startsWith(prefix + "/")) continue;
      const data = (a as { data?: unknown }).data ?? a;
      if (!(data instanceof Float32Array)) throw new Error(`${file}.npz: array "${name}" is not float32.`);
      arrays[key]![name.slice(prefix.length + 1)] = data;
    }
  }
  return { arrays: arrays as unknown as SnapshotArrays, meta };
}

/** Save one network's weights at an improvement; returns the file path. */
export function writeCheckpoint(outDir: string, model: Model, network: number, epoch: number, loss: number): string {
  const file = path.join(outDir, "checkpoints", `net-${String(network).padStart(3, "0")}`, `epoch-${String(epoch).padStart(6, "0")}.npz`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  saveModel(file, model, { network, epoch, loss });
  return file;
}

/** Describe the first difference between two fingerprints, or null. */
export function fingerprintMismatch(saved: Record<string, unknown>, now: Record<string, unknown>): string | null {
  const keys = new Set([...Object.keys(saved), ...Object.keys(now)]);
  for (const k of keys) {
    const a = JSON.stringify(saved[k]);
    const b = JSON.stringify(now[k]);
    if (a !== b) return `${k}: saved ${a ?? "(none)"}, now ${b ?? "(none)"}`;
  }
  return null;
}
