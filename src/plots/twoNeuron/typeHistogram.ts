/**
 * Type histogram of a two-neuron population (solvers split into SO / LC / FP, plus the networks
 * that did not solve the task), and the confusion matrix of the initial-W → final-type prediction.
 */
import { Figure } from "../../display/figure";
import { describeStats } from "../../solutions/twoNeuron/population";
import type { TwoNeuronTypePrediction } from "../../solutions/twoNeuron/predict";
import type { TwoNeuronTraining } from "../../experiments/twoNeuronPopulation";
import { TWO_NEURON_TYPES, type TwoNeuronPopulationStats } from "../../solutions/twoNeuron/types";
import { TYPE_COLORS } from "./common";

export function isTwoNeuronStats(v: unknown): v is TwoNeuronPopulationStats {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === "two-neuron-population-stats";
}
export function isTwoNeuronTraining(v: unknown): v is TwoNeuronTraining {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === "two-neuron-training";
}
export function isTwoNeuronTypePrediction(v: unknown): v is TwoNeuronTypePrediction {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === "two-neuron-type-prediction";
}

/** Bars: count of each type among solvers, and the non-solvers in grey. */
export function twoNeuronTypeHistogram(s: TwoNeuronPopulationStats | TwoNeuronTraining, title?: string): Figure {
  const st = isTwoNeuronTraining(s) ? s.final : s;
  if (!isTwoNeuronStats(st)) throw new TypeError("twoNeuronTypeHistogram: expects twoNeuronStats(...) or trainTwoNeuronPopulation(...) results.");
  const values = [
    ...TWO_NEURON_TYPES.map((t) => ({ type: t, count: st.goodTypeCounts[t], pct: `${((100 * st.goodTypeFractions[t]) || 0).toFixed(1)} % of solvers` })),
    { type: "not solved", count: st.count - st.goodCount, pct: `${(100 * (1 - st.goodFraction)).toFixed(1)} % of all` },
  ];
  const spec = {
    title: { text: title ?? "Solution types", subtitle: `${st.goodCount}/${st.count} solve the task (loss < ${st.goodLoss})` },
    width: 300,
    height: 220,
    data: { values },
    layer: [
      {
        mark: { type: "bar", tooltip: true },
        encoding: {
          x: { field: "type", type: "nominal", sort: [...TWO_NEURON_TYPES, "not solved"], title: "solution type", axis: { labelAngle: 0 } },
          y: { field: "count", type: "quantitative", title: "networks" },
          color: { field: "type", type: "nominal", legend: null, scale: { domain: [...TWO_NEURON_TYPES, "not solved"], range: [TYPE_COLORS.SO, TYPE_COLORS.LC, TYPE_COLORS.FP, "#bbbbbb"] } },
        },
      },
      {
        mark: { type: "text", dy: -8, fontSize: 10 },
        encoding: { x: { field: "type", type: "nominal", sort: [...TWO_NEURON_TYPES, "not solved"], title: "solution type" }, y: { field: "count", type: "quantitative", title: "networks" }, text: { field: "pct" } },
      },
    ],
    config: { view: { stroke: null } },
  };
  return new Figure({ kind: "scatter", description: describeStats(st), vegaLite: spec });
}

export function describePrediction(p: TwoNeuronTypePrediction): string {
  return (
    `Final type from initial W (random forest, ${p.folds}-fold CV, ${p.samples} solvers): accuracy ${(100 * p.accuracy).toFixed(1)} % ` +
    `vs base rate ${(100 * p.baseRate).toFixed(1)} % (always "${p.majority}")`
  );
}

/** Row-normalised confusion matrix (true type × predicted type), counts in the cells. */
export function twoNeuronPredictionPlot(p: TwoNeuronTypePrediction): Figure {
  if (!isTwoNeuronTypePrediction(p)) throw new TypeError("twoNeuronPredictionPlot: expects predictTypeFromInitial(...) results.");
  const values = p.confusion.flatMap((row, i) => {
    const n = row.reduce((a, b) => a + b, 0) || 1;
    return row.map((c, j) => ({ truth: p.classes[i], predicted: p.classes[j], count: c, frac: Math.round((1000 * c) / n) / 1000 }));
  });
  const spec = {
    title: { text: "Initial W → final type", subtitle: `CV accuracy ${(100 * p.accuracy).toFixed(1)} %, base rate ${(100 * p.baseRate).toFixed(1)} %` },
    width: 60 * p.classes.length,
    height: 60 * p.classes.length,
    data: { values },
    layer: [
      {
        mark: "rect",
        encoding: {
          x: { field: "predicted", type: "nominal", sort: p.classes, axis: { labelAngle: 0 } },
          y: { field: "truth", type: "nominal", sort: p.classes, title: "final type" },
          color: { field: "frac", type: "quantitative", title: "row fraction", scale: { scheme: "blues", domain: [0, 1] } },
        },
      },
      {
        mark: { type: "text" },
        encoding: {
          x: { field: "predicted", type: "nominal", sort: p.classes },
          y: { field: "truth", type: "nominal", sort: p.classes },
          text: { field: "count" },
          color: { condition: { test: "datum.frac > 0.5", value: "white" }, value: "black" },
        },
      },
    ],
    config: { view: { stroke: null } },
  };
  return new Figure({ kind: "heatmap", description: describePrediction(p), vegaLite: spec });
}
