// Another instruction set, byte for byte: the kernels are compiled for aarch64 (NEON vectors of 2,
// a 6×8 GEMM tile) with the cross compiler and run under qemu-user through
// native/linalg/test/replay.cc, on the same recorded inputs as the addon loaded here; the outputs
// must be the same bytes. A host build of the replay tool is checked first, so a mismatch means
// the ISA and not the harness. Needs g++-aarch64-linux-gnu and qemu-user (Debian packages); the
// aarch64 part is skipped, saying so, without them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { OPTIMISER_DEFAULTS, stripUndefined } from "../../src/analysis/fixedPoints/optimise";
import { fusedCall } from "../../src/analysis/fixedPoints/fusedOptimise";
import { optimiseStates } from "../../src/analysis/fixedPoints";
import type { NativeLinalg } from "../../src/analysis/linalg/native";
import { buildCases, goldenCases, nativeSearchUnavailable, requireAddon, searchProblem, seededMatrices } from "./fixedPointsProbe";

const root = path.resolve(__dirname, "..", "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { flagsFor, kernelSources } = require(path.join(root, "native", "linalg", "build.js")) as {
  flagsFor: (variant: "native" | "portable") => string[];
  kernelSources: string[];
};

/** Little-endian job file and the addon's own outputs for the same jobs (replay.cc's format). */
class Jobs {
  private readonly input: Buffer[] = [];
  private readonly expected: Buffer[] = [];
  readonly names: string[] = [];
  /** Byte offset of each job's output in the expected stream. */
  readonly offsets: number[] = [];
  private outBytes = 0;

  private static i32(...v: number[]): Buffer {
    return Buffer.from(Int32Array.from(v).buffer);
  }
  private static bytes(a: Float64Array | Int32Array | Uint8Array): Buffer {
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  }
  private add(name: string, input: Buffer[], output: Buffer[]): void {
    this.names.push(name);
    this.offsets.push(this.outBytes);
    this.input.push(...input);
    this.expected.push(...output);
    for (const b of output) this.outBytes += b.length;
  }

  search(name: string, c: ReturnType<typeof searchProblem> & { K: number; options: object }): void {
    const o = { ...OPTIMISER_DEFAULTS, ...stripUndefined(c.options) };
    const call = fusedCall(c.dyn, c.K, c.x0.length, c.drive.length, o);
    assert.ok(call, `${name}: no fused form`);
    const r = optimiseStates(c.dyn, c.x0, c.drive, c.K, c.options);
    this.add(
      name,
      [
        Jobs.i32(1, call.arch, call.phi, call.N, call.S, call.D, c.K),
        Jobs.bytes(call.opts),
        Jobs.bytes(call.Whh),
        Jobs.i32(call.bhhn ? 1 : 0),
        ...(call.bhhn ? [Jobs.bytes(call.bhhn)] : []),
        Jobs.bytes(c.x0),
        Jobs.bytes(c.drive),
      ],
      [Jobs.bytes(r.x), Jobs.bytes(r.q), Jobs.bytes(r.iterations), Jobs.bytes(r.converged), Jobs.i32(r.itersRun), Jobs.bytes(Float64Array.of(r.finalLr))],
    );
  }

  eig(mod: NativeLinalg, n: number, count: number, vectors: boolean): void {
    const mats = seededMatrices(n * 7 + count, n * n * count);
    const re = new Float64Array(n * count), im = new Float64Array(n * count);
    const z = vectors ? new Float64Array(n * n * count) : null;
    mod.eigBatch(mats, n, count, re, im, z, 1);
    this.add(`eig n=${n} ×${count}${vectors ? " vectors" : ""}`, [Jobs.i32(2, n, count, vectors ? 1 : 0), Jobs.bytes(mats)], [Jobs.bytes(re), Jobs.bytes(im), ...(z ? [Jobs.bytes(z)] : [])]);
  }

  gemm(mod: NativeLinalg, m: number, k: number, n: number, acc: boolean): void {
    const a = seededMatrices(m + 3 * k, m * k), b = seededMatrices(n + 5 * k, k * n), c0 = seededMatrices(m + n, m * n);
    const c = c0.slice();
    mod.gemm!(a, b, c, m, k, n, acc, 1);
    this.add(`gemm ${m}×${k}×${n}${acc ? " acc" : ""}`, [Jobs.i32(3, m, k, n, acc ? 1 : 0, 2), Jobs.bytes(a), Jobs.bytes(b), Jobs.bytes(c0)], [Jobs.bytes(c)]);
  }

