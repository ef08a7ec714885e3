/**
 * A run folder is never destroyed by accident (issue 19, findings 2): training into a folder that holds
 * a run is refused unless resumed or replaced; a replaced run is moved aside; a second writer is kept
 * out by the lock; a lock whose process is gone is taken over.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOCK_FILE, claimRunFolder, RunFolderError } from "../../src/io/runFolder";
import { trainPopulation } from "../../src/train/trainPopulation";
import { probe } from "./probes";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const TRAIN = ["train", "--task", "flipflop3", "--arch", "vanilla", "--units", "6", "--networks", "1", "--seed", "2", "--batch", "8", "--steps", "40", "--quiet"];

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-runfolder-"));
function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: ROOT, timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
function cliAsync(...args: string[]): Promise<{ code: number; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    c.stderr.on("data", (d) => (err += d));
    c.on("close", (code) => resolve({ code: code ?? -1, err }));
  });
}
/** Digest of every file under dir (relative path + bytes), to prove a run was left untouched. */
function treeDigest(dir: string): string {
  const h = crypto.createHash("sha256");
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== LOCK_FILE) h.update(path.relative(dir, p)).update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex");
}

test("training again into a finished run without --resume is refused (exit 2) and the run is untouched", () => {
  const out = path.join(tmp(), "run");
  assert.equal(cli(...TRAIN, "--out", out).code, 0);
  const before = treeDigest(out);
  const r = cli(...TRAIN, "--lr", "0.02", "--out", out);
  const clear = /already holds a finished run/.test(r.err) && r.err.includes("--resume") && r.err.includes("--overwrite") && r.err.includes(out);
  const correct = r.code === 2 && treeDigest(out) === before;
  probe("run folder: forgotten --resume", { clear, correct });
  assert.equal(r.code, 2, r.err);
  assert.ok(clear, r.err);
  assert.equal(treeDigest(out), before, "the earlier run's files are unchanged");
});

test("an interrupted run (snapshot only) is refused too, and --resume still continues it", async () => {
  const out = path.join(tmp(), "run");
  // A snapshot without a final save: what a kill mid-run leaves (written by the library with a small budget).
  await trainPopulation({ task: "flipflop3", spec: { arch: "vanilla", hiddenSize: 6 }, networks: 1, seed: 2, data: { batch: 8 }, stop: { maxUpdates: 20 }, outDir: out, snapshotEvery: 5 });
  fs.rmSync(path.join(out, "manifest.json"), { force: true });
  const before = treeDigest(out);
  const r = cli(...TRAIN, "--out", out);
  probe("run folder: forgotten --resume", { clear: /already holds a finished run|already holds an interrupted run|already holds a/.test(r.err) && r.err.includes("--resume"), correct: r.code === 2 && treeDigest(out) === before });
  assert.equal(r.code, 2, r.err);
  assert.equal(treeDigest(out), before);
  const resumed = cli(...TRAIN, "--resume", "--json", "--out", out);
  assert.equal(resumed.code, 0, resumed.err);
  assert.equal(JSON.parse(resumed.out).resumedFromEpoch, 20, "continued from the snapshot");
});

test("--overwrite moves the old run aside (never deletes it) and trains anew", () => {
  const parent = tmp();
  const out = path.join(parent, "run");
  assert.equal(cli(...TRAIN, "--out", out).code, 0);
  const before = treeDigest(out);
  const r = cli(...TRAIN, "--lr", "0.02", "--overwrite", "--out", out);
  assert.equal(r.code, 0, r.err);
  const aside = fs.readdirSync(parent).filter((f) => f.startsWith("run.replaced-"));
  const correct = aside.length === 1 && treeDigest(path.join(parent, aside[0]!)) === before && fs.existsSync(path.join(out, "manifest.json"));
  probe("run folder: --overwrite", { clear: r.err.includes(path.join(parent, aside[0] ?? "?")), correct });
  assert.equal(aside.length, 1, `one moved-aside run in ${fs.readdirSync(parent).join(", ")}`);
  assert.equal(treeDigest(path.join(parent, aside[0]!)), before, "the old run moved intact");
  assert.ok(r.err.includes(aside[0]!), `the move is reported: ${r.err}`);
  assert.equal(cli(...TRAIN, "--resume", "--overwrite", "--out", out).code, 2, "--resume with --overwrite is a contradiction");
});

