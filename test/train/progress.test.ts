import { test } from "node:test";
import assert from "node:assert/strict";
import { JUPYTER_DISPLAY } from "../../src/display/mime";
import { notebookReporter, terminalReporter, trainPopulation } from "../../src/train";
import { FAKE_SPEC, fakeKernel, fakeTask } from "./fakes";

const spec = { arch: FAKE_SPEC.arch, hiddenSize: FAKE_SPEC.hiddenSize };

test("terminal reporter: not a TTY → few periodic lines plus a final summary", async () => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WriteStream;
  await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 3,
    seed: 1,
    kernel: fakeKernel(),
    stop: { maxEpochs: 200 },
    reporter: terminalReporter({ stream, lineIntervalMs: 60_000 }),
  });
  assert.equal(lines.length, 2, lines.join(""));
  assert.match(lines[0]!, /^epoch 1\/200 · update 1 · 3\/3 training · loss median/);
  assert.match(lines[1]!, /^epoch 200\/200 · update 200 · 0\/3 training .* done\n$/);
});

test("notebook reporter: one display id, updated in place, HTML table + text", async () => {
  const calls: Array<{ bundle: Record<string, string>; id?: string }> = [];
  const fakeDisplay = (x: unknown, o?: { id?: string }) => {
    calls.push({ bundle: (x as { [JUPYTER_DISPLAY](): Record<string, string> })[JUPYTER_DISPLAY](), ...(o?.id ? { id: o.id } : {}) });
  };
  await trainPopulation({
    task: fakeTask(),
    spec,
    networks: 2,
    seed: 1,
    kernel: fakeKernel(),
    stop: { maxEpochs: 30 },
    reporter: notebookReporter({ display: fakeDisplay, intervalMs: 0, id: "run-1" }),
  });
  assert.equal(calls.length, 31); // 30 epochs + final
  assert.ok(calls.every((c) => c.id === "run-1"));
  const last = calls[calls.length - 1]!.bundle;
  assert.match(last["text/plain"]!, /epoch 30\/30 .* done/);
  assert.match(last["text/html"]!, /<table>.*<td>max-epochs<\/td>/s);
  // The sparkline is an <img> of an SVG (an untrusted notebook strips inline <svg> and runs its labels together).
  assert.doesNotMatch(last["text/html"]!, /<svg/);
  const img = /<img src="data:image\/svg\+xml;base64,([^"]+)" alt="loss over \d+ epochs[^"]*"/.exec(last["text/html"]!);
  assert.ok(img, "no sparkline <img> with an alt text");
  assert.match(Buffer.from(img![1]!, "base64").toString(), /^<svg[^>]*>.*<polyline/);
});

test("notebook reporter: a long run's sparkline keeps at most one point per pixel column (360)", async () => {
  let last: Record<string, string> = {};
  await trainPopulation({
    task: fakeTask(), spec, networks: 2, seed: 1, kernel: fakeKernel(), stop: { maxEpochs: 900 },
    reporter: notebookReporter({ display: (x: unknown) => void (last = (x as { [JUPYTER_DISPLAY](): Record<string, string> })[JUPYTER_DISPLAY]()), intervalMs: 0, id: "long" }),
  });
  const svg = Buffer.from(/<img src="data:image\/svg\+xml;base64,([^"]+)"/.exec(last["text/html"]!)![1]!, "base64").toString();
  const lines = [...svg.matchAll(/points="([^"]*)"/g)].map((m) => m[1]!.trim().split(/\s+/).length);
  assert.equal(lines.length, 3);
  assert.ok(lines.every((n) => n <= 360 && n >= 300), `points per line: ${lines.join(", ")}`);
});
