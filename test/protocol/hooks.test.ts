/**
 * The display hooks are the kernel's job: the project kernel installs them when it starts, before
 * any cell imports rnn-atlas, and RNN_ATLAS_DISPLAY_HOOKS=off starts it without them. Importing
 * rnn-atlas installs nothing (test/display/contract.test.ts checks that in plain Node).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { executeNotebook, makeKernelEnv } from "./kernelEnv";

const CELLS = [
  // 0: no rnn-atlas import yet
  `typeof (globalThis as any)[Symbol.for("rnn-atlas.tslab-extension")]`,
  // 1: the first import, a chart as the cell's last value
  `import { lineChart, kernelHooksInstalled } from "rnn-atlas";\nlineChart([3, 1, 2], { title: "after the first import" })`,
  // 2
  `kernelHooksInstalled()`,
];

type Output = { output_type: string; data?: Record<string, unknown>; text?: string | string[] };
const txt = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

function run(env: NodeJS.ProcessEnv): Output[][] {
  const k = makeKernelEnv("rnn-atlas-protocol-hooks-");
  try {
    const r = executeNotebook(k, "hooks", CELLS, { env });
    assert.equal(r.status, 0, r.stderr);
    return r.outputs as Output[][];
  } finally {
    k.cleanup();
  }
}

const result = (o: Output[]) => o.filter((x) => x.output_type === "execute_result").map((x) => x.data ?? {});

test("the project kernel installs the display hooks at start; RNN_ATLAS_DISPLAY_HOOKS=off leaves them out", { timeout: 300_000 }, () => {
  const on = run({ RNN_ATLAS_DISPLAY_HOOKS: "" });
  assert.match(txt(result(on[0])[0]?.["text/plain"]), /object/, "hooks present before any import of rnn-atlas");
  const chart = result(on[1])[0] ?? {};
  assert.ok(chart["application/vnd.vegalite.v5+json"], `the chart shows richly: ${Object.keys(chart).join(", ")}`);
  assert.match(txt(chart["text/html"]), /^<img src="data:image\/svg\+xml;base64,/);
  assert.match(txt(result(on[2])[0]?.["text/plain"]), /true/);

  const off = run({ RNN_ATLAS_DISPLAY_HOOKS: "off" });
  assert.match(txt(result(off[0])[0]?.["text/plain"]), /undefined/, "no hooks without the kernel installing them");
  const plain = [...result(off[1]), ...off[1].filter((x) => x.output_type === "display_data").map((x) => x.data ?? {})];
  assert.ok(plain.every((d) => d["application/vnd.vegalite.v5+json"] === undefined), "importing rnn-atlas did not install them");
  assert.match(txt(result(off[2])[0]?.["text/plain"]), /false/);
});
