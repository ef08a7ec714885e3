/** Checks every registered task against the common contract, plus registry errors and toTensors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeTasks, getTask, listTasks, resolveTaskName, toTensors, TaskOptionError } from "../../src/tasks";
import { assertSame, assertWellFormed, differs } from "./helpers";

const NAMES = [
  "rsg",
  "interval-discrimination",
  "delayed-discrimination",
  "two-neuron",
  "flipflop3",
  "flipflop2",
  "mante",
  "romo",
  "sine",
  "linear-fixed-point",
  "sentiment",
  "text-classification",
];
const DETERMINISTIC = new Set(["two-neuron", "linear-fixed-point"]);

test("registry lists the twelve tasks and describes each in one line", () => {
  assert.deepEqual([...listTasks()].sort(), [...NAMES].sort());
  const d = describeTasks();
  assert.equal(d.length, NAMES.length);
  for (const r of d) {
    assert.ok(r.description.length > 10 && !r.description.includes("\n"), r.name);
    assert.match(r.paper.url, /^https:\/\//);
    assert.ok(r.paper.citation.length > 10);
  }
  assert.deepEqual(d.find((r) => r.name === "rsg")!.aliases.sort(), ["interval-reproduction", "ready-set-go", "time-reproduction"]);
});

test("aliases resolve to the canonical task", () => {
  for (const a of ["ready-set-go", "interval-reproduction", "RSG", "Ready_Set_Go"]) {
    assert.equal(resolveTaskName(a), "rsg");
    assert.equal(getTask(a).name, "rsg");
  }
  assert.equal(resolveTaskName("nope"), undefined);
});

test("unknown task names list the known ones", () => {
  assert.throws(() => getTask("rgs"), (e: Error) => /Unknown task "rgs"/.test(e.message) && NAMES.every((n) => e.message.includes(n)));
});

test("unknown and impossible options are rejected with the option's name", () => {
  assert.throws(() => getTask("rsg", { lowTS: 10 } as never), (e: Error) => e instanceof TaskOptionError && /unknown option "lowTS".*lowTs/.test(e.message));
  assert.throws(() => getTask("rsg", { lowTs: 60 }), /highTs/);
  assert.throws(() => getTask("rsg", { time: 100 }), /time \(100\) is too short/);
  assert.throws(() => getTask("rsg", { lowTs: 3 }), /lowTs \(3\) must be ≥ pulse/);
  assert.throws(() => getTask("flipflop2", { tMax: 50.25 }), /whole number of steps/);
  assert.throws(() => getTask("interval-discrimination", { pulse: 1.5 }), /"pulse" must be an integer/);
  assert.throws(() => getTask("mante", { coherences: [0.5, 0] }), /non-zero/);
  assert.throws(() => getTask("romo", { minDiff: 2 }), /minDiff/);
  assert.throws(() => getTask("sine", { omegaRange: [0.6, 0.1] }), /lo ≤ hi/);
  assert.throws(() => getTask("two-neuron", { x0: [1, 0, 0] as never }), /2 entries/);
  const rsg = getTask("rsg");
  assert.throws(() => rsg.trials({ batch: 0, seed: 1 }), /batch must be a positive integer/);
  assert.throws(() => rsg.trials({ batch: 2, seed: 0.5 }), /seed must be an integer/);
  assert.throws(() => rsg.trials({ batch: 2, seed: 1, extrapolate: { tsRange: [25, 45] } }), /inside the training range/);
  assert.throws(() => rsg.trials({ batch: 2, seed: 1, extrapolate: { tRange: [60, 70] } as never }), /unknown extrapolate option "tRange"/);
});

for (const name of NAMES) {
  test(`${name}: contract (shapes, determinism, seeds, extrapolation, validation, score)`, () => {
    const task = getTask(name);
    assert.equal(task.name, name);
    const a = task.trials({ batch: 16, seed: 7 });
    assertWellFormed(a);
    assert.equal(a.task, name);
    assert.equal(a.batch, 16);
    assert.equal(a.inputSize, task.inputSize);
    assert.equal(a.outputSize, task.outputSize);
    assert.equal(a.lossScale, task.lossScale);
    assert.ok(a.mask.some((v) => v === 1), "some steps are masked");
    assertSame(a, task.trials({ batch: 16, seed: 7 }));
    if (!DETERMINISTIC.has(name)) assert.ok(differs(a, task.trials({ batch: 16, seed: 8 })), "different seeds differ");
    // Extrapolation: same structure, flagged outside the training range, trial at least as long.
    const x = task.trials({ batch: 16, seed: 7, extrapolate: true });
    assertWellFormed(x);
    assert.equal(x.inputSize, task.inputSize);
    assert.ok(x.time >= a.time);
    for (const m of x.meta) if ("inTrainingRange" in m) assert.equal(m.inTrainingRange, false);
    assertSame(x, task.trials({ batch: 16, seed: 7, extrapolate: true }));
    const v = task.validation();
    assertWellFormed(v);
    assertSame(v, task.validation());
    // Perfect output scores 1; zero output scores lower and has positive loss.
    for (const tr of [a, x, v]) {
      const s = task.score(tr, tr.targets);
      assert.equal(s.accuracy, 1, `${name}: perfect output`);
      assert.equal(s.mse, 0);
      const z = task.score(tr, new Float32Array(tr.targets.length));
      assert.ok(z.accuracy < 1, `${name}: zero output accuracy ${z.accuracy}`);
      assert.ok(z.loss > 0);
      assert.ok(Math.abs(z.loss - task.lossScale * z.mse) < 1e-12);
      assert.equal(task.outcomes(tr, tr.targets).length, tr.batch);
    }
    assert.throws(() => task.score(a, new Float32Array(3)), /outputs must have/);
  });
}

test("scoring trials of another task is an error", () => {
  const a = getTask("rsg").validation();
  assert.throws(() => getTask("sine").score(a, a.targets), /come from task "rsg"/);
});

test("toTensors builds [B,T,C] tensors (and h0) and disposes them", () => {
  const tr = getTask("two-neuron").trials({ batch: 3, seed: 0 });
  const t = toTensors(tr);
  assert.deepEqual(t.inputs.shape, [3, 100, 1]);
  assert.deepEqual(t.targets.shape, [3, 100, 2]);
  assert.deepEqual(t.mask.shape, [3, 100, 2]);
  assert.deepEqual(t.h0!.shape, [3, 2]);
  assert.deepEqual(Array.from(t.h0!.dataSync()), [1, 0, 1, 0, 1, 0]);
  assert.deepEqual(Float32Array.from(t.targets.dataSync()), tr.targets);
  t.dispose();
  assert.ok(t.inputs.isDisposed && t.h0!.isDisposed);
});
