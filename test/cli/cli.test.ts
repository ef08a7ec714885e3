import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listTasks } from "../../src/tasks";
import { loadModel, readNpz } from "../../src/io";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const FIXTURES = path.join(ROOT, "..", "shared", "fixtures", "turner2021");

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: ROOT, timeout: 5 * 60 * 1000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-cli-"));
const TRAIN = ["train", "--task", "flipflop3", "--arch", "vanilla", "--units", "8", "--networks", "2", "--seed", "3", "--batch", "8", "--lr", "0.01"];

test("--help lists every task and the commands; no arguments is a usage error", () => {
  const r = cli("--help");
  assert.equal(r.code, 0);
  for (const t of listTasks()) assert.match(r.out, new RegExp(`\\b${t}\\b`));
  for (const c of ["train", "info", "export", "run", "--resume", "--networks"]) assert.ok(r.out.includes(c), c);
  assert.equal(cli().code, 2);
  const th = cli("train", "--help");
  assert.equal(th.code, 0);
  assert.match(th.out, /--target-loss/);
});

test("bad input: clear message and exit code 2", () => {
  const cases: Array<[string[], RegExp]> = [
    [["frobnicate"], /unknown command "frobnicate"/],
    [["train", "--task", "nope", "--arch", "vanilla", "--units", "4", "--out", "/tmp/x"], /Unknown task "nope"/],
    [["train", "--task", "flipflop3", "--arch", "vanilla", "--units", "abc", "--out", "/tmp/x"], /--units must be an integer/],
    [["train", "--task", "flipflop3", "--arch", "transformer", "--units", "4", "--out", "/tmp/x"], /--arch must be one of vanilla, gru, lstm, leaky, linear/],
    [["train", "--task", "flipflop3", "--arch", "vanilla", "--units", "4"], /missing --out/],
    [["train", "--bogus"], /Unknown option '--bogus'/],
    [["info", "/nonexistent/dir"], /does not exist/],
    [["export", "/tmp", "--format", "pt"], /--format must be one of npz, safetensors/],
  ];
  for (const [args, re] of cases) {
    const r = cli(...args);
    assert.equal(r.code, 2, `${args.join(" ")}: exit ${r.code} ${r.err}`);
    assert.match(r.err, re, args.join(" "));
  }
  const j = cli("info", "/nonexistent/dir", "--json");
  assert.equal(j.code, 2);
  assert.equal(JSON.parse(j.out).exitCode, 2);
});

test("train --json, info, export, run on the result", () => {
  const dir = tmp();
  const t = cli(...TRAIN, "--steps", "15", "--out", dir, "--json");
  assert.equal(t.code, 0, t.err);
  const summary = JSON.parse(t.out);
  assert.equal(summary.networks.length, 2);
  assert.equal(summary.updates, 15);
  for (const f of ["manifest.json", "params.npz", "training.json", path.join("state", "latest.json")]) assert.ok(fs.existsSync(path.join(dir, f)), f);

  const info = cli("info", dir, "--json");
  assert.equal(info.code, 0, info.err);
  const d = JSON.parse(info.out);
  assert.equal(d.kind, "population");
  assert.equal(d.size, 2);
  assert.equal(d.spec.hiddenSize, 8);
  assert.equal(d.arrays["weight_hh_l0"].length, 2 * 64);
  assert.equal(d.training.updates, 15);
  assert.match(cli("info", dir).out, /population of 2 vanilla RNN/);

  for (const format of ["npz", "safetensors"]) {
    const e = cli("export", dir, "--format", format, "--out", path.join(dir, format), "--json");
    assert.equal(e.code, 0, e.err);
    const files: string[] = JSON.parse(e.out).files;
    assert.equal(files.length, 2);
    const m = loadModel(files[1]!);
    assert.deepEqual(m.params["weight_hh_l0"], loadModel(dir, { member: 1 }).params["weight_hh_l0"]);
  }

  const r = cli("run", dir, "--task", "flipflop3", "--member", "1", "--json");
  assert.equal(r.code, 0, r.err);
  const run = JSON.parse(r.out);
  assert.equal(run.outputs.length, run.time);
  assert.equal(run.outputs[0].length, 3);
  assert.equal(run.states[0].length, 8);
  assert.equal(run.inputs.length, run.time);
  assert.ok(typeof run.score.mse === "number");
});

