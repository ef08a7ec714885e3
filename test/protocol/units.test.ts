/** Unit tests of the protocol kernel's pure parts: history queries, source patches, compile-error text. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { History, HISTORY_SESSION, globToRegExp } from "../../kernel-helpers/kernel/history";
import { applyPatches, loadTslab, SUPPORTED_TSLAB_VERSION } from "../../kernel-helpers/kernel/tslabModules";
import { compileError } from "../../kernel-helpers/kernel/traceback";
import { parseArgs } from "../../kernel-helpers/kernel/main";

test("glob patterns match whole inputs like sqlite GLOB", () => {
  assert.ok(globToRegExp("1 + 2*").test("1 + 2 + 3"));
  assert.ok(!globToRegExp("1 + 2*").test("x = 1 + 2"));
  assert.ok(globToRegExp("a?c").test("abc"));
  assert.ok(globToRegExp("[ab]x").test("bx") && !globToRegExp("[!ab]x").test("bx"));
  assert.ok(globToRegExp("*.map(*)").test("[1].map(f)"));
});

test("history: tail, range and search with unique and n", () => {
  const h = new History();
  const inputs = ["a = 1", "b = 2", "a = 1", "c"];
  inputs.forEach((input, i) => h.add({ line: i + 1, input, output: i === 3 ? "3" : null }));
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 2 }), [
    [HISTORY_SESSION, 3, "a = 1"],
    [HISTORY_SESSION, 4, "c"],
  ]);
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 1, output: true }), [[HISTORY_SESSION, 4, ["c", "3"]]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: HISTORY_SESSION, start: 2, stop: 4 }).map((e) => e[1]), [2, 3]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: -1, start: 1 }), []);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "a*" }).map((e) => e[1]), [1, 3]);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "a*", unique: true }).map((e) => e[1]), [3]);
  assert.deepEqual(h.query({ hist_access_type: "search", pattern: "*", n: 3 }).map((e) => e[1]), [2, 3, 4]);
});

test("source patches apply exactly once or fail naming the supported tslab", () => {
  assert.equal(applyPatches("f.js", "a\nb\n", [{ find: "b\n", replace: "B\n" }]), "a\nB\n");
  assert.throws(() => applyPatches("f.js", "a\n", [{ find: "zz", replace: "" }]), new RegExp(`tslab ${SUPPORTED_TSLAB_VERSION.replace(/\./g, "\\.")}`));
  assert.throws(() => applyPatches("f.js", "x x", [{ find: "x", replace: "y" }]), /exactly once/);
});

test("the pinned tslab loads with its patched converter emitting source maps", () => {
  const t = loadTslab();
  assert.equal(t.version, SUPPORTED_TSLAB_VERSION);
  assert.equal(typeof t.jupyter.ZmqMessage?.fromRaw, "function");
  const conv = t.converter.createConverter({ isJS: false, isBrowser: false });
  try {
    const r = conv.convert("", "const x: number = 1;\nx + 1");
    assert.deepEqual(r.diagnostics, []);
    assert.equal(JSON.parse(r.sourceMap).version, 3);
    assert.match(r.esOutput, /export/);
    assert.match(r.output, /exports\.x/);
  } finally {
    conv.close();
  }
});

test("compile errors name the cell, line, column and TypeScript code", () => {
  const e = compileError(
    [{ start: { offset: 20, line: 1, character: 6 }, end: { offset: 23, line: 1, character: 9 }, messageText: "Type 'string' is not assignable to type 'number'.", category: 1, code: 2322 }],
    "Cell In[4]",
    "const ok = 1;\nconst bad: number = 'x';",
  );
  assert.equal(e.ename, "TSError");
  assert.equal(e.evalue, "TS2322: Type 'string' is not assignable to type 'number'.");
  assert.equal(e.traceback[1], "Cell In[4], line 2, column 7: error TS2322: Type 'string' is not assignable to type 'number'.");
  assert.match(e.traceback.join("\n"), /----> 2 \| const bad: number = 'x';\n\s+\|       \^/);
});

test("command line: kernel --config-path", () => {
  assert.deepEqual(parseArgs(["kernel", "--config-path", "/c.json"]), { configPath: "/c.json" });
  assert.deepEqual(parseArgs(["kernel", "--config-path=/c.json"]), { configPath: "/c.json" });
  assert.throws(() => parseArgs(["kernel"]), /missing --config-path/);
  assert.throws(() => parseArgs(["kernel", "--js", "--config-path", "x"]), /--js/);
});
