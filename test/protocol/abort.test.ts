/** stop_on_error semantics of the project kernel (see abort_check.py). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PYTHON, ROOT, makeKernelEnv } from "./kernelEnv";

test("a failing cell aborts the requests already sent, not later ones; stop_on_error=false aborts none", { timeout: 120_000 }, () => {
  const k = makeKernelEnv("rnn-atlas-protocol-abort-");
  try {
    const r = spawnSync(PYTHON, [path.join(ROOT, "test", "protocol", "abort_check.py")], {
      cwd: k.nbDir,
      env: { ...k.env, KERNEL_NAME: "rnn-atlas-ts" },
      encoding: "utf8",
      timeout: 100_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim().split("\n").pop()!);
    assert.deepEqual(got, { run_all: ["error", "aborted", "aborted"], after_reply: ["ok"], allow_errors: ["error", "ok", "ok"] });
  } finally {
    k.cleanup();
  }
});
