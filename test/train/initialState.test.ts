// A network's fixed initial state (a learned h0 kept from an imported file) is part of the population:
// stacking keeps it, training and validation start every trial from it, the trained population and a
// saved run keep it. Checked against the same vector given as the task's own h0, which must train to
// the same bytes, and against zeros, which must not.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { initModel, stackModels, unstackModel } from "../../src/models";
import { getTask } from "../../src/tasks";
import { trainPopulation } from "../../src/train";
import type { TrainTask } from "../../src/train/types";
import type { Trials } from "../../src/core/types";
import { loadPopulation, savePopulation } from "../../src/io/populationFiles";

const spec = { arch: "vanilla" as const, hiddenSize: 6, inputSize: 3, outputSize: 3 };

function models(h0s: (Float32Array | undefined)[]) {
  return h0s.map((h0, i) => ({ ...initModel(spec, { seed: 10 + i }), ...(h0 ? { initialState: h0 } : {}) }));
}

/** The flip-flop with `h0s[i]` as the task-fixed initial state of every trial (one vector per network is not expressible; all equal here). */
function withTaskH0(base: TrainTask, h0: Float32Array): TrainTask {
  const add = (t: Trials): Trials => {
    const all = new Float32Array(t.batch * h0.length);
    for (let b = 0; b < t.batch; b++) all.set(h0, b * h0.length);
    return { ...t, h0: all };
  };
  return {
    name: base.name, inputSize: base.inputSize, outputSize: base.outputSize,
    ...(base.lossScale !== undefined ? { lossScale: base.lossScale } : {}),
    trials: (o) => add(base.trials(o)),
    validation: () => add(base.validation!()),
    ...(base.score ? { score: (t: Trials, y: ArrayLike<number>) => base.score!(t, y) } : {}),
  };
}

const h0 = Float32Array.from([0.5, -0.3, 0.8, 0.1, -0.6, 0.2]);

test("stackModels keeps each model's initial state (zeros for one without), unstackModel gives it back", () => {
  const pop = stackModels(models([h0, undefined]));
  assert.deepEqual(Array.from(pop.initialStates!), [...h0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(unstackModel(pop, 0).initialState!), Array.from(h0));
  assert.equal(stackModels(models([undefined, undefined])).initialStates, undefined, "no initial states: none invented");
});

test("training from a population with initial states uses them: same bytes as the task giving that h0, different from zeros; kept in the result and in a saved run", async () => {
  const task = getTask("flipflop3", { time: 20 });
  const common = { spec: { arch: "vanilla" as const, hiddenSize: 6 }, networks: 2, seed: 3, data: { batch: 8 }, stop: { maxUpdates: 12 }, validateEvery: 4 } as const;
  const own = await trainPopulation({ ...common, task, initial: stackModels(models([h0, h0])) });
  const viaTask = await trainPopulation({ ...common, task: withTaskH0(task, h0), initial: stackModels(models([undefined, undefined])) });
  const zeros = await trainPopulation({ ...common, task, initial: stackModels(models([undefined, undefined])) });
  for (const name of Object.keys(own.population.params)) {
    assert.deepEqual(own.population.params[name], viaTask.population.params[name], `${name}: the network's h0 did not train like the task's h0`);
  }
  assert.notDeepEqual(own.population.params.weight_hh_l0, zeros.population.params.weight_hh_l0, "the initial state made no difference");
  assert.deepEqual(own.histories.map((h) => h.loss), viaTask.histories.map((h) => h.loss));
  assert.deepEqual(Array.from(own.population.initialStates!), [...h0, ...h0]);
  assert.deepEqual(Array.from(unstackModel(own.population, 1).initialState!), Array.from(h0));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-h0-"));
  try {
    savePopulation(dir, own.population);
    assert.deepEqual(Array.from(loadPopulation(dir).initialStates!), [...h0, ...h0]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
