#!/usr/bin/env node
// Builds the optional linear-algebra addon into native/linalg/build/Release/rnn_atlas_linalg.node.
//
// Node-API needs only the node headers at compile time, so when they sit next to the running node
// (e.g. /usr/include/node) we call the C++ compiler directly: no node-gyp, no network. Otherwise we
// fall back to `node-gyp rebuild` with binding.gyp. Failure is not fatal for the library (it uses
// the JS kernels); the exit code says whether the addon was built.
//   RNN_ATLAS_PORTABLE=1  build without -march=native (binary runs on other CPUs of the same arch)
//   CXX=...               compiler (default g++)
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const here = __dirname;
const outDir = path.join(here, "build", "Release");
const out = path.join(outDir, "rnn_atlas_linalg.node");

function headerDirs() {
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  const dirs = [path.join(prefix, "include", "node")];
  if (process.env.npm_config_nodedir) dirs.push(path.join(process.env.npm_config_nodedir, "include", "node"));
  return dirs.filter((d) => fs.existsSync(path.join(d, "node_api.h")));
}

function direct(include) {
  const cxx = process.env.CXX || "g++";
  const arch = process.env.RNN_ATLAS_PORTABLE === "1" ? [] : ["-march=native"];
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  // The fused fixed-point search is elementwise-heavy: it is compiled on its own with wide vectors
  // preferred and `#pragma omp simd` honoured (no OpenMP runtime), and no errno from sqrt so that
  // the Adam step vectorises. Neither flag changes results.
  const fpObj = `${out}.${process.pid}.fixedpoints.o`;
  const fpArgs = [
    "-O3", ...arch, ...(arch.length ? ["-mprefer-vector-width=512"] : []), "-std=c++17", "-fPIC", "-pthread",
    "-fopenmp-simd", "-fno-math-errno", "-c", path.join(here, "src", "fixedpoints.cc"), "-o", fpObj,
  ];
  const args = [
    "-O3", ...arch, "-std=c++17", "-fPIC", "-shared", "-pthread",
    "-DNODE_GYP_MODULE_NAME=rnn_atlas_linalg", "-DBUILDING_NODE_EXTENSION",
    `-I${include}`,
    path.join(here, "src", "addon.cc"), path.join(here, "src", "eig.cc"), path.join(here, "src", "gemm.cc"),
    fpObj,
    "-o", tmp,
  ];
  const r0 = spawnSync(cxx, fpArgs, { stdio: "inherit" });
  const r = r0.status === 0 ? spawnSync(cxx, args, { stdio: "inherit" }) : r0;
  try { fs.unlinkSync(fpObj); } catch {}
  if (r.status !== 0) {
    try { fs.unlinkSync(tmp); } catch {}
    return false;
  }
  fs.renameSync(tmp, out); // atomic: a half-written addon is never loaded
  return true;
}

function nodeGyp() {
  const candidates = [
    path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  ];
  const gyp = candidates.find((p) => fs.existsSync(p));
  const cmd = gyp ? process.execPath : "npx";
  const args = gyp ? [gyp, "rebuild"] : ["node-gyp", "rebuild"];
  const r = spawnSync(cmd, args, { cwd: here, stdio: "inherit" });
  return r.status === 0;
}

// Up to date: the addon is newer than every source file and was built by this node (ABI).
function upToDate() {
  try {
    const built = fs.statSync(out).mtimeMs;
    const srcs = ["binding.gyp", "build.js", ...fs.readdirSync(path.join(here, "src")).map((f) => path.join("src", f))];
    const stampFile = `${out}.node-version`;
    const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8") : "";
    return stamp === process.versions.modules && srcs.every((f) => fs.statSync(path.join(here, f)).mtimeMs < built);
  } catch {
    return false;
  }
}
if (process.env.RNN_ATLAS_PORTABLE !== "1" && upToDate()) {
  console.log(`linalg addon up to date: ${out}`);
  process.exit(0);
}

const inc = headerDirs();
let ok = false;
if (inc.length > 0) ok = direct(inc[0]);
if (!ok) ok = nodeGyp();
if (ok) {
  // Smoke test: a 2×2 rotation has eigenvalues ±i.
  const m = require(out);
  const re = new Float64Array(2), im = new Float64Array(2);
  m.eigBatch(new Float64Array([0, -1, 1, 0]), 2, 1, re, im, null, 1);
  if (Math.abs(Math.abs(im[0]) - 1) > 1e-12 || Math.abs(re[0]) > 1e-12) {
    console.error(`linalg addon built but gives wrong eigenvalues (${re}, ${im}); removing it.`);
    fs.unlinkSync(out);
    process.exit(1);
  }
  fs.writeFileSync(`${out}.node-version`, process.versions.modules);
  console.log(`linalg addon: ${out}`);
} else {
  console.error("linalg addon not built; rnn-atlas will use its JS eigen-solver (slower, same results).");
  process.exit(1);
}
