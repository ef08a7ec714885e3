// The portable build (RNN_ATLAS_PORTABLE=1: no -march=native, scalar kernels with std::fma) gives
// the same bytes as the native build (AVX2+FMA or AVX-512 kernels, another GEMM register tile)
// for the fixed-point search (every architecture, N = 7, 13, 100, 16, 24; adaptive lr and the
// default clip, and fixed lr with a tight quantile clip), eigBatch, gemm and invertBatch.
// Builds the portable variant into native/linalg/build/Portable (up-to-date check: fast when it is)
// and runs the probe there in a child process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { nativeLinalgStatus } from "../../src/analysis/linalg/native";
import { allDigests, nativeSearchUnavailable } from "./fixedPointsProbe";

const root = path.resolve(__dirname, "..", "..", "..");
const portableAddon = path.join(root, "native", "linalg", "build", "Portable", "rnn_atlas_linalg.node");

test("portable build: same bytes as the native build (search, eig, gemm, invert)", { skip: nativeSearchUnavailable() ?? false, timeout: 15 * 60 * 1000 }, () => {
  const here = allDigests(2);
  const info = nativeLinalgStatus().build;
  assert.ok(info, "the loaded addon has no buildInfo(): rebuild it with `node native/linalg/build.js`");
  assert.equal(info.portable, false, `the loaded addon (${nativeLinalgStatus().path}) is itself the portable build: nothing to compare`);

  const build = spawnSync(process.execPath, [path.join(root, "native", "linalg", "build.js")], {
    env: { ...process.env, RNN_ATLAS_PORTABLE: "1" },
    encoding: "utf8",
    timeout: 10 * 60 * 1000,
  });
  assert.equal(build.status, 0, `portable build failed:\n${build.stdout}\n${build.stderr}`);

  const probe = spawnSync(process.execPath, [path.join(__dirname, "fixedPointsProbe.js")], {
    env: { ...process.env, RNN_ATLAS_LINALG_ADDON: portableAddon, PROBE_THREADS: "1", RNN_ATLAS_FP_THREADS: "1" },
    encoding: "utf8",
    timeout: 10 * 60 * 1000,
    maxBuffer: 1 << 24,
  });
  assert.equal(probe.status, 0, `probe with the portable addon failed:\n${probe.stderr}`);
  const there = JSON.parse(probe.stdout.trim().split("\n").pop()!) as ReturnType<typeof allDigests>;
  const pInfo = there.build as { portable: boolean; isa: string; gemmTile: string };
  assert.equal(pInfo.portable, true, "the child did not load the portable addon");
  assert.notEqual(`${pInfo.isa} ${pInfo.gemmTile}`, `${info.isa} ${info.gemmTile}`, "both builds use the same kernels: the comparison would prove nothing");

  for (const part of ["search", "linalg"] as const) {
    const differ = Object.keys(here[part]).filter((k) => here[part][k] !== there[part][k]);
    assert.ok(Object.keys(here[part]).length > 10, `${part}: too few cases`);
    assert.deepEqual(differ, [], `${part}: ${info.isa} ${info.gemmTile} and portable ${pInfo.isa} ${pInfo.gemmTile} differ`);
  }
});
