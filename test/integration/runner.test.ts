/**
 * Executes test notebooks through the real tslab kernel with the headless runner
 * (`node dist/kernel-helpers/runner/main.js`) and checks what it saved and printed.
 * Needs `bash kernel-helpers/setup.sh` (run by `npm test`).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  NbCell, Notebook, ROOT, RunResult, codeCells, joined, readNotebook, richOutputs, runRunner, streamText, svgFromImgHtml, tempDir,
} from "./helpers";

const TEST_NOTEBOOKS = path.join(ROOT, "test", "notebooks");

function cellWith(nb: Notebook, snippet: string): NbCell {
  const cell = nb.cells.find((c) => c.cell_type === "code" && joined(c.source).includes(snippet));
  assert.ok(cell, `no code cell containing ${JSON.stringify(snippet)}`);
  return cell;
}

function assertSvg(svg: string | null, what: string): void {
  assert.ok(svg !== null, `${what}: no <img src="data:image/svg+xml;base64,…"> in text/html`);
  assert.match(svg, /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/, `${what}: the decoded image is not an SVG document`);
  assert.match(svg, /<\/svg>\s*$/, `${what}: the SVG is truncated`);
  assert.ok(/<(path|rect|line|circle|text)[\s>]/.test(svg), `${what}: the SVG draws nothing`);
}

describe("runner: rich display through the real kernel", () => {
  let out: string;
  let run: RunResult;
  let nb: Notebook;

  before(async () => {
    out = tempDir("rich");
    run = await runRunner(["--dir", TEST_NOTEBOOKS, "--out", out, "rich_display"]);
    const file = path.join(out, "rich_display.ipynb");
    assert.equal(run.code, 0, `runner failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    nb = readNotebook(file);
  });
  after(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  test("the runner reports progress, kernel start and a summary", () => {
    assert.match(run.stdout, /\[1\/1\] rich_display\.ipynb/);
    assert.match(run.stdout, /kernel 'tslab' ready in [\d.]+s/);
    const n = codeCells(nb).length;
    assert.match(run.stdout, new RegExp(`cell ${n}/${n}`));
    assert.match(run.stdout, /Summary:[\s\S]*rich_display\.ipynb\s+ok\s+(\d+)\/\1/);
  });

  test("a chart as a cell's last value becomes one rich bundle: text/plain, SVG picture, vega-lite", () => {
    const cell = cellWith(nb, "last-value chart");
    const rich = richOutputs(cell);
    assert.equal(rich.length, 1, `expected exactly one rich output, got ${JSON.stringify(cell.outputs).slice(0, 400)}`);
    const data = rich[0]!.data!;
    // nbformat stores multi-line text as a list of lines; joined() accepts both forms.
    assert.ok(joined(data["text/plain"] as string | string[]).length > 0, "no text/plain");
    assertSvg(svgFromImgHtml(joined(data["text/html"] as string)), "lineChart text/html");
    const spec = data["application/vnd.vegalite.v5+json"] as Record<string, unknown> | undefined;
    assert.ok(spec && typeof spec === "object", "no application/vnd.vegalite.v5+json object");
    assert.match(String(spec.$schema ?? ""), /vega-lite\/v5/);
    assert.ok(JSON.stringify(spec).includes("last-value chart"), "the vega-lite spec lost the title");
    if (data["image/svg+xml"] !== undefined) assertSvg(joined(data["image/svg+xml"] as string), "image/svg+xml");
    // Shown richly, not as util.inspect text on stdout.
    assert.equal(streamText(cell, "stdout"), "", "the last value was also printed as text");
  });

  test("an object with [Symbol.for('Jupyter.display')] shows the bundle it returns", () => {
    const rich = richOutputs(cellWith(nb, "custom object 31415"));
    assert.equal(rich.length, 1);
    assert.equal(joined(rich[0]!.data!["text/plain"] as string), "custom object 31415");
    assert.equal(joined(rich[0]!.data!["text/html"] as string), "<i>custom object 31415</i>");
  });

  test("plotly.js is not stored in the saved notebook but once in its HTML export; a 3-D figure carries plotly JSON plus a static SVG fallback", () => {
    const init = richOutputs(cellWith(nb, "initPlotly()"));
    assert.equal(init.length, 1);
    const note = JSON.stringify(init[0]!.data);
    assert.ok(note.length < 1000, `initPlotly's stored output holds ${note.length} chars`);
    assert.match(note, /not stored in the notebook/);
    assert.ok(fs.statSync(path.join(out, "rich_display.ipynb")).size < 300_000, "the saved notebook holds plotly.js");
    const lib = fs.readFileSync(require.resolve("plotly.js-gl3d-dist-min/plotly-gl3d.min.js"), "utf8");
    const marker = lib.slice(2000, 2080); // a stretch of the library's own code
    const html = fs.readFileSync(path.join(out, "rich_display.html"), "utf8");
    assert.equal(html.split(marker).length - 1, 1, "the HTML export must carry plotly.js exactly once");

    const rich = richOutputs(cellWith(nb, "last-value 3d"));
    assert.equal(rich.length, 1);
    const data = rich[0]!.data!;
    const fig = data["application/vnd.plotly.v1+json"] as { data?: unknown[] } | undefined;
    assert.ok(fig && Array.isArray(fig.data) && fig.data.length >= 1, "no plotly figure JSON");
    assert.ok(joined(data["text/plain"] as string | string[]).length > 0, "no text/plain");
    const live = joined(data["text/html"] as string);
    assertSvg(svgFromImgHtml(live), "scatter3d static fallback");
    assert.match(live, /Plotly/, "the 3-D text/html does not draw with plotly");
    assert.equal(data["image/svg+xml"], undefined, "the fallback picture is stored once (in text/html)");
  });

  test("display(x, { id }) updates one output in place", () => {
    const cell = cellWith(nb, "update ");
    const rich = richOutputs(cell);
    assert.equal(rich.length, 1, `expected one output updated in place, got ${rich.length}`);
    assert.ok(JSON.stringify(rich[0]!.data).includes("update 3"), "the output does not show the last update");
    assert.ok(!JSON.stringify(rich[0]!.data).includes("update 1"), "the first version was not replaced");
  });

  test("plain stdout is kept and every code cell has a sequential execution count", () => {
    assert.equal(streamText(cellWith(nb, "plain stdout"), "stdout"), "plain stdout 42\n");
    const counts = codeCells(nb).map((c) => c.execution_count);
    assert.deepEqual(counts, counts.map((_, i) => i + 1));
    for (const c of codeCells(nb)) {
      for (const o of c.outputs ?? []) if (o.output_type === "execute_result") assert.equal(o.execution_count, c.execution_count);
    }
    assert.equal(nb.metadata.kernelspec.name, "tslab");
    // the run's record: mode, seed offset, completeness, run time and machine (what a gallery reader needs)
    const rec = nb.metadata.rnn_atlas;
    assert.equal(rec?.mode, "quick");
    assert.equal(rec?.seed, 0);
    assert.equal(rec?.complete, true);
    assert.ok(typeof rec?.seconds === "number" && rec.seconds > 0 && rec.seconds < 600, `seconds: ${rec?.seconds}`);
    assert.match(String(rec?.cpu), /\((avx512|avx2|neon|generic), \d+ cores\)$/);
    assert.match(String(rec?.date), /^\d{4}-\d{2}-\d{2}$/);
  });

  test("the HTML export is self-contained: pictures inline, no require.js/MathJax file:// links", () => {
    const html = fs.readFileSync(path.join(out, "rich_display.html"), "utf8");
    assert.match(html, /<img\s[^>]*src="data:image\/svg\+xml;base64,/);
    assert.ok(html.includes("custom object 31415"));
    assert.doesNotMatch(html, /<script[^>]*src=/i, "the export loads an external script");
    assert.doesNotMatch(html, /file:\/\//);
    // Only the stylesheet rules the page can use are kept (JupyterLab's whole CSS is 0.54 MB).
    assert.match(html, /\.jp-OutputArea-output\b[^{]*\{/, "the output-area styles are gone");
    assert.doesNotMatch(html, /\.jp-FileBrowser/, "styles of JupyterLab's file browser are still inlined");
    // The page title is the notebook's first heading (nbconvert's default is "Notebook" for every file).
    assert.match(html, /<title>Integration test: rich display of a last value, display\(\), execution counts<\/title>/);
    assert.ok(!fs.readdirSync(out).some((f) => f.startsWith(".tmp-")), "a temporary file was left behind");
  });
});

describe("runner: failures", () => {
  test("a failing cell stops the run with a non-zero exit and prints that cell's source and error", async () => {
    const out = tempDir("fail");
    try {
      const run = await runRunner(["--dir", TEST_NOTEBOOKS, "--out", out, "failing_cell"]);
      assert.equal(run.code, 1, `expected exit 1, got ${run.code}\n${run.stdout}\n${run.stderr}`);
      assert.match(run.stderr, /failing_cell\.ipynb: code cell 2\/3 .*failed/);
      assert.ok(run.stderr.includes('function explode(): never { throw new Error("deliberate failure 8675309"); }'), "the cell source is not printed");
      assert.match(run.stderr, /Error: deliberate failure 8675309/, "the cell's error text is not printed");
      assert.ok(!run.stderr.includes("console.log(\"after"), "printed a cell other than the failing one");
      assert.match(run.stdout, /failing_cell\.ipynb\s+FAILED\s+1\/3/);

      // The partial notebook is saved: the first cell ran, the failing one holds its stderr, the last never ran.
      const nb = readNotebook(path.join(out, "failing_cell.ipynb"));
      const [first, failing, last] = codeCells(nb);
      assert.equal(streamText(first!, "stdout"), "before 42\n");
      assert.equal(first!.execution_count, 1);
      assert.equal(failing!.execution_count, 2);
      // The project kernel reports the failure as a proper `error` output (not stderr text), with a
      // traceback that points at the notebook cell.
      const err = (failing!.outputs ?? []).find((o) => o.output_type === "error") as
        | { ename?: string; evalue?: string; traceback?: string[] }
        | undefined;
      assert.ok(err, "the failing cell has no error output");
      assert.equal(err.ename, "Error");
      assert.match(err.evalue ?? "", /deliberate failure 8675309/);
      assert.match((err.traceback ?? []).join("\n"), /Cell In\[2\], line \d+/);
      assert.deepEqual(last!.outputs, []);
      assert.equal(last!.execution_count, null);
      assert.equal(nb.metadata.rnn_atlas?.complete, false);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test("a TypeScript compile error is reported with the compiler's message", async () => {
    const dir = tempDir("tserr");
    try {
      const nb = readNotebook(path.join(TEST_NOTEBOOKS, "failing_cell.ipynb"));
      nb.cells = [nb.cells[0]!, { cell_type: "code", source: 'const wrong: number = "a string";', outputs: [], execution_count: null, id: "x" } as NbCell];
      (nb.cells[1] as any).metadata = {};
      fs.writeFileSync(path.join(dir, "compile_error.ipynb"), JSON.stringify({ ...nb, nbformat: 4, nbformat_minor: 5 }));
      const run = await runRunner(["--dir", dir, "--out", path.join(dir, "out"), "--no-html"]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.ok(run.stderr.includes('const wrong: number = "a string";'));
      assert.match(run.stderr, /Type 'string' is not assignable to type 'number'/);
      assert.ok(!fs.existsSync(path.join(dir, "out", "compile_error.html")), "--no-html still wrote HTML");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("bad arguments fail fast with a message that names the problem", async () => {
    const unknown = await runRunner(["--dir", TEST_NOTEBOOKS, "no_such_notebook"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no notebook matches "no_such_notebook".*Available: .*failing_cell/);

    const mode = await runRunner(["--dir", TEST_NOTEBOOKS, "--mode", "huge", "failing_cell"]);
    assert.equal(mode.code, 2);
    assert.match(mode.stderr, /RNN_ATLAS_MODE must be "quick", "paper" or "full", got "huge"/);

    const timeout = await runRunner(["--timeout", "soon"]);
    assert.equal(timeout.code, 2);
    assert.match(timeout.stderr, /--timeout needs a number of seconds/);
  });

  test("a cell running past --timeout is stopped and reported as a timeout", async () => {
    const dir = tempDir("timeout");
    try {
      const nb = readNotebook(path.join(TEST_NOTEBOOKS, "failing_cell.ipynb"));
      nb.cells = [{ cell_type: "code", source: "await new Promise((r) => setTimeout(r, 20000));", outputs: [], execution_count: null, id: "t" } as NbCell];
      (nb.cells[0] as any).metadata = {};
      fs.writeFileSync(path.join(dir, "slow.ipynb"), JSON.stringify({ ...nb, nbformat: 4, nbformat_minor: 5 }));
      const run = await runRunner(["--dir", dir, "--out", path.join(dir, "out"), "--no-html", "--timeout", "2"]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stderr, /slow\.ipynb: code cell 1\/1 .*timed out/);
      assert.ok(run.stderr.includes("setTimeout(r, 20000)"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