  invert(mod: NativeLinalg, n: number, count: number): void {
    const mats = seededMatrices(n * 11 + count, n * n * count);
    const inv = new Float64Array(n * n * count), ok = new Uint8Array(count);
    mod.invertBatch!(mats, n, count, inv, ok, 1);
    this.add(`invert n=${n} ×${count}`, [Jobs.i32(4, n, count), Jobs.bytes(mats)], [Jobs.bytes(inv), Jobs.bytes(ok)]);
  }

  write(file: string): Buffer {
    fs.writeFileSync(file, Buffer.concat(this.input));
    return Buffer.concat(this.expected);
  }

  /** Names of the jobs whose output bytes differ. */
  differing(expected: Buffer, got: Buffer): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.names.length; i++) {
      const a = this.offsets[i]!, b = i + 1 < this.names.length ? this.offsets[i + 1]! : expected.length;
      if (got.length < b || !expected.subarray(a, b).equals(got.subarray(a, b))) out.push(this.names[i]!);
    }
    return out;
  }
}

function has(cmd: string): boolean {
  return spawnSync(cmd, ["--version"], { stdio: "ignore" }).status === 0;
}

function compile(cxx: string, flags: string[], out: string): void {
  const r = spawnSync(cxx, [...flags, path.join(root, "native", "linalg", "test", "replay.cc"), ...kernelSources, "-o", out], {
    encoding: "utf8",
    timeout: 10 * 60 * 1000,
  });
  assert.equal(r.status, 0, `${cxx} failed to build the replay tool:\n${r.stderr}`);
}

function replay(cmd: string[], jobsFile: string, outFile: string): { stdout: string; out: Buffer } {
  const r = spawnSync(cmd[0]!, [...cmd.slice(1), jobsFile, outFile], { encoding: "utf8", timeout: 15 * 60 * 1000 });
  assert.equal(r.status, 0, `${cmd.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return { stdout: r.stdout, out: fs.readFileSync(outFile) };
}

const cross = "aarch64-linux-gnu-g++";
const qemu = "qemu-aarch64";

test("aarch64 / NEON kernels (qemu-user) give the same bytes as this machine's addon", { skip: nativeSearchUnavailable() ?? false, timeout: 30 * 60 * 1000 }, (t) => {
  const mod = requireAddon();
  const jobs = new Jobs();
  const cases = [...goldenCases(), ...buildCases().filter((c) => c.N < 100)];
  for (const c of cases) jobs.search(c.name, { ...searchProblem(c), K: c.K, options: c.options });
  for (const [n, count] of [[1, 3], [2, 5], [7, 6], [13, 4], [37, 3], [100, 2]] as Array<[number, number]>) {
    jobs.eig(mod, n, count, false);
    jobs.eig(mod, n, count, true);
  }
  for (const [m, k, n] of [[1, 1, 1], [7, 13, 5], [13, 7, 100], [37, 100, 101], [100, 100, 100], [130, 33, 47]] as Array<[number, number, number]>) {
    jobs.gemm(mod, m, k, n, false);
    jobs.gemm(mod, m, k, n, true);
  }
  for (const [n, count] of [[7, 5], [13, 4], [100, 3]] as Array<[number, number]>) jobs.invert(mod, n, count);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-replay-"));
  try {
    const jobsFile = path.join(dir, "jobs.bin");
    const expected = jobs.write(jobsFile);

    // The harness itself: this machine's kernels through replay.cc must reproduce the addon.
    const host = path.join(dir, "replay-host");
    compile(process.env.CXX || "g++", flagsFor("native"), host);
    const h = replay([host], jobsFile, path.join(dir, "host.out"));
    assert.deepEqual(jobs.differing(expected, h.out), [], `replay harness (${h.stdout.trim()}) differs from the addon`);

    if (!has(cross) || !has(qemu)) {
      t.skip(`not checked: needs ${cross} and ${qemu} (apt-get install g++-aarch64-linux-gnu qemu-user)`);
      return;
    }
    const arm = path.join(dir, "replay-aarch64");
    // No -march: the aarch64 baseline has NEON (simd.h picks the NEON kernels). Static, so qemu
    // needs no aarch64 libraries.
    compile(cross, [...flagsFor("portable"), "-static"], arm);
    const a = replay([qemu, arm], jobsFile, path.join(dir, "aarch64.out"));
    assert.match(a.stdout, /neon kernels/, `the aarch64 build did not use the NEON kernels: ${a.stdout}`);
    assert.deepEqual(jobs.differing(expected, a.out), [], `aarch64 (${a.stdout.trim()}) differs from this machine's addon`);
    assert.equal(a.out.length, expected.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
