/**
 * The native training kernel gives the same bytes whatever it was compiled for.
 *
 * - The portable addon (RNN_ATLAS_PORTABLE=1: no -march=native, 4 lanes, software fma on x86-64) is built
 *   next to the -march=native one and both are compared byte for byte: loss and gradients, every
 *   architecture, odd sizes, batches that are not a multiple of the chunk, M = 1 and 5, plus forward
 *   outputs and states, plus 200 training updates.
 * - The standalone probe (native/src/selftest.cpp) is compiled for this CPU, for the baseline ISA, and
 *   with the AVX-512 layout and register tiles emulated (16 lanes, RNN_SIMD_EMULATE_VW=16), and, when
 *   g++-aarch64-linux-gnu and qemu-user are installed, for ARM64/NEON and run under qemu; all must write
 *   the same bytes.
 * Skipped only with RNN_ATLAS_NO_NATIVE=1 (nothing native to compare); a missing build is a failure.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeNativeKernel } from "../../src/kernels/native";
import { archVariants, firstDifference, goldenRun, GOLDEN_SPECS, request, SHAPES } from "./kernelDigest";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const RELEASE = path.join(ROOT, "native", "build", "Release", "rnn_atlas_native.node");
const PORTABLE = path.join(ROOT, "native", "build", "Portable", "rnn_atlas_native.node");
const skip = process.env.RNN_ATLAS_NO_NATIVE === "1" ? "RNN_ATLAS_NO_NATIVE=1: no native build to compare" : false;

function has(cmd: string, args = ["--version"]): boolean {
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}

test("portable build = -march=native build, byte for byte (loss, gradients, outputs, states, training)", { skip, timeout: 10 * 60 * 1000 }, async () => {
  for (const [env, file] of [[{}, RELEASE], [{ RNN_ATLAS_PORTABLE: "1" }, PORTABLE]] as const) {
    const r = spawnSync(process.execPath, [path.join(ROOT, "native", "build.js")], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
    assert.equal(r.status, 0, `native/build.js ${JSON.stringify(env)}: ${r.stderr}`);
    assert.ok(fs.existsSync(file), `native/build.js ${JSON.stringify(env)} did not produce ${file}:\n${r.stderr}`);
  }
  const native = makeNativeKernel(2, RELEASE);
  const portable = makeNativeKernel(3, PORTABLE);
  let checked = 0;
  for (const s of SHAPES) {
    for (const v of archVariants(s.N)) {
      for (const M of [1, 5]) {
        const req = request(v, M, s, 31 + s.N + M);
        const what = `${v.label} N=${s.N} B=${s.B} T=${s.T} M=${M}`;
        const diff = firstDifference(native.lossAndGrad(req), portable.lossAndGrad(req));
        assert.equal(diff, "", `${what}: ${diff}`);
        const fa = native.forward(req, { keepStates: true });
        const fb = portable.forward(req, { keepStates: true });
        assert.ok(Buffer.from(fa.outputs.buffer).equals(Buffer.from(fb.outputs.buffer)), `${what}: outputs differ`);
        assert.ok(Buffer.from(fa.states!.buffer).equals(Buffer.from(fb.states!.buffer)), `${what}: states differ`);
        checked++;
      }
    }
  }
  assert.equal(checked, SHAPES.length * 9 * 2);
  for (const g of GOLDEN_SPECS.filter((x) => x.label === "gru" || x.label === "vanilla relu" || x.label === "ugrnn")) {
    const a = await goldenRun(g.spec, native);
    const b = await goldenRun(g.spec, portable);
    assert.equal(b.digest, a.digest, `${g.label}: 200 training updates give different weights`);
  }
});

function probeDigest(exe: string, runner?: string): string {
  const r = runner ? spawnSync(runner, [exe], { maxBuffer: 1 << 28, timeout: 10 * 60 * 1000 }) : spawnSync(exe, [], { maxBuffer: 1 << 28, timeout: 10 * 60 * 1000 });
  assert.equal(r.status, 0, `${runner ?? ""} ${exe} exited ${r.status}: ${r.stderr?.toString()}`);
  assert.match(r.stderr.toString(), /72 problems, 0 thread-count differences/);
  assert.ok(r.stdout.length > 100000, "probe wrote its results");
  return createHash("sha256").update(r.stdout).digest("hex");
}

const SRC = path.join(ROOT, "native", "src");
const PROBE_FLAGS = ["-O3", "-ffp-contract=off", "-fno-math-errno", "-std=gnu++17", "-pthread", "-Wno-psabi",
  path.join(SRC, "selftest.cpp"), path.join(SRC, "rnn.cpp")];

function compile(cxx: string, extra: string[], out: string): void {
  const r = spawnSync(cxx, [...extra, ...PROBE_FLAGS, "-o", out], { encoding: "utf8" });
  assert.equal(r.status, 0, `${cxx} ${extra.join(" ")}: ${r.stderr}`);
}

const cxx = process.env.CXX || "c++";
const x86 = process.arch === "x64";

test("probe: this CPU's build = baseline build = emulated AVX-512 layout and tiles, byte for byte", { skip: skip || (!has(cxx) && `no C++ compiler (${cxx})`), timeout: 10 * 60 * 1000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-probe-"));
  try {
    compile(cxx, ["-march=native"], path.join(dir, "native"));
    compile(cxx, [], path.join(dir, "baseline"));
    compile(cxx, ["-DRNN_SIMD_EMULATE_VW=16"], path.join(dir, "vw16"));
    const ref = probeDigest(path.join(dir, "native"));
    assert.equal(probeDigest(path.join(dir, "baseline")), ref, "baseline-ISA build differs from the -march=native build");
    assert.equal(probeDigest(path.join(dir, "vw16")), ref, "16-lane layout (AVX-512 tiles) differs from the -march=native build");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const armTools = x86 && has("aarch64-linux-gnu-g++") && has("qemu-aarch64", ["--version"]);
test("probe: ARM64/NEON build (cross-compiled, run under qemu) = this CPU's build, byte for byte", {
  skip: skip || (!armTools && "needs an x86-64 host with g++-aarch64-linux-gnu and qemu-user (apt) — not checked here"),
  timeout: 10 * 60 * 1000,
}, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-probe-"));
  try {
    compile(cxx, ["-march=native"], path.join(dir, "native"));
    compile("aarch64-linux-gnu-g++", ["-static"], path.join(dir, "arm64"));
    assert.equal(probeDigest(path.join(dir, "arm64"), "qemu-aarch64"), probeDigest(path.join(dir, "native")));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
