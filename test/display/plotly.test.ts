import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { JUPYTER_DISPLAY, initPlotly, toMimeBundle } from "../../src/display";
import { escapeScriptText, scriptJson } from "../../src/display/plotly";

test("initPlotly embeds the whole plotly.js library from the npm package, guarded and escaped", async () => {
  const lib = readFileSync(require.resolve("plotly.js-gl3d-dist-min/plotly-gl3d.min.js"), "utf8");
  const b = (await toMimeBundle(initPlotly()))!;
  assert.match(b["text/plain"] as string, /plotly\.js 4\.\d+\.\d+/);
  const html = b["text/html"] as string;
  assert.ok(html.length > lib.length, "library inlined (no CDN)");
  assert.ok(html.includes(escapeScriptText(lib)));
  assert.doesNotMatch(html, /src="https?:/);
  assert.match(html, /^<script type="text\/javascript">if \(!window\.Plotly\)/, "re-running is a no-op in the page");
  assert.equal(html.match(/<\/script/gi)!.length, 1, "only the closing tag");
  // Re-running gives the same full output, so the saved notebook keeps the library.
  const again = (await toMimeBundle(initPlotly()))!;
  assert.equal(again["text/html"], html);
  assert.equal(typeof initPlotly()[JUPYTER_DISPLAY], "function");
});

test("script escaping helpers", () => {
  assert.equal(escapeScriptText('a="</script>";b="</SCRIPT"'), 'a="<\\/script>";b="<\\/SCRIPT"');
  const j = scriptJson({ s: "</script><!--" });
  assert.ok(!j.includes("<"));
  assert.deepEqual(JSON.parse(j), { s: "</script><!--" });
});