test("a folder locked by a live process is refused with its pid; a stale lock is taken over", () => {
  const out = path.join(tmp(), "run");
  fs.mkdirSync(out);
  const holder = spawn("sleep", ["30"], { stdio: "ignore" });
  try {
    fs.writeFileSync(path.join(out, LOCK_FILE), JSON.stringify({ pid: holder.pid, host: os.hostname(), started: "then" }));
    const r = cli(...TRAIN, "--out", out);
    const clear = r.err.includes(`process ${holder.pid}`) && r.err.includes(out);
    probe("run folder: concurrent writer", { clear, correct: r.code === 2 && !fs.existsSync(path.join(out, "manifest.json")) });
    assert.equal(r.code, 2, r.err);
    assert.ok(clear, r.err);
  } finally {
    holder.kill();
  }
  // A pid that no longer exists: find one by spawning and reaping a process.
  const gone = spawnSync("true").pid!;
  fs.writeFileSync(path.join(out, LOCK_FILE), JSON.stringify({ pid: gone, host: os.hostname(), started: "then" }));
  const r = cli(...TRAIN, "--out", out);
  probe("run folder: stale lock", { clear: true, correct: r.code === 0 && !fs.existsSync(path.join(out, LOCK_FILE)) });
  assert.equal(r.code, 0, r.err);
  assert.ok(!fs.existsSync(path.join(out, LOCK_FILE)), "the lock is released at the end");
});

test("two trainings into one --out at the same time: exactly one succeeds, the other is refused", async () => {
  const out = path.join(tmp(), "run");
  const [a, b] = await Promise.all([cliAsync(...TRAIN, "--out", out), cliAsync(...TRAIN, "--lr", "0.02", "--out", out)]);
  const codes = [a.code, b.code].sort();
  const loser = a.code === 0 ? b : a;
  probe("run folder: concurrent writer", { clear: /being written by process \d+|already holds/.test(loser.err), correct: codes[0] === 0 && codes[1] === 2 });
  assert.deepEqual(codes, [0, 2], `exit codes ${a.code} / ${b.code}:\n${a.err}\n${b.err}`);
});

test("library: claimRunFolder refuses a held folder with the library's option names", () => {
  const out = path.join(tmp(), "run");
  fs.mkdirSync(path.join(out, "state"), { recursive: true });
  fs.writeFileSync(path.join(out, "state", "latest.json"), JSON.stringify({ file: "epoch-000010", epoch: 10, done: false }));
  assert.throws(() => claimRunFolder(out), (e: unknown) => e instanceof RunFolderError && e.reason === "exists" && /interrupted run \(last snapshot at epoch 10\)/.test(e.message) && /resume: true/.test(e.message));
  const c = claimRunFolder(out, { resume: true });
  assert.ok(fs.existsSync(path.join(out, LOCK_FILE)));
  c.release();
  assert.ok(!fs.existsSync(path.join(out, LOCK_FILE)));
});

test("export into a folder holding an older export is refused; --overwrite replaces it whole", () => {
  const parent = tmp();
  const small = path.join(parent, "small");
  const big = path.join(parent, "big");
  assert.equal(cli(...TRAIN, "--networks", "3", "--out", big).code, 0);
  assert.equal(cli(...TRAIN, "--networks", "1", "--out", small).code, 0);
  const dest = path.join(parent, "export");
  assert.equal(cli("export", big, "--format", "npz", "--out", dest).code, 0);
  const r = cli("export", small, "--format", "npz", "--out", dest);
  probe("export: folder holds an older export", { clear: r.err.includes(dest) && r.err.includes("--overwrite"), correct: r.code === 2 && fs.readdirSync(dest).filter((f) => f.endsWith(".npz")).length === 3 });
  assert.equal(r.code, 2, r.err);
  const o = cli("export", small, "--format", "npz", "--out", dest, "--overwrite");
  assert.equal(o.code, 0, o.err);
  const left = fs.readdirSync(dest).filter((f) => f.endsWith(".npz"));
  probe("export: folder holds an older export", { clear: true, correct: left.length === 1 });
  assert.deepEqual(left, ["net-000.npz"], "only the new population's files");
  assert.equal(fs.readdirSync(parent).filter((f) => f.startsWith("export.replaced-")).length, 1, "the old export was moved aside");
});

test("a kill between the two renames of a save leaves weights the loader refuses (not new weights under an old manifest)", () => {
  const out = path.join(tmp(), "run");
  assert.equal(cli(...TRAIN, "--out", out).code, 0);
  // Train again (--overwrite of a copy is not the point: resume with a larger budget rewrites both files)
  // and kill the process right after params.npz is renamed into place, before manifest.json.
  const r = spawnSync(process.execPath, [CLI, ...TRAIN, "--steps", "80", "--resume", "--out", out], {
    encoding: "utf8", cwd: ROOT, timeout: 120_000, env: { ...process.env, RNN_ATLAS_FAULT_KILL_AFTER: "params.npz" },
  });
  assert.equal(r.signal, "SIGKILL", "the fault hook killed the save mid-way");
  const info = cli("info", out);
  const clear = /does not belong to/.test(info.err) && info.err.includes("params.npz") && /--resume/.test(info.err);
  probe("save: kill between renames", { clear, correct: info.code !== 0 });
  assert.notEqual(info.code, 0, `info must not load a torn save:\n${info.out}`);
  assert.ok(clear, info.err);
  // Resuming rewrites both and the folder loads again. The stale lock of the killed process is taken over.
  const again = cli(...TRAIN, "--steps", "80", "--resume", "--out", out);
  assert.equal(again.code, 0, again.err);
  assert.equal(cli("info", out).code, 0);
});
