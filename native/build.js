#!/usr/bin/env node
// Builds the native training-kernel addon (npm run build:native). Never fails set-up: without a C++
// compiler, Python or Node headers it prints a warning and exits 0, and rnn-atlas uses the pure-JS kernel.
//
//   node native/build.js                      -march=native build → native/build/Release/rnn_atlas_native.node
//   RNN_ATLAS_PORTABLE=1 node native/build.js baseline build (x86-64 / generic ARM64, no -march=native)
//                                             → native/build/Portable/rnn_atlas_native.node
//   RNN_ATLAS_FORCE_NATIVE=1                  rebuild even when up to date
//   CXX=...                                   compiler for the direct build (default c++)
//
// Both variants give the same bits (see native/src/simd.h); the portable one runs on any CPU of the
// architecture and is slower. Flags and sources come from binding.gyp, so the direct compiler call
// (used when the Node headers sit next to this node: no node-gyp, no network) and the node-gyp
// fallback build the same thing.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const here = __dirname;
const portable = process.env.RNN_ATLAS_PORTABLE === "1";
const variant = portable ? "Portable" : "Release";
const warn = (msg) => {
  process.stderr.write(`rnn-atlas build:native (${variant}): WARNING: ${msg}\n  (the pure-JS kernel will be used; training is slower)\n`);
  process.exit(0);
};

function has(cmd, args = ["--version"]) {
  const r = spawnSync(cmd, args, { stdio: "ignore" });
  return r.status === 0;
}

