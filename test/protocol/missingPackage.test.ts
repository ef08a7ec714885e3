/**
 * A notebook opened in a folder where rnn-atlas is not installed: the first import fails with
 * TS2307, and the kernel adds one line saying what to run in that folder. Other missing modules get
 * no such line. Through the real kernel (nbconvert), like notebook.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { missingPackageHint } from "../../kernel-helpers/kernel/hints";
import { executeNotebook, makeKernelEnv } from "./kernelEnv";

type Output = { output_type: string; ename?: string; evalue?: string; traceback?: string[] };

const CELLS = [
  `import { lineChart } from "rnn-atlas";\nconst xs: number[] = [1, 2];`,
  `import { runMode } from "rnn-atlas/dist/src/core/mode";`,
  `import { nothing } from "no-such-module-for-rnn-atlas-tests";`,
  `"after"`,
];

test("TS2307 for rnn-atlas in a folder without it: the error's second line says what to run there", { timeout: 300_000 }, () => {
  const k = makeKernelEnv("rnn-atlas-protocol-missing-");
  try {
    // The environment links rnn-atlas into the notebook folder; this test is about a folder without it.
    fs.rmSync(path.join(k.nbDir, "node_modules"), { recursive: true, force: true });
    const r = executeNotebook(k, "missing", CELLS, { args: ["--allow-errors"] });
    assert.equal(r.status, 0, r.stderr);
    const cells = r.outputs!.map((outputs) => ({ outputs: outputs as Output[] }));
    const err = (i: number) => {
      const e = cells[i].outputs.filter((o) => o.output_type === "error");
      assert.equal(e.length, 1, JSON.stringify(cells[i].outputs));
      return e[0];
    };
    const realDir = fs.realpathSync(k.nbDir);
    for (const i of [0, 1]) {
      const e = err(i);
      assert.equal(e.ename, "TSError");
      assert.match(e.evalue!, /^TS2307: Cannot find module 'rnn-atlas[^']*'/);
      const hint = e.traceback![1];
      assert.match(hint, /^rnn-atlas is not installed for this folder: run `npm install \/path\/to\/rnn-atlas-\d+\.\d+\.\d+\.tgz`/);
      assert.ok(hint.includes(` in ${k.nbDir} `) || hint.includes(` in ${realDir} `), `the hint names the notebook folder: ${hint}`);
      assert.match(hint, /then restart the kernel\.$/);
      assert.ok(e.evalue!.endsWith(`\n${hint}`), "evalue carries the same line");
      assert.match(e.traceback!.join("\n"), /Cell In\[\d\], line 1, column \d+: error TS2307/);
    }
    // Another missing module: the plain TypeScript error, no rnn-atlas hint.
    const other = err(2);
    assert.match(other.evalue!, /^TS2307: Cannot find module 'no-such-module-for-rnn-atlas-tests'/);
    assert.doesNotMatch(other.traceback!.join("\n"), /npm install/);
    assert.equal(cells[3].outputs.filter((o) => o.output_type === "error").length, 0);
  } finally {
    k.cleanup();
  }
});

test("missingPackageHint: only TS2307 about rnn-atlas or its subpaths, in the cell itself", () => {
  const d = (code: number, messageText: string, fileName?: string) => ({
    code,
    messageText,
    category: 1,
    start: { offset: 0, line: 0, character: 0 },
    end: { offset: 0, line: 0, character: 0 },
    ...(fileName ? { fileName } : {}),
  });
  const hint = missingPackageHint([d(2307, "Cannot find module 'rnn-atlas' or its corresponding type declarations.")], "/home/me/nb", "1.2.3");
  assert.equal(
    hint,
    "rnn-atlas is not installed for this folder: run `npm install /path/to/rnn-atlas-1.2.3.tgz` (the tarball `npm pack` makes in an rnn-atlas checkout) in /home/me/nb or a folder above it, then restart the kernel.",
  );
  assert.ok(missingPackageHint([d(2322, "x"), d(2307, "Cannot find module 'rnn-atlas/dist/src/plots' or its corresponding type declarations.")], "/x"));
  assert.equal(missingPackageHint([d(2307, "Cannot find module 'rnn-atlas-other' or its corresponding type declarations.")], "/x"), null);
  assert.equal(missingPackageHint([d(2307, "Cannot find module 'vega' or its corresponding type declarations.")], "/x"), null);
  assert.equal(missingPackageHint([d(2307, "Cannot find module 'rnn-atlas'.", "/lib/x.d.ts")], "/x"), null);
});
