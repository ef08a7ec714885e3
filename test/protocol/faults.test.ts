/**
 * Kernel faults are never a green cell — issue 19, finding 7: an exception thrown in a timer and a
 * rejection nobody handles fail the cell that caused them (or, when they come after it replied, the
 * next cell refuses to run and shows them); a kernel killed by a JavaScript heap overflow leaves an
 * error output in the saved notebook that says so, instead of an empty cell.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PYTHON, ROOT, makeKernelEnv } from "./kernelEnv";

const DRIVER = path.join(ROOT, "kernel-helpers", "runner", "execute.py");
type Output = { output_type: string; ename?: string; evalue?: string; traceback?: string[] };

function run(cells: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const k = makeKernelEnv("rnn-atlas-faults-");
  const nb = {
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: "rnn-atlas-ts", display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = path.join(k.nbDir, "faults.ipynb");
  fs.writeFileSync(file, JSON.stringify(nb));
  const out = path.join(k.nbDir, "out.ipynb");
  const r = spawnSync(PYTHON, [DRIVER, file, "--ipynb", out, "--timeout", "120"], { env: { ...k.env, ...extraEnv }, encoding: "utf8", timeout: 240_000 });
  const saved = JSON.parse(fs.readFileSync(out, "utf8")) as { cells: { outputs: Output[]; execution_count: number | null }[] };
  k.cleanup();
  const events = r.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { r, saved, events, errors: (i: number) => saved.cells[i]!.outputs.filter((o) => o.output_type === "error") };
}

test("an exception in a timer and an unhandled rejection fail their own cell (status 1, error output)", { timeout: 300_000 }, () => {
  const timer = run([`setTimeout(() => { throw new Error("boom in a timer"); }, 0);\n"scheduled"`, `"never"`]);
  assert.equal(timer.r.status, 1, timer.r.stderr);
  const e = timer.errors(0);
  assert.equal(e.length, 1, JSON.stringify(timer.saved.cells[0]));
  assert.match(e[0]!.evalue!, /boom in a timer \(uncaught exception in a callback of this cell\)/);
  assert.match(e[0]!.traceback!.join("\n"), /Cell In\[1\], line 1/);
  assert.equal(timer.events.find((x) => x.event === "cell_error")?.n, 1);

  const rej = run([`Promise.reject(new Error("nobody awaits this"));\n1`, `"never"`]);
  assert.equal(rej.r.status, 1, rej.r.stderr);
  assert.match(rej.errors(0)[0]!.evalue!, /nobody awaits this \(unhandled rejection in a callback of this cell\)/);
});

test("a callback that throws after its cell replied is shown, naming that cell, by the next cell, which does not run", { timeout: 300_000 }, () => {
  const late = run([
    `setTimeout(() => { throw new Error("late boom"); }, 400);\n"scheduled"`,
    `await new Promise((r) => setTimeout(r, 1500));\n"waited"`,
    `"never"`,
  ]);
  assert.equal(late.r.status, 1, late.r.stderr);
  assert.deepEqual(late.errors(0), []);
  // It fires while cell 2 runs: cell 2 fails, and names cell 1 as the origin.
  assert.match(late.errors(1)[0]!.evalue!, /late boom \(uncaught exception in a callback of cell In\[1\]\)/);

  // Fired while the kernel is idle (a user who runs the next cell later): the next cell shows it.
  const k = makeKernelEnv("rnn-atlas-faults-idle-");
  try {
    const r = spawnSync(PYTHON, [path.join(ROOT, "test", "protocol", "late_fault_check.py")], { env: { ...k.env, KERNEL_NAME: "rnn-atlas-ts" }, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim().split("\n").pop()!) as { first: string; second: { status: string; evalue: string; ran: boolean }; third: string };
    assert.equal(got.first, "ok");
    assert.equal(got.second.status, "error");
    assert.match(got.second.evalue, /^not run: while idle \(uncaught exception in a callback of cell In\[1\], after it had finished\)/);
    assert.equal(got.second.ran, false, "the cell after the fault did not run");
    assert.equal(got.third, "ok", "shown once; the kernel goes on");
  } finally {
    k.cleanup();
  }
});

test("a JavaScript heap overflow kills the kernel, and the saved notebook says so in the cell", { timeout: 300_000 }, () => {
  // A small heap so the overflow comes in seconds.
  const oom = run([`"first"`, `const keep: object[] = [];\nwhile (true) keep.push({ a: [1, 2, 3], s: "x".repeat(100) + keep.length });`, `"never"`], {
    NODE_OPTIONS: "--max-old-space-size=256",
  });
  assert.equal(oom.r.status, 1, oom.r.stderr);
  const failure = oom.events.find((x) => x.event === "cell_error");
  assert.equal(failure?.kind, "DeadKernelError");
  assert.equal(failure?.n, 2);
  const e = oom.errors(1);
  assert.equal(e.length, 1, JSON.stringify(oom.saved.cells[1]));
  assert.match(e[0]!.evalue!, /ran out of JavaScript heap memory .*NODE_OPTIONS=--max-old-space-size/);
  assert.ok(e[0]!.traceback!.some((l) => /heap limit|heap out of memory/i.test(l)), e[0]!.traceback!.join("\n"));
});
