/**
 * A learned initial state in an imported file is part of the model (issue 13.2): `info` lists it, `run`
 * starts there, and an array the model does not use is named in a warning. `run --inputs/--h0` takes
 * the user's own sequences and states, and writes the states as .npy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodeNpz, loadModel, readNpy, readNpz, saveModel, writeNpy } from "../../src/io";
import { runModel } from "../../src/models";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const NET = path.join(ROOT, "test", "fixtures", "fpf-flipflop", "net.npz");
const cli = (...a: string[]) => spawnSync(process.execPath, [CLI, ...a], { encoding: "utf8", cwd: ROOT });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-own-"));

test("the learned initial state (initial_hiddens_1xd) is kept, listed by info, used by run, and survives save/load and export", () => {
  const m = loadModel(NET);
  const h0 = (readNpz(NET) as unknown as Record<string, { data: Float32Array }>).initial_hiddens_1xd!.data;
  assert.deepEqual(Array.from(m.initialState!), Array.from(h0));
  const info = cli("info", NET);
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, /initial state\s+16 values/);
  // run without --h0 starts from it: step 1 is the map applied to h0, not to 0.
  const fromZero = runModel({ spec: m.spec, params: m.params }, new Float32Array(3), { batch: 1, time: 1 }).states;
  const fromLearned = runModel(m, new Float32Array(3), { batch: 1, time: 1 }).states;
  assert.ok(Math.max(...Array.from(fromZero, (v, i) => Math.abs(v - fromLearned[i]!))) > 1e-3, "the initial state changes the first step");
  const dir = tmp();
  saveModel(path.join(dir, "saved"), m);
  assert.deepEqual(Array.from(loadModel(path.join(dir, "saved")).initialState!), Array.from(h0));
  const exp = cli("export", NET, "--format", "npz", "--out", path.join(dir, "exported.npz"));
  assert.equal(exp.status, 0, exp.stderr);
  assert.deepEqual(Array.from(loadModel(path.join(dir, "exported.npz")).initialState!), Array.from(h0));
});

test("an array the network does not use is named in a warning", () => {
  const dir = tmp();
  const arrays = readNpz(NET) as unknown as Record<string, { data: Float32Array; shape: number[] }>;
  const file = path.join(dir, "extra.npz");
  fs.writeFileSync(file, encodeNpz({ ...arrays, "rnn.weight_hh_l1_typo": { data: new Float32Array(4), shape: [2, 2] } }));
  const m = loadModel(file);
  assert.ok(m.notes.some((n) => /warning: not used.*rnn\.weight_hh_l1_typo/.test(n)), m.notes.join("\n"));
  assert.ok(!m.notes.some((n) => /not used.*initial_hiddens_1xd/.test(n)), "the initial state is used");
  assert.match(cli("info", file).stdout, /warning: not used.*weight_hh_l1_typo/);
});

test("run --inputs U.npy [--h0 H.npy] --states-out X.npy: the user's sequences and states; shapes checked", () => {
  const dir = tmp();
  const u = path.join(dir, "u.npy");
  writeNpy(u, { data: new Float32Array(2 * 5 * 3).fill(0.5), shape: [2, 5, 3] });
  const h = path.join(dir, "h.npy");
  writeNpy(h, { data: new Float32Array(16).fill(0.1), shape: [16] });
  const out = path.join(dir, "states.npy");
  const r = cli("run", NET, "--inputs", u, "--h0", h, "--states-out", out, "--json");
  assert.equal(r.status, 0, r.stderr);
  const states = readNpy(out);
  assert.deepEqual(states.shape, [2, 5, 16]);
  const m = loadModel(NET);
  const want = runModel(m, new Float32Array(30).fill(0.5), { batch: 2, time: 5, h0: new Float32Array(16).fill(0.1) }).states;
  assert.ok(Math.max(...Array.from(states.data as Float32Array, (v, i) => Math.abs(v - want[i]!))) < 1e-6);
  assert.equal(JSON.parse(r.stdout).h0, "given");
  const bad = path.join(dir, "bad.npy");
  writeNpy(bad, { data: new Float32Array(10), shape: [5, 2] });
  const e = cli("run", NET, "--inputs", bad);
  assert.equal(e.status, 2);
  assert.match(e.stderr, /--inputs: .* has shape \[5, 2\]; expected \[n, 3\] or \[n, n, 3\]/);
  const e2 = cli("run", NET, "--inputs", u, "--h0", u);
  assert.equal(e2.status, 2);
  assert.match(e2.stderr, /--h0: .* expected \[16\] or \[2, 16\]/);
});
