import { test } from "node:test";
import assert from "node:assert/strict";
import { MimeBundle, toMimeBundle } from "../../src/display";
import { previewArray } from "../../src/display/builtins";
import { checkStaticPicture, countMarks } from "./helpers";

test("arquero tables: HTML table with a row limit + text/plain", async () => {
  const aq = require("arquero");
  const t = aq.table({ id: Array.from({ length: 50 }, (_, i) => i), name: Array.from({ length: 50 }, (_, i) => `n${i}`), v: Array.from({ length: 50 }, (_, i) => i / 3) });
  const b = (await toMimeBundle(t))!;
  assert.deepEqual(Object.keys(b).sort(), ["text/html", "text/plain"]);
  const html = b["text/html"] as string;
  assert.match(html, /<table>/);
  assert.equal(html.match(/<tr>/g)!.length, 1 + 20, "header + 20 rows");
  assert.match(html, /first 20 shown/);
  const text = b["text/plain"] as string;
  assert.match(text, /^Table: 50 rows × 3 columns/);
  assert.match(text, /n19/);
  assert.doesNotMatch(text, /n20\b/);
  assert.match(text, /30 more rows/);
});

test("TF.js tensors: shape, dtype, stats, preview; 2-D gets a heatmap; no tensor leak", async () => {
  const tf = require("@tensorflow/tfjs");
  tf.enableProdMode();
  await tf.setBackend("cpu");
  const m = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const v = tf.range(0, 100);
  const before = tf.memory().numTensors;
  const b = (await toMimeBundle(m))!;
  const bv = (await toMimeBundle(v))!;
  assert.equal(tf.memory().numTensors, before, "rendering creates no tensors");
  assert.match(b["text/plain"] as string, /^Tensor float32 \[2, 3\]  min 1, max 6, mean 3\.5/);
  assert.equal(countMarks(checkStaticPicture(b), "rect"), 6);
  // Viewers show the picture, not the text: the picture itself names the dtype and shape.
  assert.ok((b["image/svg+xml"] as string).includes("Tensor float32 [2, 3]"), "the heatmap is not titled with dtype and shape");
  assert.match(bv["text/plain"] as string, /^Tensor float32 \[100\]/);
  assert.match(bv["text/plain"] as string, /\[0, 1, 2, …, 97, 98, 99\]/);
  assert.equal(bv["image/svg+xml"], undefined);
  const d = tf.tensor1d([1, 2]);
  d.dispose();
  assert.match((await toMimeBundle(d))!["text/plain"] as string, /disposed/);
  m.dispose();
  v.dispose();
});

test("typed arrays: text preview with stats", async () => {
  const b = (await toMimeBundle(Float64Array.from({ length: 1000 }, (_, i) => i)))!;
  assert.match(b["text/plain"] as string, /^Float64Array\(1000\)  min 0, max 999, mean 499\.5\n\[0, 1, 2, 3, 4, …, 995, 996, 997, 998, 999\]/);
  assert.match(b["text/html"] as string, /^<pre>/);
  assert.equal(await toMimeBundle(Buffer.from("abc")), null, "Buffers are left to util.inspect");
});

test("matrices: {data, shape}, number[][] and ml-matrix give text + heatmap", async () => {
  const { Matrix } = require("ml-matrix");
  const cases: [unknown, RegExp][] = [
    [{ data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] }, /^Array 2×3/],
    [[[1, 2, 3], [4, 5, 6]], /^number\[\]\[\] 2×3/],
    [new Matrix([[1, 2, 3], [4, 5, 6]]), /^Matrix 2×3/],
  ];
  for (const [value, head] of cases) {
    const b = (await toMimeBundle(value)) as MimeBundle;
    assert.match(b["text/plain"] as string, head);
    assert.match(b["text/plain"] as string, /\[1, 2, 3\]/);
    assert.equal(countMarks(checkStaticPicture(b), "rect"), 6);
    assert.ok((b["image/svg+xml"] as string).includes(" 2×3"), "the heatmap is not titled with its shape");
    assert.ok(b["application/vnd.vegalite.v5+json"]);
  }
  const b3 = (await toMimeBundle({ data: new Float32Array(24), shape: [2, 3, 4] }))!;
  assert.match(b3["text/plain"] as string, /^Array \[2, 3, 4\]/);
  assert.equal(await toMimeBundle([[1, "a"], [2, "b"]]), null, "non-numeric nested arrays are not matrices");
});

test("previewArray elides the middle of long axes", () => {
  const data = Array.from({ length: 100 }, (_, i) => i);
  assert.equal(previewArray(data, [10, 10], 2), "[\n [0, 1, …, 8, 9],\n [10, 11, …, 18, 19],\n …,\n [80, 81, …, 88, 89],\n [90, 91, …, 98, 99]\n]");
});
