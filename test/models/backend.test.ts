// TF.js backend selection: automatic choice, env override, one log line, idempotence.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const backendJs = path.resolve(__dirname, "../../src/core/backend.js");

function run(env: Record<string, string | undefined>): { status: number | null; stdout: string; stderr: string } {
  const code = `
const { initTf, tfBackendChoice } = require(${JSON.stringify(backendJs)});
(async () => {
  const a = await initTf();
  const b = await initTf();
  console.log(JSON.stringify({ same: a === b, backend: a.getBackend(), choice: tfBackendChoice(), prod: a.env().getBool("PROD"),
    sum: a.tidy(() => a.add(a.tensor([1, 2]), 1).sum().dataSync()[0]) }));
})().catch((e) => { console.error("ERR " + e.message); process.exit(3); });`;
  const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let nodeAvailable = false;
try {
  require.resolve("@tensorflow/tfjs-node");
  nodeAvailable = true;
} catch {
  nodeAvailable = false;
}

test("automatic choice: tfjs-node when installed, else wasm; logged once; prod mode", () => {
  const r = run({ RNN_ATLAS_TF_BACKEND: undefined });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out, { same: true, backend: nodeAvailable ? "tensorflow" : "wasm", choice: nodeAvailable ? "node" : "wasm", prod: true, sum: 5 });
  assert.equal(r.stderr.split("\n").filter((l) => l.startsWith("rnn-atlas: TF.js backend")).length, 1);
});

test("RNN_ATLAS_TF_BACKEND=cpu and =wasm override", () => {
  for (const want of ["cpu", "wasm"]) {
    const r = run({ RNN_ATLAS_TF_BACKEND: want });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).backend, want);
    assert.match(r.stderr, new RegExp(`backend "${want}" \\(RNN_ATLAS_TF_BACKEND=${want}\\)`));
  }
});

test("RNN_ATLAS_TF_BACKEND=node without tfjs-node, and invalid values, fail clearly", () => {
  if (!nodeAvailable) {
    const r = run({ RNN_ATLAS_TF_BACKEND: "node" });
    assert.equal(r.status, 3);
    assert.match(r.stderr, /ERR RNN_ATLAS_TF_BACKEND=node but @tensorflow\/tfjs-node does not load.*RNN_ATLAS_TF_BACKEND=wasm/);
  }
  const bad = run({ RNN_ATLAS_TF_BACKEND: "gpu" });
  assert.equal(bad.status, 3);
  assert.match(bad.stderr, /must be "node", "wasm" or "cpu", got "gpu"/);
});
