import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { initPlotly } from "../../src/display";
import { setDisplaySink } from "../../src/display/display";
import { PLOTLY_LIBRARY_DISPLAY_ID, escapeScriptText, scriptJson } from "../../src/display/plotly";
import type { MimeBundle } from "../../src/display/mime";

/** A notebook sink that records what display() sends. */
function recordingSink(): { writes: { bundle: MimeBundle; id?: string; update: boolean }[] } {
  const rec = { writes: [] as { bundle: MimeBundle; id?: string; update: boolean }[] };
  const key = {};
  setDisplaySink({ bind: () => ({ key, write: (bundle, opts) => void rec.writes.push({ bundle, ...opts }) }) });
  return rec;
}

test("initPlotly sends the whole plotly.js library to the page, then replaces it in place by a one-line note", async () => {
  const lib = readFileSync(require.resolve("plotly.js-gl3d-dist-min/plotly-gl3d.min.js"), "utf8");
  const rec = recordingSink();
  try {
    initPlotly();
    await new Promise((r) => setImmediate(r));
    assert.equal(rec.writes.length, 2);
    const [load, note] = rec.writes;
    assert.equal(load!.id, PLOTLY_LIBRARY_DISPLAY_ID);
    assert.equal(load!.update, false);
    const html = load!.bundle["text/html"] as string;
    assert.ok(html.includes(escapeScriptText(lib)), "library inlined (no CDN)");
    assert.doesNotMatch(html, /src="https?:/);
    assert.match(html, /^<script type="text\/javascript">if \(!window\.Plotly\)/, "re-running is a no-op in the page");
    assert.equal(html.match(/<\/script/gi)!.length, 1, "only the closing tag");
    // The same display id, as an update: what the saved notebook keeps is the note, not 1.8 MB.
    assert.equal(note!.id, PLOTLY_LIBRARY_DISPLAY_ID);
    assert.equal(note!.update, true);
    assert.match(note!.bundle["text/plain"] as string, /plotly\.js 4\.\d+\.\d+ .*not stored in the notebook/);
    assert.ok(JSON.stringify(note!.bundle).length < 1000, "the stored note is small");
    assert.doesNotMatch(JSON.stringify(note!.bundle), /<script/);
  } finally {
    setDisplaySink(null);
  }
});

test("script escaping helpers", () => {
  assert.equal(escapeScriptText('a="</script>";b="</SCRIPT"'), 'a="<\\/script>";b="<\\/SCRIPT"');
  const j = scriptJson({ s: "</script><!--" });
  assert.ok(!j.includes("<"));
  assert.deepEqual(JSON.parse(j), { s: "</script><!--" });
});
