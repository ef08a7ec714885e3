import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

// Runs in a fresh process so the module cache shows exactly what importing and matching load.
const script = `
const d = require(${JSON.stringify(path.resolve(__dirname, "../../src/display/index.js"))});
const heavy = () => Object.keys(require.cache).filter((k) => /node_modules[\\\\/](vega|vega-lite|arquero|@tensorflow|ml-matrix|plotly)/.test(k));
const before = heavy();
const fakeTable = { toHTML() {}, numRows() { return 0 }, numCols() { return 0 }, columnNames() { return [] }, objects() { return [] } };
const fakeTensor = { shape: [2], dtype: "float32", dataSync() { return new Float32Array(2) }, dataId: {}, isDisposed: false };
const matched = [fakeTable, fakeTensor, new Float32Array(3), [[1, 2], [3, 4]], { data: [1, 2], shape: [2] }, 5, "s"]
  .map((v) => d.listRenderers().length && require(${JSON.stringify(path.resolve(__dirname, "../../src/display/registry.js"))}).hasRichDisplay(v));
console.log(JSON.stringify({ before, after: heavy(), matched, tslab: typeof globalThis.__tslab__, installed: d.installKernelHooks() }));
`;

test("importing rnn-atlas display and matching values loads no heavy library and installs nothing", () => {
  const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim().split("\n").pop()!);
  assert.deepEqual(out.before, []);
  assert.deepEqual(out.after, []);
  assert.deepEqual(out.matched, [true, true, true, true, true, false, false]);
  assert.equal(out.tslab, "undefined");
  assert.equal(out.installed, false);
});

test("display() in plain Node prints text/plain to stdout", () => {
  const code = `const d = require(${JSON.stringify(path.resolve(__dirname, "../../src/display/index.js"))});
    d.display({ [d.JUPYTER_DISPLAY]: () => ({ "text/plain": "hello from display", "text/html": "<b>x</b>" }) });
    d.display(new Float32Array([1, 2]));`;
  const out = execFileSync(process.execPath, ["-e", code], { encoding: "utf8" });
  assert.match(out, /^hello from display\n/);
  assert.match(out, /Float32Array\(2\)/);
  assert.doesNotMatch(out, /<b>/);
});
