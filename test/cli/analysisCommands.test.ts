/** CLI analysis subcommands on the authors' networks: graph, extrapolate, fixed-points. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const FIXTURES = path.join(ROOT, "..", "shared", "fixtures", "turner2021");

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: ROOT, timeout: 5 * 60 * 1000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

test("graph --json reproduces the stored compact graph's counts of an authors' network", () => {
  const base = path.join(FIXTURES, "interval_discrimination_130_vanilla_20_i100");
  const stored = JSON.parse(fs.readFileSync(`${base}.json`, "utf8")).compact_graph_counts as { nodes: number; edges: number };
  const r = cli("graph", `${base}.npz`, "--task", "interval-discrimination", "--json");
  assert.equal(r.code, 0, r.err);
  const g = JSON.parse(r.out) as { nodes: unknown[]; edges: unknown[]; typeKey: string };
  assert.equal(g.nodes.length, stored.nodes);
  assert.equal(g.edges.length, stored.edges);
  assert.equal(typeof g.typeKey, "string");
  assert.ok(g.typeKey.length > 0);
});

test("extrapolate --json gives t_p = t_s on the trained range for an authors' RSG network", () => {
  const npz = path.join(FIXTURES, "interval_reproduction_50_vanilla_20_i100.npz");
  const r = cli("extrapolate", npz, "--task", "rsg", "--json");
  assert.equal(r.code, 0, r.err);
  const e = JSON.parse(r.out) as {
    task: string;
    behaviour: string;
    trainedAccuracy: number;
    spontaneousOnsets: number[];
    points: Array<{ ts: number; tp: number | null; inTrainedRange: boolean }>;
  };
  assert.equal(e.task, "rsg");
  const trained = e.points.filter((p) => p.inTrainedRange);
  assert.equal(trained.length, 31); // t_s = 20..50
  for (const p of trained) assert.ok(p.tp !== null && Math.abs(p.tp - p.ts) <= 1, `t_s=${p.ts}: t_p=${p.tp}`);
  assert.equal(e.trainedAccuracy, 1);
  assert.ok(e.points.some((p) => p.ts > 50), "no extrapolation beyond the trained range");
  // The notes' check: vanilla RSG nets emit on their own 51–62 steps after Ready when Set never comes.
  assert.ok(e.spontaneousOnsets.length >= 1 && e.spontaneousOnsets[0]! >= 51 && e.spontaneousOnsets[0]! <= 62, `spontaneous ${e.spontaneousOnsets}`);
});

test("fixed-points --json finds points with eigenvalues; bad --input is a usage error", () => {
  const npz = path.join(FIXTURES, "interval_reproduction_50_vanilla_20_i100.npz");
  const r = cli("fixed-points", npz, "--task", "rsg", "--per-source", "64", "--max-iters", "3000", "--json");
  assert.equal(r.code, 0, r.err);
  const d = JSON.parse(r.out) as { count: number; points: Array<{ q: number; stable: boolean; unstableModes: number; eigenvalues: Array<{ re: number; im: number }> }> };
  assert.ok(d.count >= 1, "no fixed point found");
  for (const p of d.points) {
    assert.ok(Number.isFinite(p.q) && p.q >= 0);
    assert.ok(p.eigenvalues.length > 0);
    // Discrete map: stable exactly when every |λ| < 1 (the largest |λ| is listed first).
    const lead = Math.hypot(p.eigenvalues[0]!.re, p.eigenvalues[0]!.im);
    assert.equal(p.stable, lead < 1);
    assert.equal(p.unstableModes === 0, p.stable);
  }
  const bad = cli("fixed-points", npz, "--input", "1,2,3");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--input has 3 values, the network takes 2 inputs/);
});
