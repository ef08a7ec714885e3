/**
 * Bad input and a hostile environment get a clear refusal, with the file or option and the fix, and the
 * exit-code contract (2 = bad input or a refused folder, 1 = the computation failed) — issue 19,
 * findings 4 and 7.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { probe } from "./probes";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const FPF = path.join(ROOT, "test", "fixtures", "fpf-flipflop", "net.npz");
const TRAIN = ["train", "--task", "flipflop3", "--arch", "vanilla", "--units", "8", "--seed", "1", "--steps", "20", "--quiet"];
const cli = (...a: string[]) => spawnSync(process.execPath, [CLI, ...a], { encoding: "utf8", cwd: ROOT, timeout: 120_000 });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-refuse-"));

function refused(cls: string, r: ReturnType<typeof cli>, code: number, msg: RegExp): void {
  const clear = msg.test(r.stderr);
  probe(cls, { clear, correct: r.status === code });
  assert.equal(r.status, code, `${cls}: exit ${r.status}\n${r.stderr}`);
  assert.ok(clear, `${cls}: ${r.stderr}`);
}

test("sizes: extrapolate/graph check the network against the task; an empty field in --input is refused", () => {
  refused("sizes: network vs task", cli("extrapolate", FPF, "--task", "rsg"), 2, /task "rsg" has 2 inputs \/ 1 outputs, the network .* 3 \/ 3/);
  refused("sizes: network vs task", cli("graph", FPF, "--task", "interval-discrimination"), 2, /has 2 inputs \/ 1 outputs/);
  refused("sizes: --input 1,,3", cli("fixed-points", FPF, "--input", "1,,3"), 2, /comma-separated finite numbers, got "1,,3"/);
});

test("memory: a population too large for the machine is refused up front with the estimate", () => {
  const t0 = Date.now();
  const r = cli(...TRAIN, "--networks", "100000000", "--out", path.join(tmp(), "r"));
  refused("memory refusal", r, 2, /needs about [\d.]+ GiB, more than half of this machine's/);
  const r2 = cli(...TRAIN, "--units", "20000", "--out", path.join(tmp(), "r"));
  refused("memory refusal", r2, 2, /20000 units .* needs about/);
  assert.ok(Date.now() - t0 < 60_000, "refused before any work (the old behaviour took 45 s and 6 GB)");
});

test("a corrupt state/latest.json is named, with the fix, before any training (exit 2)", () => {
  const out = path.join(tmp(), "r");
  assert.equal(cli(...TRAIN, "--snapshot-every", "5", "--out", out).status, 0);
  fs.writeFileSync(path.join(out, "state", "latest.json"), "{ truncated");
  refused("corrupt snapshot pointer", cli(...TRAIN, "--steps", "40", "--snapshot-every", "5", "--resume", "--out", out), 2, /state\/latest\.json is corrupt .* --overwrite/);
});

/** A tiny tmpfs (root only); null with the reason when it cannot be made here. */
function tmpfs(options: string): { dir: string; done: () => void } | string {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return "not root: cannot mount a tmpfs";
  const dir = tmp();
  const m = spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { encoding: "utf8" });
  if (m.status !== 0) return `mount failed: ${m.stderr.trim()}`;
  return { dir, done: () => void spawnSync("umount", [dir]) };
}

test("a read-only --out is refused before training, with the path (exit 2)", (t) => {
  const fsys = tmpfs("size=1m,ro");
  if (typeof fsys === "string") return t.skip(fsys);
  try {
    refused("read-only output folder", cli(...TRAIN, "--out", path.join(fsys.dir, "run")), 2, /cannot write into .*run \(EROFS\): the file system is read-only/);
  } finally {
    fsys.done();
  }
});

test("a full disk fails the run with the path and the reason (exit 1), and leaves nothing that loads as valid", (t) => {
  const fsys = tmpfs("size=64k");
  if (typeof fsys === "string") return t.skip(fsys);
  try {
    const out = path.join(fsys.dir, "run");
    const r = cli("train", "--task", "flipflop3", "--arch", "vanilla", "--units", "64", "--networks", "4", "--seed", "1", "--steps", "20", "--quiet", "--out", out);
    refused("full disk", r, 1, /cannot write .* \(ENOSPC\): the disk is full/);
    const info = cli("info", out);
    assert.notEqual(info.status, 0, "no half-written network loads");
    const leftovers = fs.readdirSync(out).filter((f) => f.includes(".tmp-"));
    assert.deepEqual(leftovers, [], "no temporary files left behind");
  } finally {
    fsys.done();
  }
});
