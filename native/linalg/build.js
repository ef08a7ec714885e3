#!/usr/bin/env node
// Builds the optional linear-algebra addon (eigen-solver, GEMM, fused fixed-point search).
//
//   node native/linalg/build.js                      → build/Release/rnn_atlas_linalg.node (-march=native)
//   RNN_ATLAS_PORTABLE=1 node native/linalg/build.js → build/Portable/rnn_atlas_linalg.node (no -march:
//                                                       runs on any CPU of the architecture; slower)
//   node native/linalg/build.js --compile-only       → compile every source with $CXX, keep nothing
//                                                       (e.g. CXX=aarch64-linux-gnu-g++ to check NEON)
//   CXX=...                                          compiler (default g++)
//
// Both variants give the same bytes (src/simd.h): -ffp-contract=off is what makes that so (no
// fused multiply-add the source did not ask for), so it is not optional. Next to the binary,
// cpu.json records the variant, the CPU flags it was compiled for and its kernels; the loader
// (src/analysis/linalg/native.ts) skips a native build on a CPU that lacks those flags.
//
// Node-API needs only the node headers at compile time, so when they sit next to the running node
// (e.g. /usr/include/node) we call the C++ compiler directly: no node-gyp, no network. Otherwise we
// fall back to `node-gyp rebuild` with binding.gyp (native variant only). Failure is not fatal for
// the library (it uses the JS kernels); the exit code says whether the addon was built.
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const here = __dirname;
const portable = process.env.RNN_ATLAS_PORTABLE === "1";
const compileOnly = process.argv.includes("--compile-only");
const variant = portable ? "portable" : "native";
const outDir = path.join(here, "build", portable ? "Portable" : "Release");
const out = path.join(outDir, "rnn_atlas_linalg.node");
const cpuFile = path.join(outDir, "cpu.json");
const cxx = process.env.CXX || "g++";
const sources = ["addon.cc", "eig.cc", "gemm.cc", "fixedpoints.cc"];

// Flags shared by every variant. -ffp-contract=off: identical results across ISAs (see simd.h);
// -fno-math-errno: lets √ vectorise (errno is never read), results unchanged.
const common = ["-O3", "-std=c++17", "-fPIC", "-pthread", "-ffp-contract=off", "-fno-math-errno", "-Wno-psabi"];
const flagsFor = (v) => [...common, ...(v === "portable" ? ["-DRNN_ATLAS_PORTABLE"] : ["-march=native"])];
const archFlags = flagsFor(variant).slice(common.length);

function cpuFlags() {
  try {
    const line = fs.readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => /^(flags|Features)\s*:/.test(l));
    const all = new Set((line || "").split(":")[1]?.trim().split(/\s+/) || []);
    return ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "asimd"].filter((f) => all.has(f));
  } catch {
    return [];
  }
}

function headerDirs() {
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  const dirs = [path.join(prefix, "include", "node")];
  if (process.env.npm_config_nodedir) dirs.push(path.join(process.env.npm_config_nodedir, "include", "node"));
  return dirs.filter((d) => fs.existsSync(path.join(d, "node_api.h")));
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: "inherit" });
    p.on("error", (e) => {
      console.error(`${cmd}: ${e.message}`);
      resolve(false);
    });
    p.on("close", (code) => resolve(code === 0));
  });
}

// Compiles the sources in parallel (one per core) into objects under tmp; true when all compiled.
async function compileAll(include, tmp) {
  const flags = [...common, ...archFlags, "-DNODE_GYP_MODULE_NAME=rnn_atlas_linalg", "-DBUILDING_NODE_EXTENSION", `-I${include}`];
  const jobs = Math.max(1, Math.min(sources.length, os.availableParallelism ? os.availableParallelism() : os.cpus().length));
  const queue = [...sources];
  let ok = true;
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
        if (!(await run(cxx, [...flags, "-c", path.join(here, "src", s), "-o", path.join(tmp, `${s}.o`)]))) ok = false;
      }
    }),
  );
  return ok;
}

