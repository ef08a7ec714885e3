#!/usr/bin/env node
// Builds the native kernel addon (npm run build:native). Never fails set-up: without a C++ compiler,
// Python or Node headers it prints a warning and exits 0, and rnn-atlas uses the pure-JS kernel.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const here = __dirname;
const warn = (msg) => {
  process.stderr.write(`rnn-atlas build:native: WARNING: ${msg}\n  (the pure-JS kernel will be used; training is slower)\n`);
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
if (!has(cxx) && !has("g++") && !has("clang++")) warn("no C++ compiler found (install g++ or clang++)");
if (!has("python3") && !has("python")) warn("node-gyp needs Python 3, which was not found");
const gyp = findNodeGyp();
if (!gyp) warn("node-gyp not found (it ships with npm)");

const rel = path.join(here, "build", "Release");
const target = path.join(rel, "rnn_atlas_native.node");
const cpuFile = path.join(rel, "cpu.json");

// Several set-ups may run at once (parallel test runs): one build at a time, via an atomic mkdir lock.
const os = require("node:os");
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

// Up to date: binary newer than every source and built for this CPU.
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
if (process.env.RNN_ATLAS_FORCE_NATIVE !== "1" && fs.existsSync(target) && fs.existsSync(cpuFile)) {
  const srcTime = Math.max(newest(path.join(here, "src")), fs.statSync(path.join(here, "binding.gyp")).mtimeMs, fs.statSync(__filename).mtimeMs);
  let same = false;
  try { same = JSON.stringify(JSON.parse(fs.readFileSync(cpuFile, "utf8")).flags) === JSON.stringify(cpuFlags); } catch { /* rebuild */ }
  if (same && fs.statSync(target).mtimeMs > srcTime) {
    process.stdout.write(`rnn-atlas build:native: up to date (${target})\n`);
    process.exit(0);
  }
}

const args = [gyp, "rebuild"];
// Use the Node headers installed next to this node binary (no download) unless a nodedir is configured.
const prefix = path.dirname(path.dirname(process.execPath));
if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, "include", "node", "node_api.h"))) {
  args.push(`--nodedir=${prefix}`);
}
const r = spawnSync(process.execPath, args, { cwd: here, encoding: "utf8" });
if (r.status !== 0) {
  const out = `${r.stdout || ""}${r.stderr || ""}`.split("\n").filter((l) => !l.startsWith("gyp info")).slice(-25).join("\n");
  warn(`node-gyp failed (exit ${r.status}):\n${out}`);
}
// Record the CPU features the binary was compiled for (-march=native): the loader refuses to load
// it on a CPU that lacks them instead of crashing with an illegal instruction.
fs.writeFileSync(cpuFile + ".tmp", JSON.stringify({ flags: cpuFlags, arch: process.arch }) + "\n");
fs.renameSync(cpuFile + ".tmp", cpuFile);
process.stdout.write(`rnn-atlas build:native: built ${target}\n`);
