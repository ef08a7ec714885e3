// The linalg addon loader skips a binary compiled for CPU flags this CPU lacks (its cpu.json, as
// written by native/linalg/build.js) instead of crashing on an illegal instruction, and moves on
// to the next candidate (the package's native, then portable build).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadNativeLinalg, nativeLinalgStatus } from "../../src/analysis/linalg/native";

const nativeJs = path.resolve(__dirname, "..", "..", "src", "analysis", "linalg", "native.js");

function statusWith(addon: string): { loaded: boolean; path?: string; reason?: string } {
  const r = spawnSync(process.execPath, ["-e", `console.log(JSON.stringify(require(${JSON.stringify(nativeJs)}).nativeLinalgStatus()))`], {
    env: { ...process.env, RNN_ATLAS_LINALG_ADDON: addon },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { loaded: boolean; path?: string };
}

test("loader: a binary built for missing CPU flags is skipped; one without that need loads", (t) => {
  if (!fs.existsSync("/proc/cpuinfo")) {
    t.skip("no /proc/cpuinfo: the loader cannot read this CPU's flags here");
    return;
  }
  if (!loadNativeLinalg()) {
    t.skip(`linalg addon not loaded: ${nativeLinalgStatus().reason}`);
    return;
  }
  const real = nativeLinalgStatus().path!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-loader-"));
  try {
    const copy = path.join(dir, "rnn_atlas_linalg.node");
    fs.copyFileSync(real, copy);
    fs.writeFileSync(path.join(dir, "cpu.json"), JSON.stringify({ variant: "native", flags: ["no_such_cpu_flag"] }));
    const skipped = statusWith(copy);
    assert.equal(skipped.loaded, true, "the loader should fall back to the package's own build");
    assert.notEqual(skipped.path, copy, "a binary needing a CPU flag this CPU lacks was loaded");
    fs.writeFileSync(path.join(dir, "cpu.json"), JSON.stringify({ variant: "portable", flags: [] }));
    assert.equal(statusWith(copy).path, copy);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
