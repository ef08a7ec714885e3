// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # Integration test: rich display of a last value, display(), execution counts

// %%
import { lineChart, scatter3d, initPlotly, display } from "rnn-atlas";

// %%
// A chart as the last value of the cell.
lineChart({ a: [1, 3, 2, 5, 4], b: [2, 2, 3, 3, 4] }, { title: "last-value chart" })

// %%
// Our own object implementing the Jupyter display protocol, as the last value.
({ [Symbol.for("Jupyter.display")]() { return { "text/plain": "custom object 31415", "text/html": "<i>custom object 31415</i>" }; } })

// %%
initPlotly()

// %%
scatter3d([[[0, 0, 0], [1, 2, 3], [2, 1, 0], [3, 3, 3]]], { title: "last-value 3d" })

// %%
for (let i = 1; i <= 3; i++) await display(lineChart([0, i, 2 * i], { title: "update " + i }), { id: "live" });

// %%
console.log("plain stdout", 6 * 7);
