import { test } from "node:test";
import assert from "node:assert/strict";
import { byMode, paperScale, runMode } from "../../src/core/mode";

function withMode<T>(mode: string | undefined, f: () => T): T {
  const saved = process.env.RNN_ATLAS_MODE;
  try {
    if (mode === undefined) delete process.env.RNN_ATLAS_MODE;
    else process.env.RNN_ATLAS_MODE = mode;
    return f();
  } finally {
    if (saved === undefined) delete process.env.RNN_ATLAS_MODE;
    else process.env.RNN_ATLAS_MODE = saved;
  }
}

test("run modes: quick by default, paper and full by name (any case), anything else is refused with the choices", () => {
  assert.equal(withMode(undefined, runMode), "quick");
  assert.equal(withMode(" Paper ", runMode), "paper");
  assert.equal(withMode("FULL", runMode), "full");
  assert.throws(() => withMode("huge", runMode), /RNN_ATLAS_MODE must be "quick", "paper" or "full", got "huge"/);
  assert.equal(withMode("quick", () => paperScale()), false);
  assert.equal(withMode("paper", () => paperScale()), true);
});

test("byMode: paper picks its own value; without one it takes the quick value (never the hours of full scale)", () => {
  const v = { quick: 1, paper: 2, full: 3 };
  assert.equal(withMode("quick", () => byMode(v)), 1);
  assert.equal(withMode("paper", () => byMode(v)), 2);
  assert.equal(withMode("full", () => byMode(v)), 3);
  const saved = process.env.RNN_ATLAS_QUIET;
  process.env.RNN_ATLAS_QUIET = "1";
  try {
    assert.equal(withMode("paper", () => byMode({ quick: 1, full: 3 })), 1);
  } finally {
    if (saved === undefined) delete process.env.RNN_ATLAS_QUIET;
    else process.env.RNN_ATLAS_QUIET = saved;
  }
});
