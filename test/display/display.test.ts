import { test } from "node:test";
import assert from "node:assert/strict";
import { JUPYTER_DISPLAY, MimeBundle, display } from "../../src/display";
import { setDisplaySink, DisplaySink } from "../../src/display/display";
import { checkTslabVersion, SUPPORTED_TSLAB_VERSION } from "../../src/display/kernel/tslabInternals";

interface Out {
  text: string;
  id?: string;
  update: boolean;
}

function recordingSink(key: object = {}): { sink: DisplaySink; outs: Out[]; waited: Promise<unknown>[] } {
  const outs: Out[] = [];
  const waited: Promise<unknown>[] = [];
  return {
    outs,
    waited,
    sink: {
      bind: () => ({
        key,
        write: (b: MimeBundle, o) => outs.push({ text: String(b["text/plain"]), ...(o.id ? { id: o.id } : {}), update: o.update }),
        wait: (p) => waited.push(p),
      }),
    },
  };
}

const later = (text: string, ms: number) => ({
  [JUPYTER_DISPLAY]: () => new Promise<MimeBundle>((r) => setTimeout(() => r({ "text/plain": text }), ms)),
});
const now = (text: string) => ({ [JUPYTER_DISPLAY]: () => ({ "text/plain": text }) });

test("sync outputs are written at once; async ones keep call order and are announced to the kernel", async () => {
  const { sink, outs, waited } = recordingSink();
  setDisplaySink(sink);
  try {
    void display(now("a"));
    assert.deepEqual(outs.map((o) => o.text), ["a"], "written synchronously");
    void display(later("b", 30));
    void display(now("c")); // must wait behind b
    const last = display(later("d", 1));
    assert.deepEqual(outs.map((o) => o.text), ["a"]);
    assert.equal(waited.length, 3);
    await last;
    assert.deepEqual(outs.map((o) => o.text), ["a", "b", "c", "d"]);
    void display(42);
    assert.equal(outs[4].text, "42", "plain values show as util.inspect text");
  } finally {
    setDisplaySink(null);
  }
});

test("display ids: the first call in a cell creates the output, later calls update it", async () => {
  const cell1 = recordingSink({});
  setDisplaySink(cell1.sink);
  try {
    for (let i = 0; i < 3; i++) await display(now(`step ${i}`), { id: "curve" });
    await display(now("other"), { id: "other" });
    assert.deepEqual(cell1.outs, [
      { text: "step 0", id: "curve", update: false },
      { text: "step 1", id: "curve", update: true },
      { text: "step 2", id: "curve", update: true },
      { text: "other", id: "other", update: false },
    ]);
    const cell2 = recordingSink({});
    setDisplaySink(cell2.sink);
    await display(now("new cell"), { id: "curve" });
    await display(now("forced"), { id: "other", update: true });
    assert.deepEqual(cell2.outs, [
      { text: "new cell", id: "curve", update: false },
      { text: "forced", id: "other", update: true },
    ]);
    assert.throws(() => display(1, { id: "" }), /id must be a non-empty string/);
  } finally {
    setDisplaySink(null);
  }
});

test("the kernel hooks refuse other tslab versions with a message naming 1.0.22", () => {
  assert.equal(SUPPORTED_TSLAB_VERSION, "1.0.22");
  assert.doesNotThrow(() => checkTslabVersion("1.0.22"));
  assert.throws(() => checkTslabVersion("1.0.21"), /runs tslab 1\.0\.21.*supports tslab 1\.0\.22 only.*npm install --save-dev tslab@1\.0\.22/s);
  assert.equal(require("tslab/package.json").version, SUPPORTED_TSLAB_VERSION, "the installed tslab is the supported one");
});
