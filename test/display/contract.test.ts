/**
 * The display contract: every renderer returns the one `Figure` type, the registry holds exactly
 * one entry per kind, and importing rnn-atlas installs no kernel hooks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as ts from "typescript";
import { Figure, listRenderers } from "../../src";
import { findRenderer, toMimeBundle } from "../../src/display/registry";
import { BUILTIN_RENDERERS } from "../../src/display/builtins";
import { PLOT_RENDERERS, PLOT_RENDERER_KINDS } from "../../src/plots/register";
import { pairwiseDistances } from "../../src/analysis/projection/distanceMatrix";
import { classicalMds } from "../../src/analysis/projection/mds";
import { connectivityChange, eigenSpectra } from "../../src/analysis/lowRank";
import { syntheticFixedPoints } from "../plots/helpers";

const ROOT = path.resolve(__dirname, "../../..");

/**
 * Exported functions that return a MIME bundle on purpose: they are the building blocks for a
 * user's own `[JUPYTER_DISPLAY]()` method or the dispatch itself, not renderers.
 */
const BUNDLE_BUILDERS = new Set(["vegaLiteBundle", "svgBundle", "toMimeBundle"]);

test("every exported function of rnn-atlas that returns something displayable returns a Figure", () => {
  const program = ts.createProgram([path.join(ROOT, "src", "index.ts")], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, types: ["node"], noEmit: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(ROOT, "src", "index.ts"))!;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(index)!);
  const figures: string[] = [];
  const bad: string[] = [];
  for (const sym of exports) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (!(target.flags & ts.SymbolFlags.Function) || !target.valueDeclaration) continue;
    const fnType = checker.getTypeOfSymbolAtLocation(target, target.valueDeclaration);
    for (const sig of fnType.getCallSignatures()) {
      const ret = checker.getReturnTypeOfSignature(sig);
      const awaited = checker.getAwaitedType(ret) ?? ret;
      const shown = checker.typeToString(awaited);
      // Displayable: has the Jupyter display method, or is a MIME bundle.
      const displayable = awaited.getProperties().some((p) => /Jupyter\.display|JUPYTER_DISPLAY/.test(p.getName())) || /MimeBundle/.test(shown);
      if (!displayable) continue;
      if (/^Figure(<.*>)?$/.test(shown)) figures.push(sym.getName());
      else if (!BUNDLE_BUILDERS.has(sym.getName())) bad.push(`${sym.getName()}(): ${shown}`);
    }
  }
  assert.deepEqual(bad, [], "renderers returning something other than Figure");
  // The check saw the renderers (it would pass vacuously if it found none).
  for (const name of ["lineChart", "scatter", "heatmap", "scatter3d", "eigenvaluePlot", "fixedPointsView", "mdsMap", "reducedGraphPlot", "spectrumChart", "overlapsTable", "solutionPopulationTable", "twoNeuronPhasePortraitPlot"]) {
    assert.ok(figures.includes(name), `${name} returns a Figure`);
  }
});

test("the registry holds exactly one entry per kind: the plot table and the built-ins, nothing else", () => {
  assert.equal(new Set(PLOT_RENDERER_KINDS).size, PLOT_RENDERER_KINDS.length, `duplicate kinds in PLOT_RENDERERS: ${PLOT_RENDERER_KINDS.join(", ")}`);
  const registered = listRenderers().map((r) => r.kind);
  assert.equal(new Set(registered).size, registered.length, `duplicate kinds registered: ${registered.join(", ")}`);
  const expected = [...PLOT_RENDERER_KINDS, ...BUILTIN_RENDERERS.map((r) => r.kind)].sort();
  assert.deepEqual([...registered].sort(), expected);
});

test("records render through the table as Figures, each matched by exactly one table entry", async () => {
  const D = pairwiseDistances([0, 1, 5], (a, b) => Math.abs(a - b), { labels: ["a", "b", "c"] });
  const n = 8;
  const w0 = Float64Array.from({ length: n * n }, (_, k) => Math.sin(k) / 4);
  const w = Float64Array.from(w0, (v, k) => v + (k % (n + 1) === 0 ? 0.2 : 0));
  const change = connectivityChange({ rows: n, cols: n, data: w0 }, { rows: n, cols: n, data: w });
  const records: [string, unknown][] = [
    ["rnn-atlas/fixed-points", syntheticFixedPoints()],
    ["rnn-atlas/distance-matrix", D],
    ["rnn-atlas/mds", classicalMds(D)],
    [change.kind, change],
    [eigenSpectra(change, { g: 0.5 }).kind, eigenSpectra(change, { g: 0.5 })],
  ];
  for (const [kind, rec] of records) {
    const hits = PLOT_RENDERERS.filter((r) => (r.match ? r.match(rec) : (rec as { kind?: unknown }).kind === r.kind));
    assert.deepEqual(hits.map((h) => h.kind), [kind], `table entries matching a ${kind} record`);
    assert.equal(findRenderer(rec)?.kind, kind);
    const fig = hits[0]!.render(rec);
    assert.ok(fig instanceof Figure, `${kind} renders a Figure`);
    const b = await toMimeBundle(rec);
    assert.equal(b?.["text/plain"], fig.description, `${kind}: the displayed text is the Figure's`);
  }
  for (const r of BUILTIN_RENDERERS) {
    const sample = { "arquero-table": null, "tfjs-tensor": null, matrix: [[1, 2], [3, 4]], "typed-array": new Float32Array([1, 2, 3]) }[r.kind];
    if (sample) assert.ok(r.render(sample) instanceof Figure, `built-in ${r.kind} renders a Figure`);
  }
});

test("importing rnn-atlas inside a tslab process installs no kernel hooks", () => {
  // A stand-in for tslab's __tslab__ global: the old import-time install would have hooked its
  // exports object (or thrown looking for tslab's modules).
  const script = `
    const exportsObj = {};
    const proto = Object.getPrototypeOf(exportsObj);
    globalThis.__tslab__ = { exports: exportsObj, require };
    const atlas = require(${JSON.stringify(path.join(ROOT, "dist", "src", "index.js"))});
    const display = require(${JSON.stringify(path.join(ROOT, "dist", "src", "display", "display.js"))});
    console.log(JSON.stringify({
      installed: atlas.kernelHooksInstalled(),
      state: typeof globalThis[Symbol.for("rnn-atlas.tslab-extension")],
      sameProto: Object.getPrototypeOf(exportsObj) === proto,
      notebookSink: display.displaysToNotebook(),
      hasInstall: typeof atlas.installKernelHooks,
    }));`;
  const env = { ...process.env };
  delete env.RNN_ATLAS_DISPLAY_HOOKS;
  const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8", env }).trim().split("\n").pop()!);
  assert.deepEqual(out, { installed: false, state: "undefined", sameProto: true, notebookSink: false, hasInstall: "function" });
});

test("withDescription changes text/plain only: the picture keeps the alt text of what it shows", async () => {
  const { heatmap } = await import("../../src/display");
  const fig = heatmap([[1, 2], [3, 4]], { title: "grid" });
  const b = await toMimeBundle(fig.withDescription("Matrix 2×2 (the record's own summary)"));
  assert.equal(b?.["text/plain"], "Matrix 2×2 (the record's own summary)");
  const alt = /alt="([^"]*)"/.exec(String(b?.["text/html"]))?.[1];
  assert.equal(alt, fig.description.replace(/"/g, "&quot;"));
});
