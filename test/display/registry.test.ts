import { test } from "node:test";
import assert from "node:assert/strict";
import { JUPYTER_DISPLAY, listRenderers, registerRenderer, toMimeBundle, MimeBundle } from "../../src/display";
import { captureStderr } from "./helpers";

class Marker {
  constructor(readonly tag: string) {}
}
const isMarker = (v: unknown): v is Marker => v instanceof Marker;

test("renderers run by descending priority; ties keep registration order", async () => {
  const calls: string[] = [];
  const mk = (id: string, priority: number) =>
    registerRenderer<Marker>({
      kind: id,
      priority,
      match: (v) => {
        calls.push(id);
        return isMarker(v) && v.tag === "any";
      },
      render: () => ({ "text/plain": id }),
    });
  const offs = [mk("t-low", 1), mk("t-high", 5), mk("t-tie-a", 3), mk("t-tie-b", 3)];
  try {
    const b = await toMimeBundle(new Marker("any"));
    assert.equal(b?.["text/plain"], "t-high");
    const order = listRenderers().map((r) => r.kind).filter((id) => id.startsWith("t-"));
    assert.deepEqual(order, ["t-high", "t-tie-a", "t-tie-b", "t-low"]);
    // Match stops at the first hit.
    assert.deepEqual(calls, ["t-high"]);
    // Tie order: the earlier registration wins.
    offs[1]();
    assert.equal((await toMimeBundle(new Marker("any")))?.["text/plain"], "t-tie-a");
  } finally {
    offs.forEach((off) => off());
  }
  assert.equal(listRenderers().filter((r) => r.kind.startsWith("t-")).length, 0);
});

test("unregister removes exactly its registration; the same kind replaces", async () => {
  const off1 = registerRenderer<Marker>({ kind: "t-same", match: isMarker, render: () => ({ "text/plain": "one" }) });
  const off2 = registerRenderer<Marker>({ kind: "t-same", match: isMarker, render: () => ({ "text/plain": "two" }) });
  assert.equal(listRenderers().filter((r) => r.kind === "t-same").length, 1);
  assert.equal((await toMimeBundle(new Marker("x")))?.["text/plain"], "two");
  off1(); // stale unregister of the replaced entry: no effect
  assert.equal((await toMimeBundle(new Marker("x")))?.["text/plain"], "two");
  off2();
  assert.equal(await toMimeBundle(new Marker("x")), null);
});

test("Jupyter.display method wins over renderers, and may be async", async () => {
  const off = registerRenderer({ kind: "t-all-objects", priority: 1000, match: (v) => typeof v === "object", render: () => ({ "text/plain": "renderer" }) });
  try {
    const own = { [JUPYTER_DISPLAY]: () => ({ "text/plain": "own", "text/html": "<b>own</b>" }) };
    assert.deepEqual(await toMimeBundle(own), { "text/plain": "own", "text/html": "<b>own</b>" });
    const ownAsync = { [JUPYTER_DISPLAY]: async () => ({ "text/markdown": "**x**" }) };
    const b = (await toMimeBundle(ownAsync)) as MimeBundle;
    assert.equal(b["text/markdown"], "**x**");
    assert.match(b["text/plain"] as string, /Jupyter\.display/, "text/plain is added (util.inspect) when missing");
  } finally {
    off();
  }
});

test("values nothing matches give null (caller prints them as text)", async () => {
  assert.equal(await toMimeBundle(42), null);
  assert.equal(await toMimeBundle(undefined), null);
  assert.equal(await toMimeBundle({ a: 1 }), null);
});

test("a throwing render falls back to text/plain and reports on stderr", async () => {
  const off = registerRenderer<Marker>({
    kind: "t-broken",
    match: isMarker,
    render: () => {
      throw new Error("boom in render");
    },
  });
  try {
    const { value, stderr } = await captureStderr(() => toMimeBundle(new Marker("bad")));
    assert.deepEqual(Object.keys(value!), ["text/plain"]);
    assert.match(value!["text/plain"] as string, /Marker/);
    assert.match(value!["text/plain"] as string, /bad/);
    assert.match(stderr, /t-broken/);
    assert.match(stderr, /boom in render/);
  } finally {
    off();
  }
});

test("async rejection, a bad bundle and a throwing match are isolated too", async () => {
  const offs = [
    registerRenderer<Marker>({ kind: "t-reject", match: (v) => isMarker(v) && v.tag === "r", render: async () => Promise.reject(new Error("async boom")) }),
    registerRenderer<Marker>({ kind: "t-badbundle", match: (v) => isMarker(v) && v.tag === "b", render: () => "not a bundle" as any }),
    registerRenderer({ kind: "t-badmatch", priority: 50, match: () => { throw new Error("match boom"); }, render: () => ({ "text/plain": "never" }) }),
  ];
  try {
    const r = await captureStderr(() => toMimeBundle(new Marker("r")));
    assert.deepEqual(Object.keys(r.value!), ["text/plain"]);
    assert.match(r.stderr, /async boom/);
    assert.match(r.stderr, /match boom/);
    const b = await captureStderr(() => toMimeBundle(new Marker("b")));
    assert.deepEqual(Object.keys(b.value!), ["text/plain"]);
    assert.match(b.stderr, /t-badbundle/);
    assert.match(b.stderr, /MIME bundle/);
    const own = await captureStderr(() => toMimeBundle({ [JUPYTER_DISPLAY]: () => { throw new Error("own boom"); } }));
    assert.deepEqual(Object.keys(own.value!), ["text/plain"]);
    assert.match(own.stderr, /own boom/);
  } finally {
    offs.forEach((o) => o());
  }
});

test("registerRenderer rejects malformed renderers with a clear message", () => {
  assert.throws(() => registerRenderer({ kind: "", match: () => true, render: () => ({}) }), /kind must be a non-empty string/);
  assert.throws(() => registerRenderer({ kind: "x", match: 1 as any, render: () => ({}) }), /render \(and match, when given\) must be functions/);
  assert.throws(() => registerRenderer({ kind: "x", priority: NaN, match: () => true, render: () => ({}) }), /priority/);
});

test("a renderer without match draws the records whose kind tag equals its kind; the older `id` spelling still registers", async () => {
  const offs = [
    registerRenderer({ kind: "t-tagged", render: (v: { n: number }) => ({ "text/plain": `tagged ${v.n}` }) }),
    registerRenderer({ id: "t-legacy", match: (v) => isMarker(v) && v.tag === "legacy", render: () => ({ "text/plain": "legacy" }) }),
  ];
  try {
    assert.equal((await toMimeBundle({ kind: "t-tagged", n: 3 }))?.["text/plain"], "tagged 3");
    assert.equal(await toMimeBundle({ kind: "t-other", n: 3 }), null);
    assert.equal((await toMimeBundle(new Marker("legacy")))?.["text/plain"], "legacy");
    assert.equal(listRenderers().filter((r) => r.kind === "t-legacy").length, 1);
  } finally {
    offs.forEach((o) => o());
  }
});
