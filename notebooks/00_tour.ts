// ---
// jupyter:
//   kernelspec:
//     display_name: TypeScript
//     language: typescript
//     name: tslab
// ---

// %% [markdown]
// # rnn-atlas: a tour
//
// **rnn-atlas** is a TypeScript library for training and reverse-engineering recurrent neural networks
// on the tasks of computational neuroscience (interval timing, flip-flops, context-dependent
// integration, ...): populations of small RNNs trained in parallel, their fixed points and linearised
// dynamics, reduced-dynamics graphs and low-rank connectivity. It runs inside Jupyter notebooks with the
// [tslab](https://github.com/yunabe/tslab) TypeScript kernel, and the notebooks in this folder form a series
// that reproduces published results.
//
// This first notebook shows the plumbing: how results display themselves, and one of each chart kind.
// Run the whole series headless with `npm run notebooks` (executed notebooks and HTML land in `out/notebooks/`),
// or one notebook with `npm run notebooks -- 00_tour`.

// %% [markdown]
// Notebooks import the package by its name. The rnn-atlas kernel makes results show themselves (its display hooks
// are installed when the kernel starts); importing the package changes nothing in the kernel.
// `runMode()` says whether this is a quick run (small, the default) or a full, paper-scale one
// (`RNN_ATLAS_MODE=full npm run notebooks`); every notebook sizes its work with it.

// %%
import { display, setDisplayPolicy, registerRenderer, initPlotly } from "rnn-atlas";
import { lineChart, scatter, heatmap, scatter3d } from "rnn-atlas";
import { runMode, Rng, initTf } from "rnn-atlas";
console.log("run mode:", runMode());

// %% [markdown]
// ## How display works
//
// * The **last expression of a cell** is shown richly when rnn-atlas knows how to draw it: charts, tables,
//   tensors, matrices, and any object with a `[Symbol.for("Jupyter.display")]()` method.
// * `display(x)` shows `x` from anywhere in a cell; `display(x, { id })` replaces the earlier output with
//   the same id (live training curves).
// * Every rich output is one bundle of several forms: `text/plain`; an interactive form (vega-lite for 2-D
//   charts, plotly for 3-D views); and a static SVG picture that survives sharing (GitHub, HTML export).
//
// A line chart of named series, as the last value of the cell:

// %%
const ts = Array.from({ length: 240 }, (_, i) => i * 0.05);
lineChart(
  {
    "x(t)": ts.map((t) => Math.exp(-0.15 * t) * Math.cos(2 * t)),
    "y(t)": ts.map((t) => Math.exp(-0.15 * t) * Math.sin(2 * t)),
  },
  { title: "A damped oscillator", xLabel: "t", yLabel: "state" },
)

// %% [markdown]
// A scatter plot coloured by category (three clusters drawn from a seeded generator, so every run is identical):

// %%
const rng = new Rng(7);
const centres = { A: [-2, 0], B: [2, 1], C: [0, -2.5] };
const points = Object.entries(centres).flatMap(([cluster, [cx, cy]]) =>
  Array.from({ length: 60 }, () => ({ x: cx + 0.6 * rng.normal(), y: cy + 0.6 * rng.normal(), cluster })),
);
scatter(points, { x: "x", y: "y", color: "cluster", title: "Three clusters" })

// %% [markdown]
// A heatmap of a matrix: the connectivity of a ring network, `W[i][j] = cos(2π(i − j)/N)/N`.

// %%
const N = 40;
const W = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => Math.cos((2 * Math.PI * (i - j)) / N) / N));
heatmap(W, { title: "Ring connectivity", xLabel: "from neuron j", yLabel: "to neuron i" })

// %% [markdown]
// ## 3-D views
//
// 3-D views are drawn with plotly, which `initPlotly()` loads into the page (offline, no CDN). The 1.8 MB
// library is not kept in the saved notebook: reopened, each 3-D view shows its static 2-D projection until
// you run that cell again (re-running is safe), and the HTML export carries plotly once, so it stays interactive.

// %%
initPlotly()

// %%
// Three Lorenz trajectories from nearby starts: chaos pulls them apart.
function lorenz(x0: number[], steps: number, dt = 0.01): number[][] {
  const out: number[][] = [];
  let [x, y, z] = x0;
  for (let k = 0; k < steps; k++) {
    const dx = 10 * (y - x), dy = x * (28 - z) - y, dz = x * y - (8 / 3) * z;
    x += dt * dx; y += dt * dy; z += dt * dz;
    out.push([x, y, z]);
  }
  return out;
}
scatter3d([lorenz([1, 1, 1], 1500), lorenz([1.01, 1, 1], 1500), lorenz([-1, -1, 20], 1500)], { title: "Lorenz trajectories" })

// %% [markdown]
// ## Live updates: `display(x, { id })`
//
// Displaying again with the same `id` replaces the output in place, so a training loop can redraw its
// loss curve. (In an exported notebook you see the final state.)

// %%
const losses: number[] = [];
for (let step = 0; step < 50; step++) {
  losses.push(Math.exp(-step / 12) + 0.05 * Math.abs(Math.sin(step)));
  if (step % 10 === 9) await display(lineChart(losses, { title: "loss after " + (step + 1) + " steps", yScale: "log" }), { id: "live-loss" });
}

// %% [markdown]
// ## Choosing what outputs carry
//
// `setDisplayPolicy("interactive" | "static" | "both")` (or the environment variable `RNN_ATLAS_DISPLAY`)
// chooses the forms: `"static"` keeps notebooks small (pictures only), `"interactive"` drops the pictures.
// It returns the previous policy.

// %%
const previous = setDisplayPolicy("static");
try {
  await display(heatmap(W.slice(0, 10).map((row) => row.slice(0, 10)), { title: "static only: an SVG picture" }));
} finally {
  setDisplayPolicy(previous);
}

// %% [markdown]
// ## Your own types
//
// Give a class a `[Symbol.for("Jupyter.display")]()` method that returns a MIME bundle, or register a
// renderer for a type you do not own. Renderers are tried by priority; one that throws falls back to plain text.

// %%
class Interval {
  constructor(readonly lo: number, readonly hi: number) {}
}
const unregister = registerRenderer<Interval>({
  kind: "tour-interval",
  match: (v) => v instanceof Interval,
  render: (v) => ({
    "text/plain": "Interval [" + v.lo + ", " + v.hi + "]",
    "text/html": "<b>Interval</b> [" + v.lo + ", " + v.hi + "] ms, width " + (v.hi - v.lo) + " ms",
  }),
});
new Interval(480, 1200)

// %% [markdown]
// ## Tables and tensors
//
// An [arquero](https://idl.uw.edu/arquero/) table shows as an HTML table:

// %%
import * as aq from "arquero";
aq.table({
  task: ["ready-set-go", "3-bit flip-flop", "context-dependent integration"],
  inputs: [2, 3, 4],
  outputs: [1, 3, 1],
  paper: ["Turner et al. 2021", "Sussillo & Barak 2013", "Mante et al. 2013"],
})

// %% [markdown]
// A TF.js tensor shows its shape, dtype and a preview. `initTf()` picks the backend once (native TensorFlow when
// `@tensorflow/tfjs-node` is installed, else WebAssembly) and says which on stderr.

// %%
const tf = await initTf();
tf.randomNormal([4, 6], 0, 1, "float32", 7)

// %% [markdown]
// That's the plumbing. The following notebooks build tasks, train populations of networks and take
// their dynamics apart; their results use the same display machinery.