async function direct(include) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-linalg-"));
  try {
    if (!(await compileAll(include, tmp))) return false;
    if (compileOnly) return true;
    fs.mkdirSync(outDir, { recursive: true });
    const tmpOut = `${out}.${process.pid}.tmp`;
    const objs = sources.map((s) => path.join(tmp, `${s}.o`));
    if (!(await run(cxx, [...common, ...archFlags, "-shared", ...objs, "-o", tmpOut]))) {
      try { fs.unlinkSync(tmpOut); } catch {}
      return false;
    }
    fs.renameSync(tmpOut, out); // atomic: a half-written addon is never loaded
    return true;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
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

// What the binary depends on: sources, this script, the shared code table, compiler, flags, node ABI.
function stampOf() {
  const files = ["binding.gyp", "build.js", ...fs.readdirSync(path.join(here, "src")).map((f) => path.join("src", f)), path.join("..", "common", "arch_codes.h")];
  const newest = Math.max(...files.map((f) => fs.statSync(path.join(here, f)).mtimeMs));
  return { variant, modules: process.versions.modules, cxx, flags: [...common, ...archFlags], cpu: cpuFlags(), arch: process.arch, sources: newest };
}

function upToDate(stamp) {
  try {
    const built = fs.statSync(out).mtimeMs;
    const rec = JSON.parse(fs.readFileSync(cpuFile, "utf8"));
    return built > stamp.sources && JSON.stringify(rec.stamp) === JSON.stringify(stamp);
  } catch {
    return false;
  }
}

async function main() {
  const stamp = stampOf();
  if (!compileOnly && upToDate(stamp)) {
    console.log(`linalg addon (${variant}) up to date: ${out}`);
    return 0;
  }
  const inc = headerDirs();
  let ok = false;
  if (inc.length > 0) ok = await direct(inc[0]);
  if (compileOnly) {
    console.log(ok ? `linalg addon sources compile with ${cxx} (${variant})` : `linalg addon does not compile with ${cxx}`);
    return ok ? 0 : 1;
  }
  if (!ok && !portable) {
    ok = nodeGyp();
    if (ok) {
      fs.mkdirSync(outDir, { recursive: true });
    }
  }
  if (!ok) {
    console.error(`linalg addon (${variant}) not built; rnn-atlas will use its JS eigen-solver and search (slower, same results to rounding).`);
    return 1;
  }
  // Smoke test: a 2×2 rotation has eigenvalues ±i.
  const m = require(out);
  const re = new Float64Array(2), im = new Float64Array(2);
  m.eigBatch(new Float64Array([0, -1, 1, 0]), 2, 1, re, im, null, 1);
  if (Math.abs(Math.abs(im[0]) - 1) > 1e-12 || Math.abs(re[0]) > 1e-12) {
    console.error(`linalg addon built but gives wrong eigenvalues (${re}, ${im}); removing it.`);
    fs.unlinkSync(out);
    return 1;
  }
  const info = typeof m.buildInfo === "function" ? m.buildInfo() : {};
  // `flags`: the CPU features the binary may use (none for the portable build).
  const rec = { variant, flags: portable ? [] : stamp.cpu, arch: process.arch, ...info, stamp };
  fs.writeFileSync(`${cpuFile}.${process.pid}.tmp`, JSON.stringify(rec) + "\n");
  fs.renameSync(`${cpuFile}.${process.pid}.tmp`, cpuFile);
  console.log(`linalg addon (${variant}, ${info.isa ?? "?"} kernels, GEMM tile ${info.gemmTile ?? "?"}): ${out}`);
  return 0;
}

// The compiler flags of a variant and the kernel sources, for tools that compile the kernels
// themselves (test/determinism builds native/linalg/test/replay.cc with them).
module.exports = { flagsFor, kernelSources: sources.filter((s) => s !== "addon.cc").map((s) => path.join(here, "src", s)) };

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
