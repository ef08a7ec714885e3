/**
 * End to end through the real tslab kernel: runs a small notebook with nbconvert and checks the
 * saved outputs of the last-value hook, display(), display ids, async bundles and error isolation.
 * (The official notebook integration test lives in test/integration.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

const CELLS = [
  // 0: a stock tslab kernel gets the hooks by an explicit call (the rnn-atlas kernel installs them
  // at start); the cell that installs them also shows its last value richly
  `import { lineChart, scatter3d, display, heatmap, initPlotly, registerRenderer, installKernelHooks, JUPYTER_DISPLAY } from "rnn-atlas/dist/src/display";\ninstallKernelHooks();\nlineChart([3, 2, 1.5, 1.2], { title: "first cell" })`,
  // 1: display() anywhere, in order with prints; an async bundle still lands in this cell
  `console.log("before");\ndisplay(heatmap([[1, 2], [3, 4]]));\nconsole.log("after");\n` +
    `const slow = { [JUPYTER_DISPLAY]: async () => { await new Promise((r) => setTimeout(r, 300)); return { "text/plain": "slow one", "text/html": "<b>slow</b>" }; } };\n` +
    `display(slow);\nconsole.log("end of cell");`,
  // 2: async last value
  `slow`,
  // 3: live updates by id: one output, the last state
  `for (let i = 0; i < 4; i++) { display({ [JUPYTER_DISPLAY]: () => ({ "text/plain": "step " + i }) }, { id: "live" }); }`,
  // 4: plain values stay plain text
  `const x = 1 + 1; x`,
  // 5: a throwing renderer: text/plain fallback, error on stderr, the cell succeeds
  `class Odd { constructor(public n: number) {} }\nregisterRenderer({ kind: "odd", match: (v) => v instanceof Odd, render: () => { throw new Error("renderer exploded"); } });\nnew Odd(7)`,
  // 6: 3-D
  `scatter3d([[[0, 0, 0], [1, 1, 1], [2, 1, 0]]])`,
  // 7: plotly init
  `initPlotly()`,
];

type Output = { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; transient?: unknown };
const txt = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

test("last-value hook, display(), ids, async bundles and error isolation in the real tslab kernel", { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-display-kernel-"));
  try {
    const jup = path.join(dir, "jupyter");
    fs.mkdirSync(path.join(jup, "kernels", "tslab"), { recursive: true });
    fs.writeFileSync(
      path.join(jup, "kernels", "tslab", "kernel.json"),
      JSON.stringify({ argv: [path.join(ROOT, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" }),
    );
    const nbDir = path.join(dir, "nb");
    fs.mkdirSync(path.join(nbDir, "node_modules"), { recursive: true });
    fs.symlinkSync(ROOT, path.join(nbDir, "node_modules", "rnn-atlas"));
    const nb = {
      cells: CELLS.map((source, i) => ({ cell_type: "code", id: `c${i}`, execution_count: null, metadata: {}, outputs: [], source })),
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    fs.writeFileSync(path.join(nbDir, "t.ipynb"), JSON.stringify(nb));
    const env = {
      ...process.env,
      JUPYTER_PATH: jup,
      JUPYTER_CONFIG_DIR: path.join(dir, "cfg"),
      JUPYTER_DATA_DIR: path.join(dir, "data"),
      JUPYTER_RUNTIME_DIR: path.join(dir, "rt"),
      IPYTHONDIR: path.join(dir, "ipy"),
      RNN_ATLAS_DISPLAY: "both",
    };
    execFileSync("jupyter", ["nbconvert", "--to", "notebook", "--execute", "t.ipynb", "--output", "out.ipynb", "--ExecutePreprocessor.timeout=240"], {
      cwd: nbDir,
      env,
      stdio: "pipe",
    });
    const out = JSON.parse(fs.readFileSync(path.join(nbDir, "out.ipynb"), "utf8"));
    const outs: Output[][] = out.cells.map((c: any) => c.outputs);
    const rich = (o: Output[]) => o.filter((x) => x.output_type === "display_data" || x.output_type === "execute_result");
    const stdout = (o: Output[]) => o.filter((x) => x.name === "stdout").map((x) => txt(x.text)).join("");

    // 0
    assert.equal(rich(outs[0]).length, 1, JSON.stringify(outs[0]).slice(0, 500));
    const b0 = rich(outs[0])[0].data!;
    // One static picture is stored: the <img> of the SVG in text/html (viewers pick it before image/svg+xml).
    assert.deepEqual(Object.keys(b0).sort(), ["application/vnd.vegalite.v5+json", "text/html", "text/plain"]);
    assert.match(txt(b0["text/plain"]), /first cell/);
    const m0 = /^<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/.exec(txt(b0["text/html"]));
    assert.ok(m0, "text/html is the picture's <img>");
    assert.match(Buffer.from(m0![1]!, "base64").toString(), /<svg[\s\S]*mark-line/);
    assert.equal(typeof b0["application/vnd.vegalite.v5+json"], "object");
    assert.equal(stdout(outs[0]), "", "no util.inspect text for a displayed last value");

    // 1: order of outputs
    const seq = outs[1].map((o) => (o.output_type === "stream" ? `${o.name}:${txt(o.text)}` : `rich:${txt(o.data!["text/plain"]).split(/[:\n]/)[0]}`)).join("|");
    assert.match(seq, /^stdout:before\n\|rich:Heatmap\|stdout:after\nend of cell\n\|rich:slow one$/, seq);

    // 2
    assert.deepEqual(rich(outs[2]).map((o) => txt(o.data!["text/html"])), ["<b>slow</b>"]);
    // 3
    assert.deepEqual(rich(outs[3]).map((o) => txt(o.data!["text/plain"])), ["step 3"]);
    // 4
    assert.equal(stdout(outs[4]), "2\n");
    assert.equal(rich(outs[4]).length, 0);
    // 5
    const r5 = rich(outs[5]);
    assert.equal(r5.length, 1);
    assert.deepEqual(Object.keys(r5[0].data!), ["text/plain"]);
    assert.match(txt(r5[0].data!["text/plain"]), /Odd.*7/);
    const err5 = outs[5].filter((o) => o.name === "stderr").map((o) => txt(o.text)).join("");
    assert.match(err5, /renderer "odd".*failed/);
    assert.match(err5, /renderer exploded/);
    // 6
    const b6 = rich(outs[6])[0].data!;
    assert.ok(b6["application/vnd.plotly.v1+json"]);
    assert.match(txt(b6["text/html"]), /window\.Plotly\.newPlot/);
    assert.equal(b6["image/svg+xml"], undefined, "the 3-D fallback picture is stored once, in text/html");
    assert.match(txt(b6["text/html"]), /<img src="data:image\/svg\+xml;base64,/);
    // 7: the library went to the page and was replaced in place: the saved notebook keeps a note.
    const r7 = rich(outs[7]);
    assert.equal(r7.length, 1);
    assert.match(txt(r7[0].data!["text/plain"]), /not stored in the notebook/);
    assert.ok(JSON.stringify(out).length < 400_000, `the executed notebook holds plotly.js (${JSON.stringify(out).length} bytes)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
