/**
 * jupyter_kernel_test (the Jupyter project's conformance suite, Debian python3-jupyter-kernel-test)
 * against the project kernel, with the TypeScript samples of kernel_suite.py. Every test must pass;
 * the one allowed skip (test_pager) is justified in kernel_suite.py.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PYTHON, ROOT, makeKernelEnv } from "./kernelEnv";

const EXPECTED_SKIPS = ["test_pager"];

test("jupyter_kernel_test passes against the project kernel", { timeout: 300_000 }, () => {
  const k = makeKernelEnv("rnn-atlas-kernel-suite-");
  try {
    const r = spawnSync(PYTHON, ["-m", "unittest", "-v", "kernel_suite"], {
      cwd: k.nbDir,
      env: { ...k.env, KERNEL_NAME: "rnn-atlas-ts", PYTHONPATH: path.join(ROOT, "test", "protocol") },
      encoding: "utf8",
      timeout: 280_000,
    });
    const log = `${r.stdout}\n${r.stderr}`;
    const ran = /^Ran (\d+) tests?/m.exec(log);
    assert.ok(ran, `no unittest summary:\n${log.slice(-3000)}`);
    const results = [...log.matchAll(/^(test_\w+) \([\w.]+\)[^\n]*? \.\.\. (ok|skipped.*|FAIL|ERROR)$/gm)].map((m) => [m[1], m[2]] as const);
    const passed = results.filter(([, s]) => s === "ok").map(([n]) => n);
    const skipped = results.filter(([, s]) => s.startsWith("skipped")).map(([n]) => n);
    const failed = results.filter(([, s]) => s === "FAIL" || s === "ERROR").map(([n]) => n);
    console.log(`jupyter_kernel_test: ran ${ran![1]}, passed ${passed.length}, failed ${failed.length}, skipped ${skipped.length} (${skipped.join(", ")})`);
    assert.equal(r.status, 0, `suite failed:\n${log.slice(-6000)}`);
    assert.deepEqual(failed, []);
    assert.deepEqual(skipped, EXPECTED_SKIPS);
    assert.equal(Number(ran![1]), 12);
    assert.equal(passed.length, 12 - EXPECTED_SKIPS.length);
    assert.match(log, /\nOK \(skipped=1\)/);
  } finally {
    k.cleanup();
  }
});
