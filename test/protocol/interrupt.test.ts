/** Interrupt means stop (issue 19, finding 3): see interrupt_check.py. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PYTHON, ROOT, makeKernelEnv } from "./kernelEnv";

test("interrupting a cell that trains stops the training (its state saved) and the kernel answers the next cell", { timeout: 150_000 }, () => {
  const k = makeKernelEnv("rnn-atlas-protocol-interrupt-");
  try {
    const r = spawnSync(PYTHON, [path.join(ROOT, "test", "protocol", "interrupt_check.py")], {
      cwd: k.nbDir,
      env: { ...k.env, KERNEL_NAME: "rnn-atlas-ts", RUN_DIR: path.join(k.dir, "run") },
      encoding: "utf8",
      timeout: 140_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim().split("\n").pop()!) as { started: boolean; reply: string; stopped: boolean; at_stop: number; later: number; next: string };
    assert.ok(got.started, "the training ran (a snapshot appeared)");
    // Before the fix the snapshots kept advancing after the interrupt (epoch 800 → 5000 in 30 s).
    assert.ok(got.stopped, `training went on after the interrupt: epoch ${got.at_stop} → ${got.later}`);
    assert.equal(got.next, "ok", "the kernel answers the next cell");
  } finally {
    k.cleanup();
  }
});
