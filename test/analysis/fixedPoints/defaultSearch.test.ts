/**
 * The default search (issue 13): with only a network and an input it finds every point a careful
 * expert search finds. Known answers: FixedPointFinder's own flip-flop example (8 stable, 12 index-1
 * saddles, 7 higher-index points, as the authors' finder reports on that network); a linear network
 * (one point, in closed form); a cube of attractors that the task's trajectories never visit; a line
 * attractor.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Model, Trials } from "../../../src/core/types";
import { searchFixedPoints } from "../../../src/analysis/fixedPoints";
import { readNpz } from "../../../src/io";
import { positiveTanhRoot } from "./helpers";

const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const FPF = path.join(ROOT, "test", "fixtures", "fpf-flipflop");

function fullModel(W: number[], b: number[], N: number, I: number, arch: "vanilla" | "linear" = "vanilla"): Model {
  const eye = (r: number, c: number) => Float32Array.from({ length: r * c }, (_, k) => (Math.floor(k / c) === k % c ? 1 : 0));
  return {
    spec: { arch, inputSize: I, hiddenSize: N, outputSize: N, ...(arch === "linear" ? { nonlinearity: "identity" as const } : {}) },
    params: {
      weight_ih_l0: eye(N, I),
      weight_hh_l0: Float32Array.from(W),
      bias_ih_l0: new Float32Array(N),
      bias_hh_l0: Float32Array.from(b),
      "readout.weight": eye(N, N),
      "readout.bias": new Float32Array(N),
    },
  };
}

interface CliPoint { state: number[]; stable: boolean; unstableModes: number; slow: boolean; eigenvalues: Array<{ re: number; im: number }> }

function cliSearch(...extra: string[]): { points: CliPoint[]; report: Array<{ source: string; states: number }>; initialStates: number } {
  const r = spawnSync(process.execPath, [CLI, "fixed-points", path.join(FPF, "net.npz"), "--input", "0,0,0", "--json", ...extra], { encoding: "utf8", cwd: ROOT, timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

for (const [label, extra] of [["no task (a weight file and an input only)", []], ["with --task flipflop3", ["--task", "flipflop3"]]] as const) {
  test(`FixedPointFinder's flip-flop example, CLI defaults, ${label}: all 8 stable points and 12 index-1 saddles of the authors' finder`, () => {
    const ref = readNpz(path.join(FPF, "reference.npz")) as unknown as Record<string, { data: ArrayLike<number>; shape: number[] }>;
    const S = 16;
    const K = ref.xstar!.shape[0]!;
    const stable = Array.from(ref.is_stable!.data as ArrayLike<number>, Boolean);
    const { points } = cliSearch(...extra);
    let matched = 0;
    for (let k = 0; k < K; k++) {
      const x = Array.from({ length: S }, (_, i) => Number(ref.xstar!.data[k * S + i]));
      let best = Infinity;
      let at: CliPoint | undefined;
      for (const p of points) {
        const d = Math.max(...p.state.map((v, i) => Math.abs(v - x[i]!)));
        if (d < best) {
          best = d;
          at = p;
        }
      }
      // 1e-4: the reference is float32 torch arithmetic with q down to ~1e-15; the points are isolated
      // (nearest pair of reference points is > 0.1 apart), so a match within 1e-4 is the same point.
      assert.ok(best < 1e-4, `reference point ${k} (${stable[k] ? "stable" : "unstable"}) not found: nearest ${best.toExponential(2)}`);
      assert.equal(at!.stable, stable[k], `reference point ${k}: stability`);
      matched++;
    }
    assert.equal(matched, K);
    const kinds = (f: (p: CliPoint) => boolean) => points.filter((p) => !p.slow && f(p)).length;
    assert.equal(kinds((p) => p.stable), 8);
    assert.equal(kinds((p) => p.unstableModes === 1), 12);
  });
}

test("a linear network: the one fixed point, in closed form", () => {
  // x' = W x + b with W = [[0.5, 0.2], [-0.1, 0.3]] (spectral radius < 1): x* = (I − W)⁻¹ b.
  const W = [0.5, 0.2, -0.1, 0.3];
  const b = [0.4, -0.2];
  const r = searchFixedPoints(fullModel(W, b, 2, 1, "linear"), { input: [0] });
  // I − W = [[0.5, −0.2], [0.1, 0.7]], det 0.37, inverse [[0.7, 0.2], [−0.1, 0.5]] / 0.37.
  const det = 0.5 * 0.7 + 0.2 * 0.1;
  const want = [(0.7 * 0.4 + 0.2 * -0.2) / det, (-0.1 * 0.4 + 0.5 * -0.2) / det];
  assert.equal(r.points.count, 1, "one point");
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(r.points.xstar[i]! - want[i]!) < 1e-6, `x*[${i}] = ${r.points.xstar[i]} vs ${want[i]}`);
  assert.equal(r.unconverged, 0);
});

test("attractors the task never visits: a cube of 8 memories whose task trajectories stay in one corner", () => {
  const a = 2;
  const model = fullModel([a, 0, 0, 0, a, 0, 0, 0, a], [0, 0, 0], 3, 3);
  // A "task" whose validation trials hold the input at +1 on every unit: its trajectories sit in one corner.
  const T = 30;
  const trials = { batch: 4, time: T, inputSize: 3, outputSize: 3, inputs: new Float32Array(4 * T * 3).fill(1) } as unknown as Trials;
  const task = { name: "one-corner", inputSize: 3, validation: () => trials };
  const r = searchFixedPoints(model, { input: [0, 0, 0], task: task as never });
  const n = r.points.nUnstable;
  const count = (m: number) => Array.from(n).filter((v, k) => v === m && r.points.isFixed[k]).length;
  // x = tanh(2x) per unit: 0 or ±x₊, so 27 points: 8 stable corners, 12 one-zero (index 1), 6 two-zero, 1 centre.
  assert.deepEqual([count(0), count(1), count(2), count(3)], [8, 12, 6, 1]);
  const xp = positiveTanhRoot(a) / a; // x = tanh(a·x) ⇔ y = a·tanh(y) with y = a·x
  for (let k = 0; k < r.points.count; k++) {
    for (let i = 0; i < 3; i++) {
      const v = Math.abs(r.points.xstar[k * 3 + i]!);
      assert.ok(v < 1e-6 || Math.abs(v - xp) < 1e-6, `point ${k} unit ${i} = ${r.points.xstar[k * 3 + i]}`);
    }
  }
  const fromTask = r.report.find((s) => s.source.startsWith("one-corner trajectories"))!;
  assert.ok(fromTask.stable <= fromTask.states, "report rows count their states");
});

test("a line attractor: every point on the line, with one eigenvalue 1", () => {
  // x' = diag(1, 0.5) x: fixed points are the whole x₁ axis.
  const r = searchFixedPoints(fullModel([1, 0, 0, 0.5], [0, 0], 2, 1, "linear"), { input: [0], saddleSearch: false });
  assert.ok(r.points.count >= 3, `several points along the line (got ${r.points.count})`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < r.points.count; k++) {
    assert.ok(Math.abs(r.points.xstar[k * 2 + 1]!) < 1e-5, `point ${k} off the line: x₂ = ${r.points.xstar[k * 2 + 1]}`);
    lo = Math.min(lo, r.points.xstar[k * 2]!);
    hi = Math.max(hi, r.points.xstar[k * 2]!);
    assert.ok(Math.abs(r.points.eigRe![k * 2]! - 1) < 1e-6, "leading eigenvalue 1");
  }
  assert.ok(hi - lo > 0.5, `the points spread along the line (${lo}..${hi})`);
});

test("fixed-points CLI: --init-states, --inputs, the optimiser options and --out; bad input named", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-fp-"));
  const npy = (name: string, shape: number[], data: number[]) => {
    const header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
    const pad = 16 - ((10 + header.length + 1) % 16);
    const h = Buffer.from(header + " ".repeat(pad % 16) + "\n", "latin1");
    const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 255, h.length >> 8]);
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.concat([pre, h, Buffer.from(Float64Array.from(data).buffer)]));
    return file;
  };
  const ref = readNpz(path.join(FPF, "reference.npz")) as unknown as Record<string, { data: ArrayLike<number> }>;
  const starts = npy("x0.npy", [3, 16], Array.from(ref.xstar!.data).slice(0, 48).map(Number));
  const out = path.join(dir, "fp.npz");
  const given = cliSearch("--init-states", starts, "--adam-eps", "1e-4", "--lr", "0.5", "--tol-q", "1e-14", "--tol-unique", "1e-4", "--max-iters", "2000", "--out", out);
  assert.equal(given.initialStates, 3);
  assert.equal(given.report[0]!.source, "given initial states");
  assert.equal(given.points.length, 3, "each given start is already a fixed point");
  const saved = readNpz(out) as unknown as Record<string, { shape: number[] }>;
  for (const k of ["xstar", "inputs", "q", "J", "eigRe", "eigIm", "stable", "n_unstable", "is_slow"]) assert.ok(saved[k], `--out has ${k}`);
  assert.deepEqual(saved.J!.shape, [3, 16, 16]);
  const two = npy("u.npy", [2, 3], [0, 0, 0, 0, 0, 0]);
  const r2 = spawnSync(process.execPath, [CLI, "fixed-points", path.join(FPF, "net.npz"), "--inputs", two, "--init-states", starts, "--json"], { encoding: "utf8", cwd: ROOT });
  assert.equal(r2.status, 0, r2.stderr);
  assert.equal(JSON.parse(r2.stdout).inputs.length, 2);
  const bad: Array<[string[], RegExp]> = [
    [["--init-states", npy("bad.npy", [3, 5], new Array(15).fill(0))], /has shape \[3, 5\]; expected \[K, 16\]/],
    [["--init-states", npy("nan.npy", [1, 16], [NaN, ...new Array(15).fill(0)])], /row 0, column 0 is NaN/],
    [["--init-states", npy("empty.npy", [0, 16], [])], /K = 0/],
    [["--input", "0,0"], /--input has 2 values, the network takes 3/],
    [["--input", "1,,3"], /comma-separated finite numbers/],
    [["--inputs", npy("u2.npy", [2, 2], [0, 0, 0, 0])], /expected \[K, 3\]/],
  ];
  for (const [args, msg] of bad) {
    const r = spawnSync(process.execPath, [CLI, "fixed-points", path.join(FPF, "net.npz"), ...args.filter((a) => a !== "--input" || !args.includes("--inputs")), ...(args.includes("--input") || args.includes("--inputs") ? [] : ["--input", "0,0,0"])], { encoding: "utf8", cwd: ROOT });
    assert.equal(r.status, 2, `${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
    assert.match(r.stderr, msg);
  }
});

test("unconverged searches are counted and never reported as points (--max-iters 50)", () => {
  const r = spawnSync(process.execPath, [CLI, "fixed-points", path.join(FPF, "net.npz"), "--input", "0,0,0", "--max-iters", "50", "--no-saddle-search", "--json"], { encoding: "utf8", cwd: ROOT });
  assert.equal(r.status, 0, r.stderr);
  const rec = JSON.parse(r.stdout) as { unconverged: number; points: Array<{ q: number; slow: boolean }> };
  assert.ok(rec.unconverged > 0, "50 iterations leave searches unconverged");
  assert.match(r.stderr, /did not converge.*--max-iters/);
  for (const p of rec.points) assert.ok(p.q <= 1e-10 || p.slow, `an unconverged point was reported: q = ${p.q}`);
});
