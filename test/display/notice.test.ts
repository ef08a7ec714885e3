// Informational notices: stdout inside the project kernel (stderr is a red box in Jupyter), stderr elsewhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { notice } from "../../src/core/notice";

function capture(run: () => void): { out: string; err: string } {
  const o = process.stdout.write, e = process.stderr.write;
  let out = "", err = "";
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    run();
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
  return { out, err };
}

test("notice: stderr outside a notebook, stdout inside the project kernel, silent with RNN_ATLAS_QUIET=1", () => {
  const key = Symbol.for("rnn-atlas.kernel.protocol");
  const g = globalThis as Record<symbol, unknown>;
  const quiet = process.env.RNN_ATLAS_QUIET;
  delete process.env.RNN_ATLAS_QUIET;
  try {
    assert.deepEqual(capture(() => notice("rnn-atlas: hello")), { out: "", err: "rnn-atlas: hello\n" });
    g[key] = {};
    assert.deepEqual(capture(() => notice("rnn-atlas: hello")), { out: "rnn-atlas: hello\n", err: "" });
    process.env.RNN_ATLAS_QUIET = "1";
    assert.deepEqual(capture(() => notice("rnn-atlas: hello")), { out: "", err: "" });
  } finally {
    delete g[key];
    if (quiet === undefined) delete process.env.RNN_ATLAS_QUIET;
    else process.env.RNN_ATLAS_QUIET = quiet;
  }
});
