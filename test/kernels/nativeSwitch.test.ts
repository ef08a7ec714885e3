/**
 * Switching the native training kernel off and choosing its binary, in fresh processes (the loader
 * caches its choice): RNN_ATLAS_NO_NATIVE=1 turns it off everywhere, `rnn-atlas train` included, with the
 * reason in the log line; RNN_ATLAS_NATIVE_ADDON=path loads exactly that binary or says why not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nativeKernelAvailable } from "../../src/kernels/native";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const DIST = path.join(ROOT, "dist", "src");
const CLI = path.join(DIST, "cli", "main.js");
const PORTABLE = path.join(ROOT, "native", "build", "Portable", "rnn_atlas_native.node");

function run(env: Record<string, string>, args: string[]): { code: number; out: string; err: string } {
  const clean = { ...process.env };
  for (const k of ["RNN_ATLAS_NO_NATIVE", "RNN_ATLAS_NATIVE_ADDON", "RNN_ATLAS_KERNEL", "RNN_ATLAS_QUIET"]) delete clean[k];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...clean, ...env }, timeout: 5 * 60 * 1000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Loads src/kernels in a child and reports what getKernel picks. */
function probe(env: Record<string, string>): { auto: string; native: string; available: boolean; log: string } {
  const script = `
    const k = require(${JSON.stringify(path.join(DIST, "kernels"))});
    let native = "";
    try { native = k.getKernel("native").name; } catch (e) { native = "error: " + e.message; }
    console.log(JSON.stringify({ auto: k.getKernel().name, native, available: k.nativeKernelAvailable() }));`;
  const r = run(env, ["-e", script]);
  assert.equal(r.code, 0, r.err);
  return { ...(JSON.parse(r.out.trim().split("\n").pop()!) as { auto: string; native: string; available: boolean }), log: r.err };
}

test("RNN_ATLAS_NO_NATIVE=1: getKernel() is the JS kernel, says why, and getKernel(\"native\") refuses", () => {
  const p = probe({ RNN_ATLAS_NO_NATIVE: "1" });
  assert.equal(p.available, false);
  assert.equal(p.auto, "js");
  assert.match(p.log, /using the js RNN kernel \(native kernel not used: disabled by RNN_ATLAS_NO_NATIVE=1\)/);
  assert.match(p.native, /^error: .*RNN_ATLAS_NO_NATIVE=1/);
  // Overrides RNN_ATLAS_NATIVE_ADDON too.
  assert.equal(probe({ RNN_ATLAS_NO_NATIVE: "1", RNN_ATLAS_NATIVE_ADDON: PORTABLE }).auto, "js");
});

test("RNN_ATLAS_NATIVE_ADDON: a missing file is named (JS fallback; \"native\" refuses), never a silent other binary", () => {
  const p = probe({ RNN_ATLAS_NATIVE_ADDON: "/nonexistent/rnn_atlas_native.node" });
  assert.equal(p.auto, "js");
  assert.match(p.log, /RNN_ATLAS_NATIVE_ADDON: \/nonexistent\/rnn_atlas_native.node does not exist/);
  assert.match(p.native, /^error: .*RNN_ATLAS_NATIVE_ADDON/);
});

test("RNN_ATLAS_NATIVE_ADDON loads the portable build when asked, and the log says so", { skip: !fs.existsSync(PORTABLE) && "no portable build (RNN_ATLAS_PORTABLE=1 node native/build.js; trainingBuilds.test builds it)" }, () => {
  const p = probe({ RNN_ATLAS_NATIVE_ADDON: PORTABLE });
  assert.equal(p.auto, "native");
  assert.match(p.log, /using the native RNN kernel \(\w+ portable build/);
});

test("`rnn-atlas train` under RNN_ATLAS_NO_NATIVE=1 trains with the JS kernel (and with the native one otherwise)", { timeout: 5 * 60 * 1000 }, () => {
  const args = ["train", "--task", "flipflop3", "--arch", "gru", "--units", "6", "--networks", "2", "--seed", "5", "--batch", "8", "--steps", "3"];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-nonative-"));
  try {
    const off = run({ RNN_ATLAS_NO_NATIVE: "1" }, [CLI, ...args, "--out", path.join(dir, "off")]);
    assert.equal(off.code, 0, off.err);
    assert.match(off.err, /using the js RNN kernel \(native kernel not used: disabled by RNN_ATLAS_NO_NATIVE=1\)/);
    const tOff = JSON.parse(fs.readFileSync(path.join(dir, "off", "training.json"), "utf8")) as { kernel: string };
    assert.equal(tOff.kernel, "js");
    if (nativeKernelAvailable()) {
      const on = run({}, [CLI, ...args, "--out", path.join(dir, "on")]);
      assert.equal(on.code, 0, on.err);
      const tOn = JSON.parse(fs.readFileSync(path.join(dir, "on", "training.json"), "utf8")) as { kernel: string };
      assert.equal(tOn.kernel, "native");
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
