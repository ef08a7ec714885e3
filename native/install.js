#!/usr/bin/env node
// The package's `install` step (also `rnn-atlas build-native`): builds both optional native addons
// (native/build.js: training kernel; native/linalg/build.js: eigen-solver, GEMM, fixed points) for
// this machine. It never fails the install: without a C++ compiler, Python or the Node headers each
// build says why, rnn-atlas uses its JS kernels (same results to the stated tolerances, slower), and
// this script exits 0 (with --strict, as `rnn-atlas build-native` runs it, it exits 1 when an addon
// was not built). RNN_ATLAS_SKIP_NATIVE=1 skips both.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const builds = [
  ["training kernel", path.join(__dirname, "build.js")],
  ["linear-algebra addon", path.join(__dirname, "linalg", "build.js")],
];
const failed = [];
for (const [what, script] of builds) {
  let r;
  try {
    // Inherit stdio so the compiler's own words reach the user; a crash of one build is only a warning.
    r = spawnSync(process.execPath, [script], { stdio: "inherit", env: process.env });
  } catch (e) {
    r = { status: null, error: e };
  }
  if (r.error || r.status !== 0) failed.push(`${what} (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`})`);
}
if (failed.length) {
  process.stderr.write(
    `rnn-atlas: not built: ${failed.join(", ")}; the JavaScript kernels will be used.\n` +
      `  To build later (needs g++ or clang++ and python3): npx rnn-atlas build-native\n`,
  );
}
process.exit(failed.length && process.argv.includes("--strict") ? 1 : 0);
