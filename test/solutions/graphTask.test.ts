/**
 * Graphs take the task (issue 13, item 3): a task object gives the probes its own timing, the same
 * graph as the name with the probes matched to its options by hand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { initModel } from "../../src/models";
import { buildReducedGraph } from "../../src/solutions/graph/probes";
import { ID_SHORT, RSG_SHORT, graphOptionsFor } from "../../src/solutions/population";
import { getTask } from "../../src/tasks";

test("buildReducedGraph(model, task): the paper's task = its name; a shortened task = the name with probesFor's probes", () => {
  const model = initModel({ arch: "vanilla", inputSize: 2, hiddenSize: 12, outputSize: 1 }, { seed: 3 });
  const json = (g: ReturnType<typeof buildReducedGraph>) => JSON.stringify(g.toJSON());
  assert.equal(json(buildReducedGraph(model, getTask("rsg"))), json(buildReducedGraph(model, "rsg")));
  const short = buildReducedGraph(model, getTask("rsg", RSG_SHORT));
  assert.equal(json(short), json(buildReducedGraph(model, "rsg", graphOptionsFor({ task: "rsg", taskOptions: RSG_SHORT }))));
  const id = buildReducedGraph(model, getTask("interval-discrimination", ID_SHORT));
  assert.equal(json(id), json(buildReducedGraph(model, "interval-discrimination", graphOptionsFor({ task: "interval-discrimination", taskOptions: ID_SHORT }))));
  assert.throws(() => buildReducedGraph(model, getTask("flipflop3")), /unknown task "flipflop3"/);
});
