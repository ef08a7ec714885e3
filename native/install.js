#!/usr/bin/env node
// The package's `install` step (also `rnn-atlas build-native`): builds both optional native addons
// (native/build.js: training kernel; native/linalg/build.js: eigen-solver, GEMM, fixed points) for
// this machine. It never fails the install: without a C++ compiler, Python or the Node headers each
// build says why, rnn-atlas uses its JS kernels (same results to the stated tolerances, slower), and
// this script exits 0 (with --strict, as `rnn-atlas build-native` runs it, it exits 1 when an addon
// is missing afterwards). RNN_ATLAS_SKIP_NATIVE=1 skips both.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const strict = process.argv.includes("--strict");
if (process.env.RNN_ATLAS_SKIP_NATIVE === "1") {
  process.stderr.write("rnn-atlas: native addons not built (RNN_ATLAS_SKIP_NATIVE=1); the JavaScript kernels will be used.\n");
  process.exit(strict ? 1 : 0);
}
const variant = process.env.RNN_ATLAS_PORTABLE === "1" ? "Portable" : "Release";
const builds = [
  { what: "training kernel", script: path.join(__dirname, "build.js"), addon: path.join(__dirname, "build", variant, "rnn_atlas_native.node") },
  { what: "linear-algebra addon", script: path.join(__dirname, "linalg", "build.js"), addon: path.join(__dirname, "linalg", "build", variant, "rnn_atlas_linalg.node") },
];
const missing = [];
for (const b of builds) {
  try {
    // Inherit stdio so the compiler's own words reach the user; a crash of one build is only a warning.
    spawnSync(process.execPath, [b.script], { stdio: "inherit", env: process.env });
  } catch (e) {
    process.stderr.write(`rnn-atlas: ${b.what}: ${e.message}\n`);
  }
  // The addon file decides, not the exit code: native/build.js exits 0 after a warning by design.
  if (!fs.existsSync(b.addon)) missing.push(b.what);
}
if (missing.length) {
  process.stderr.write(
    `rnn-atlas: not built: ${missing.join(", ")}; the JavaScript kernels will be used.\n` +
      `  To build later (needs g++ or clang++, and python3 for the node-gyp fallback): npx rnn-atlas build-native\n`,
  );
}
process.exit(missing.length && strict ? 1 : 0);