test("train --arch ugrnn: help names it, a short run trains, info/export/run read it back", () => {
  const help = cli("train", "--help");
  assert.match(help.out, /ugrnn: update-gate RNN/);
  const dir = tmp();
  const t = cli("train", "--task", "flipflop3", "--arch", "ugrnn", "--units", "6", "--networks", "2", "--seed", "1", "--batch", "8", "--lr", "0.01", "--steps", "10", "--out", dir, "--json");
  assert.equal(t.code, 0, t.err);
  assert.equal(JSON.parse(t.out).updates, 10);
  const d = JSON.parse(cli("info", dir, "--json").out);
  assert.equal(d.spec.arch, "ugrnn");
  assert.equal(d.arrays["weight_hh_l0"].length, 2 * 2 * 6 * 6, "2 networks × 2 gate blocks × 6 × 6");
  const e = cli("export", dir, "--format", "npz", "--out", path.join(dir, "npz"), "--json");
  assert.equal(e.code, 0, e.err);
  const files: string[] = JSON.parse(e.out).files;
  const m = loadModel(files[0]!);
  assert.equal(m.spec.arch, "ugrnn");
  assert.deepEqual(m.params["weight_hh_l0"], loadModel(dir, { member: 0 }).params["weight_hh_l0"]);
  const r = cli("run", files[0]!, "--task", "flipflop3", "--json");
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).states[0].length, 6);
});

test("info and run on the turner2021 fixture layout (X.npz + X.json)", () => {
  const npz = path.join(FIXTURES, "interval_reproduction_50_vanilla_20_i100.npz");
  const info = cli("info", npz, "--json");
  assert.equal(info.code, 0, info.err);
  const d = JSON.parse(info.out);
  assert.equal(d.spec.arch, "vanilla");
  assert.equal(d.spec.hiddenSize, 20);
  assert.equal(d.format, "turner2021-sidecar");
  const r = cli("run", npz, "--task", "rsg", "--trial", "t_s=35", "--json");
  assert.equal(r.code, 0, r.err);
  const run = JSON.parse(r.out);
  assert.equal(run.trial.meta.t_s, 35);
  assert.equal(run.states[0].length, 20);
  assert.equal(run.score.accuracy, 1); // the authors' trained net reproduces t_s = 35
  const bad = cli("run", npz, "--task", "rsg", "--trial", "bogus=1");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /no metadata "bogus"; available keys: t_s/);
});

test("train killed with SIGKILL, then --resume: identical weights to an uninterrupted run", async () => {
  const a = tmp();
  const b = tmp();
  const args = [...TRAIN, "--steps", "300", "--snapshot-every", "10", "--quiet"];
  assert.equal(cli(...args, "--out", a).code, 0);
  const child = spawn(process.execPath, [CLI, ...args, "--out", b], { cwd: ROOT, stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const pointer = path.join(b, "state", "latest.json");
  const t0 = Date.now();
  while (!fs.existsSync(pointer) && Date.now() - t0 < 60000) await new Promise((r) => setTimeout(r, 20));
  child.kill("SIGKILL");
  await exited;
  assert.ok(fs.existsSync(pointer), "a snapshot was written before the kill");
  const r = cli(...args, "--out", b, "--resume", "--json");
  assert.equal(r.code, 0, r.err);
  const pa = readNpz(path.join(a, "params.npz"));
  const pb = readNpz(path.join(b, "params.npz"));
  for (const k of Object.keys(pa)) assert.deepEqual(pb[k]!.data, pa[k]!.data, k);
  const ha = JSON.parse(fs.readFileSync(path.join(a, "training.json"), "utf8")).histories;
  const hb = JSON.parse(fs.readFileSync(path.join(b, "training.json"), "utf8")).histories;
  assert.deepEqual(hb, ha);
});
