import { test } from "node:test";
import assert from "node:assert/strict";
import { getDisplayPolicy, lineChart, scatter3d, setDisplayPolicy, svgBundle, toMimeBundle } from "../../src/display";
import { applyDisplayPolicy } from "../../src/display/policy";

function withEnv<T>(value: string | undefined, fn: () => T): T {
  const old = process.env.RNN_ATLAS_DISPLAY;
  if (value === undefined) delete process.env.RNN_ATLAS_DISPLAY;
  else process.env.RNN_ATLAS_DISPLAY = value;
  try {
    return fn();
  } finally {
    if (old === undefined) delete process.env.RNN_ATLAS_DISPLAY;
    else process.env.RNN_ATLAS_DISPLAY = old;
  }
}

test("default is both; env var is read; bad values get a clear error", () => {
  withEnv(undefined, () => assert.equal(getDisplayPolicy(), "both"));
  withEnv("static", () => assert.equal(getDisplayPolicy(), "static"));
  withEnv(" Interactive ", () => assert.equal(getDisplayPolicy(), "interactive"));
  withEnv("fancy", () => assert.throws(() => getDisplayPolicy(), /RNN_ATLAS_DISPLAY must be one of "interactive", "static", "both", got "fancy"/));
  assert.throws(() => setDisplayPolicy("nope" as any), /setDisplayPolicy/);
});

test("setDisplayPolicy overrides the env var and returns the previous policy", async () => {
  await withEnv("static", async () => {
    const prev = setDisplayPolicy("interactive");
    try {
      assert.equal(prev, "static");
      assert.equal(getDisplayPolicy(), "interactive");
    } finally {
      setDisplayPolicy("both");
    }
  });
});

test("static drops interactive forms; interactive drops pictures; text/plain always stays", async () => {
  const f = lineChart([1, 2, 3]);
  const p3 = scatter3d([[[0, 0, 0], [1, 2, 3]]]);
  try {
    setDisplayPolicy("static");
    const s = (await toMimeBundle(f))!;
    assert.deepEqual(Object.keys(s).sort(), ["image/svg+xml", "text/html", "text/plain"]);
    const s3 = (await toMimeBundle(p3))!;
    assert.deepEqual(Object.keys(s3).sort(), ["image/svg+xml", "text/html", "text/plain"]);
    assert.match(s3["text/html"] as string, /^<img src="data:image\/svg\+xml;base64,/);
    assert.doesNotMatch(s3["text/html"] as string, /<script/);

    setDisplayPolicy("interactive");
    const i = (await toMimeBundle(f))!;
    assert.deepEqual(Object.keys(i).sort(), ["application/vnd.vegalite.v5+json", "text/plain"]);
    const i3 = (await toMimeBundle(p3))!;
    assert.deepEqual(Object.keys(i3).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    assert.match(i3["text/html"] as string, /<script/);
    // A picture-only output (e.g. a graph drawing) keeps its picture: there is nothing else to show.
    const svgOnly = (await toMimeBundle({ [Symbol.for("Jupyter.display")]: () => svgBundle('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', "g") }))!;
    assert.deepEqual(Object.keys(svgOnly).sort(), ["image/svg+xml", "text/html", "text/plain"]);

    setDisplayPolicy("both");
    assert.equal(Object.keys((await toMimeBundle(f))!).length, 4);
  } finally {
    setDisplayPolicy("both");
  }
});

test("applyDisplayPolicy keeps non-picture HTML such as tables", () => {
  const table = { "text/plain": "t", "text/html": "<table><tr><td>1</td></tr></table>" };
  assert.deepEqual(applyDisplayPolicy(table, "static"), table);
  assert.deepEqual(applyDisplayPolicy(table, "interactive"), table);
});