function findNodeGyp() {
  const c = [];
  if (process.env.npm_config_node_gyp) c.push(process.env.npm_config_node_gyp);
  if (process.env.npm_execpath) c.push(path.join(path.dirname(process.env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  const prefix = path.dirname(path.dirname(process.execPath));
  c.push(path.join(prefix, "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  try { c.push(require.resolve("node-gyp/bin/node-gyp.js")); } catch { /* not installed locally */ }
  return c.find((p) => p && fs.existsSync(p));
}

if (process.env.RNN_ATLAS_SKIP_NATIVE === "1") warn("skipped (RNN_ATLAS_SKIP_NATIVE=1)");
const cxx = process.env.CXX || "c++";
const haveCxx = has(cxx) || has("g++") || has("clang++");
if (!haveCxx) warn("no C++ compiler found (install g++ or clang++)");

const outDir = path.join(here, "build", variant);
const target = path.join(outDir, "rnn_atlas_native.node");
const cpuFile = path.join(outDir, "cpu.json");

// Several set-ups may run at once (parallel test runs): one build at a time, via an atomic mkdir lock.
const lock = path.join(os.tmpdir(), `rnn-atlas-native-${Buffer.from(here).toString("hex").slice(-40)}.lock`);
const t0 = Date.now();
for (;;) {
  try {
    fs.mkdirSync(lock);
    break;
  } catch {
    let age = 0;
    try { age = Date.now() - fs.statSync(lock).mtimeMs; } catch { continue; }
    if (age > 10 * 60 * 1000) { fs.rmSync(lock, { recursive: true, force: true }); continue; }
    if (Date.now() - t0 > 10 * 60 * 1000) warn(`timed out waiting for ${lock}`);
    spawnSync(process.execPath, ["-e", "setTimeout(()=>{},250)"]);
  }
}
process.on("exit", () => fs.rmSync(lock, { recursive: true, force: true }));

// Up to date: binary newer than every source, built by this node (ABI) for this CPU.
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const cpuFlags = (() => {
  try {
    const line = fs.readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("flags"));
    const all = new Set((line || "").split(":")[1]?.trim().split(/\s+/) || []);
    return ["avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"].filter((f) => all.has(f));
  } catch {
    return [];
  }
})();
// What the binary needs from the CPU: -march=native needs this CPU's features; the portable build
// needs only the architecture's baseline.
const cpuRecord = { flags: portable ? [] : cpuFlags, arch: process.arch, portable, modules: process.versions.modules };
if (process.env.RNN_ATLAS_FORCE_NATIVE !== "1" && fs.existsSync(target) && fs.existsSync(cpuFile)) {
  const srcTime = Math.max(newest(path.join(here, "src")), newest(path.join(here, "common")),
    fs.statSync(path.join(here, "binding.gyp")).mtimeMs, fs.statSync(__filename).mtimeMs);
  let same = false;
  try { same = JSON.stringify(JSON.parse(fs.readFileSync(cpuFile, "utf8"))) === JSON.stringify(cpuRecord); } catch { /* rebuild */ }
  if (same && fs.statSync(target).mtimeMs > srcTime) {
    process.stdout.write(`rnn-atlas build:native: up to date (${target})\n`);
    process.exit(0);
  }
}

// The one description of the build: binding.gyp (target 0, its portable/native condition).
const gyp = JSON.parse(fs.readFileSync(path.join(here, "binding.gyp"), "utf8"));
const tgt = gyp.targets[0];
const cond = tgt.conditions[0];
const variantPart = portable ? cond[1] : cond[2];
const cflags = [...tgt.cflags_cc, ...(variantPart.cflags_cc || []), ...(variantPart.defines || []).map((d) => `-D${d}`)];
const sources = tgt.sources.map((s) => path.join(here, s));

function headerDir() {
  const prefix = path.dirname(path.dirname(process.execPath));
  const dirs = [path.join(prefix, "include", "node")];
  if (process.env.npm_config_nodedir) dirs.unshift(path.join(process.env.npm_config_nodedir, "include", "node"));
  return dirs.find((d) => fs.existsSync(path.join(d, "node_api.h")));
}

// Direct compiler call into a temp file, renamed into place (a half-written addon is never loaded).
function direct(include) {
  const compiler = has(cxx) ? cxx : has("g++") ? "g++" : "clang++";
  const tmp = `${target}.${process.pid}.tmp`;
  const args = [...cflags, "-fPIC", "-shared", "-pthread", `-DNODE_GYP_MODULE_NAME=${tgt.target_name}`,
    "-DBUILDING_NODE_EXTENSION", `-I${include}`, ...sources, "-o", tmp];
  const r = spawnSync(compiler, args, { encoding: "utf8" });
  if (r.status !== 0) {
    try { fs.unlinkSync(tmp); } catch { /* not written */ }
    return `${compiler} failed (exit ${r.status}):\n${`${r.stdout || ""}${r.stderr || ""}`.split("\n").slice(-25).join("\n")}`;
  }
  fs.renameSync(tmp, target);
  return "";
}

// node-gyp in a staging folder (so a rebuild never wipes the other variant), then copied into place.
function viaNodeGyp() {
  if (!has("python3") && !has("python")) return "node-gyp needs Python 3, which was not found";
  const gypJs = findNodeGyp();
  if (!gypJs) return "node-gyp not found (it ships with npm)";
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-native-gyp-"));
  try {
    const staged = JSON.parse(JSON.stringify(gyp));
    staged.targets[0].sources = sources;
    staged.variables["rnn_atlas_portable%"] = portable ? "1" : "0";
    fs.writeFileSync(path.join(stage, "binding.gyp"), JSON.stringify(staged, null, 2));
    const args = [gypJs, "rebuild"];
    // Use the Node headers installed next to this node binary (no download) unless a nodedir is configured.
    const prefix = path.dirname(path.dirname(process.execPath));
    if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, "include", "node", "node_api.h"))) {
      args.push(`--nodedir=${prefix}`);
    }
    const r = spawnSync(process.execPath, args, { cwd: stage, encoding: "utf8" });
    if (r.status !== 0) {
      const out = `${r.stdout || ""}${r.stderr || ""}`.split("\n").filter((l) => !l.startsWith("gyp info")).slice(-25).join("\n");
      return `node-gyp failed (exit ${r.status}):\n${out}`;
    }
    const tmp = `${target}.${process.pid}.tmp`;
    fs.copyFileSync(path.join(stage, "build", "Release", `${tgt.target_name}.node`), tmp);
    fs.renameSync(tmp, target);
    return "";
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

fs.mkdirSync(outDir, { recursive: true });
const inc = headerDir();
let err = inc ? direct(inc) : "no Node headers next to this node";
if (err) {
  const viaGyp = viaNodeGyp();
  if (viaGyp) warn(`${err}\n${viaGyp}`);
}
// Record what the binary needs: the loader refuses to load it on a CPU that lacks these features
// instead of crashing with an illegal instruction.
fs.writeFileSync(cpuFile + ".tmp", JSON.stringify(cpuRecord) + "\n");
fs.renameSync(cpuFile + ".tmp", cpuFile);
process.stdout.write(`rnn-atlas build:native: built ${target}\n`);
