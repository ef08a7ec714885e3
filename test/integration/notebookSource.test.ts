/** The percent-format notebook sources (kernel-helpers/notebook-source.mjs): format, round trip, sync rules. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, tempDir } from "./helpers";

// The module is ESM (.mjs) so set-up can run it before the TypeScript build; load it at run time.
type Cell = { kind: "markdown" | "code"; text: string };
interface SourceModule {
  parsePercent(text: string, where?: string): Cell[];
  formatPercent(cells: Cell[]): string;
  toIpynb(cells: Cell[], prefix: string): string;
  fromIpynb(json: string, where?: string): Cell[];
  syncNotebooks(dirs: string[], opts?: { check?: boolean }): string[];
}
const load = (): Promise<SourceModule> =>
  new Function("p", "return import(p)")(path.join(ROOT, "kernel-helpers", "notebook-source.mjs")) as Promise<SourceModule>;

describe("notebook sources (percent format)", () => {
  test("markdown and code cells round-trip through the .ts text and the .ipynb", async () => {
    const m = await load();
    const cells: Cell[] = [
      { kind: "markdown", text: "# Title\n\nA line with `code`.\n\n- item" },
      { kind: "code", text: 'import { pct } from "rnn-atlas";\n\nconst x = 1; // comment\npct(x)' },
      { kind: "code", text: "x" },
    ];
    const text = m.formatPercent(cells);
    assert.match(text, /^\/\/ ---\n\/\/ jupyter:/);
    assert.deepEqual(m.parsePercent(text), cells);
    const nb = JSON.parse(m.toIpynb(cells, "nb99"));
    assert.deepEqual(nb.cells.map((c: { id: string }) => c.id), ["nb99-01", "nb99-02", "nb99-03"]);
    assert.equal(nb.metadata.kernelspec.name, "tslab");
    assert.deepEqual(m.fromIpynb(JSON.stringify(nb)), cells);
  });

  test("malformed sources get errors that say where and what to do", async () => {
    const m = await load();
    assert.throws(() => m.parsePercent("const x = 1;\n// %%\nx\n", "a.ts"), /a\.ts: text before the first "\/\/ %%" cell marker/);
    assert.throws(() => m.parsePercent("// %% [markdown]\nno comment prefix\n", "b.ts"), /b\.ts: markdown cell 1, line 1 does not start with "\/\/ "/);
  });

  test("sync writes stale notebooks, and never overwrites edits made in Jupyter after the source", async () => {
    const m = await load();
    const dir = tempDir("nbsrc");
    try {
      const ts = path.join(dir, "01_demo.ts");
      const ipynb = path.join(dir, "01_demo.ipynb");
      fs.writeFileSync(ts, m.formatPercent([{ kind: "code", text: "1 + 1" }]));
      assert.deepEqual(m.syncNotebooks([dir], { check: true }), [ipynb]);
      m.syncNotebooks([dir]);
      assert.deepEqual(m.syncNotebooks([dir], { check: true }), []);
      // An edit in Jupyter (newer than the source): refused with the way out.
      const nb = JSON.parse(fs.readFileSync(ipynb, "utf8"));
      nb.cells[0].source = ["2 + 2"];
      fs.writeFileSync(ipynb, JSON.stringify(nb));
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(ipynb, later, later);
      assert.throws(() => m.syncNotebooks([dir]), /--from-ipynb/);
      assert.match(fs.readFileSync(ipynb, "utf8"), /2 \+ 2/, "the edit is still there");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
