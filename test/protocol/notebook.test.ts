/**
 * Executes a notebook with deliberately failing cells through the project kernel with nbconvert:
 * with --allow-errors every cell runs (no 200 ms abort after a failure), each cell carries its
 * execution count, failures are `error` outputs whose traceback names the cell and line, and
 * values are `execute_result`s. Without --allow-errors, nbconvert's own failure message carries
 * the error name, message and cell-line traceback.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PYTHON, makeKernelEnv } from "./kernelEnv";

const CELLS = [
  // 1
  `function risky(n: number): number {\n  if (n > 2) {\n    throw new RangeError("n too large: " + n);\n  }\n  return n * 10;\n}`,
  // 2
  `risky(1)`,
  // 3: a runtime error thrown in a function of cell 1, called from line 2
  `const a = risky(1);\nconst b = risky(5);`,
  // 4: a TypeScript compile error
  `const ok = 1;\nconst bad: number = "nope";`,
  // 5: runs right after a failure
  `console.log("still running");\n6 * 7`,
  // 6: an awaited rejection
  `await new Promise((r) => setTimeout(r, 5));\nawait Promise.reject(new Error("async failure"));`,
  // 7
  `"done"`,
];

type Output = { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string; evalue?: string; traceback?: string[]; execution_count?: number };
const txt = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

function writeNotebook(dir: string): string {
  const nb = {
    cells: CELLS.map((source, i) => ({ cell_type: "code", id: `c${i}`, execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: "rnn-atlas-ts", display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = path.join(dir, "failing.ipynb");
  fs.writeFileSync(file, JSON.stringify(nb));
  return file;
}

function nbconvert(cwd: string, env: NodeJS.ProcessEnv, extra: string[]) {
  return spawnSync(PYTHON, ["-m", "nbconvert", "--to", "notebook", "--execute", "failing.ipynb", "--output", "out.ipynb", "--ExecutePreprocessor.timeout=120", ...extra], {
    cwd,
    env,
    encoding: "utf8",
    timeout: 240_000,
  });
}

test("allow-errors: every cell runs, with execution counts, error outputs and cell-line tracebacks", { timeout: 300_000 }, () => {
  const k = makeKernelEnv("rnn-atlas-protocol-nb-");
  try {
    writeNotebook(k.nbDir);
    const r = nbconvert(k.nbDir, k.env, ["--allow-errors"]);
    assert.equal(r.status, 0, r.stderr);
    const nb = JSON.parse(fs.readFileSync(path.join(k.nbDir, "out.ipynb"), "utf8"));
    const cells = nb.cells as { execution_count: number | null; outputs: Output[] }[];
    assert.deepEqual(cells.map((c) => c.execution_count), [1, 2, 3, 4, 5, 6, 7]);
    const errors = (i: number) => cells[i].outputs.filter((o) => o.output_type === "error");
    const results = (i: number) => cells[i].outputs.filter((o) => o.output_type === "execute_result");

    assert.deepEqual(cells[0].outputs, []);
    assert.deepEqual(results(1).map((o) => [o.execution_count, txt(o.data!["text/plain"])]), [[2, "10"]]);

    // 3: runtime error, frames in cell 1 (the function) and cell 3 (the call), not compiled JS
    assert.equal(cells[2].outputs.length, 1, JSON.stringify(cells[2].outputs));
    const e3 = errors(2)[0];
    assert.equal(e3.ename, "RangeError");
    assert.equal(e3.evalue, "n too large: 5");
    const tb3 = e3.traceback!.join("\n");
    assert.match(tb3, /^RangeError: n too large: 5\n/);
    assert.match(tb3, /at risky \(Cell In\[1\], line 3, column \d+\)/);
    assert.match(tb3, /at Cell In\[3\], line 2, column \d+/);
    assert.match(tb3, /----> 3 \|\s+throw new RangeError/);
    assert.doesNotMatch(tb3, /evalmachine|tslab[/\\]dist|kernel-helpers[/\\]kernel|node:internal/);

    // 4: compile error with diagnostic text and position
    const e4 = errors(3)[0];
    assert.equal(e4.ename, "TSError");
    assert.match(e4.evalue!, /^TS2322: Type 'string' is not assignable to type 'number'\./);
    assert.match(e4.traceback!.join("\n"), /Cell In\[4\], line 2, column 7: error TS2322/);

    // 5: ran right after the failure
    assert.equal(cells[4].outputs.filter((o) => o.name === "stdout").map((o) => txt(o.text)).join(""), "still running\n");
    assert.deepEqual(results(4).map((o) => txt(o.data!["text/plain"])), ["42"]);

    // 6: awaited rejection
    const e6 = errors(5)[0];
    assert.equal(e6.ename, "Error");
    assert.equal(e6.evalue, "async failure");
    assert.match(e6.traceback!.join("\n"), /Cell In\[6\], line 2, column \d+/);

    assert.deepEqual(results(6).map((o) => txt(o.data!["text/plain"])), ["'done'"]);
    // No failure leaks to stderr text any more.
    for (const c of cells) assert.equal(c.outputs.filter((o) => o.name === "stderr").length, 0);
  } finally {
    k.cleanup();
  }
});

test("without allow-errors nbconvert stops at the failing cell and names the error", { timeout: 300_000 }, () => {
  const k = makeKernelEnv("rnn-atlas-protocol-stop-");
  try {
    writeNotebook(k.nbDir);
    const r = nbconvert(k.nbDir, k.env, []);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /RangeError: n too large: 5/);
    assert.match(r.stderr, /at risky \(Cell In\[1\], line 3/);
    assert.match(r.stderr, /const b = risky\(5\);/);
  } finally {
    k.cleanup();
  }
});
