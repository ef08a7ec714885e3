/**
 * The one table of plot renderers: each result record kind -> the function that draws it as a
 * `Figure`. Registered into the display registry (src/display/registry.ts) by src/plots/index.ts
 * (and the area indexes), so results show themselves as a cell's last value without src/analysis
 * knowing about plots.
 *
 * To add a renderer: write `myPlot(record): Figure` in its own file under src/plots/<area>/
 * (construct the Figure as today, e.g. `new Figure({ kind: "scatter", description, vegaLite })`
 * like src/plots/mdsMap.ts, or return a chart helper's Figure), then add ONE line to PLOT_RENDERERS:
 *
 *   { kind: "rnn-atlas/my-record", match: isMyRecord, render: (r) => myPlot(r) },
 *
 * `kind` must be unique (test/display/contract.test.ts checks it and that every entry returns a
 * Figure). A record that carries a `kind` tag can use the tag as the renderer kind and leave out
 * `match`. A record with nothing to draw (empty) should fail `match`, or return a "text" Figure.
 */
import { EIGEN_SPECTRA_KIND } from "../analysis/lowRank/eigenSpectra";
import { CONNECTIVITY_CHANGE_KIND } from "../analysis/lowRank/connectivityChange";
import { TRUNCATION_LOSS_KIND } from "../analysis/lowRank/truncation";
import { G_SWEEP_KIND } from "../analysis/lowRank/gSweep";
import { LINEAR_EXPERIMENT_KIND } from "../analysis/lowRank/linearNetwork";
import { CHANGE_OVERLAPS_KIND } from "../analysis/lowRank/overlaps";
import { Figure } from "../display/figure";
import { registerRenderer } from "../display/registry";
import { distanceMatrixPlot, isDistanceMatrix } from "./distanceMatrix";
import { eigenvaluePlot } from "./eigenvalues";
import { fixedPointsSummary, fixedPointsView, isFixedPoints } from "./fixedPointsView";
import { isLinearisationComparison, linearisationErrorPlot } from "./linearisationError";
import { isMdsResult, mdsMap } from "./mdsMap";
import { spectrumChart } from "./lowRank/spectrumChart";
import { truncationChart } from "./lowRank/truncationChart";
import { gSweepChart } from "./lowRank/gSweepChart";
import { linearScalingChart } from "./lowRank/linearCharts";
import { overlapsTable } from "./lowRank/overlapsTable";
import { isReducedGraph, reducedGraphPlot } from "./solutions/reducedGraphPlot";
import { isRsgExtrapolationResult, tpTsPlot } from "./solutions/tpTsPlot";
import { discriminationGridPlot, isDiscriminationGrid } from "./solutions/discriminationGridPlot";
import { isSolutionPopulation, isSolutionTypes, solutionPopulationTable, solutionTypesHistogram } from "./solutions/populationView";
import { isTypePrediction, typePredictionPlot } from "./solutions/typePredictionPlot";
import { isSolutionMap, solutionMapPlot } from "./solutions/solutionMapPlot";
import { isNatureNurture, natureNurturePlot } from "./solutions/natureNurturePlot";
import { isTwoNeuronPhasePortrait, twoNeuronPhasePortraitPlot } from "./twoNeuron/phasePortrait";
import { isTwoNeuronLossSlice, twoNeuronLossSlicePlot } from "./twoNeuron/lossSlice";
import { UPDATE_CURVE_KIND } from "../analysis/learnedOptimizer/updateCurve";
import { OPTIMIZER_FIXED_POINTS_KIND } from "../analysis/learnedOptimizer/zeroGradientFixedPoints";
import { LR_SCHEDULE_KIND } from "../analysis/learnedOptimizer/schedule";
import { LR_ADAPTATION_KIND } from "../analysis/learnedOptimizer/adaptation";
import { updateCurvePlot } from "./learnedOptimizer/updateCurve";
import { optimizerEigenvaluePlot } from "./learnedOptimizer/optimizerEigenvalues";
import { lrSchedulePlot } from "./learnedOptimizer/lrSchedule";
import { lrAdaptationPlot } from "./learnedOptimizer/lrAdaptation";
import { contextMatrixPlot, isContextualEffects } from "./contextualProcessing/contextMatrix";
import { isTwoNeuronStats, isTwoNeuronTraining, isTwoNeuronTypePrediction, twoNeuronPredictionPlot, twoNeuronTypeHistogram } from "./twoNeuron/typeHistogram";

/** A plot renderer: like the registry's Renderer, but it always returns a Figure. */
export interface PlotRenderer<T = any> {
  readonly kind: string;
  /** Default: the value's `kind` tag equals `kind`. */
  readonly match?: (value: unknown) => boolean;
  readonly render: (value: T) => Figure<any>;
}

/** Plot renderers run before the display built-ins (matrices, tensors) and after user renderers of priority > 10. */
export const PLOT_RENDERER_PRIORITY = 10;

export const PLOT_RENDERERS: readonly PlotRenderer[] = [
  // fixed points (Sussillo & Barak 2013); an empty record shows its summary only
  {
    kind: "rnn-atlas/fixed-points",
    match: isFixedPoints,
    render: (fps) => (fps.count === 0 ? new Figure({ kind: "text", description: fixedPointsSummary(fps) }) : fixedPointsView(fps).withDescription(fixedPointsSummary(fps))),
  },
  {
    kind: "rnn-atlas/linearisation",
    match: isLinearisationComparison,
    render: (c) =>
      linearisationErrorPlot(c).withDescription(
        `Linearisation vs true dynamics over ${c.steps} steps: final error ${c.error[c.steps]!.toExponential(2)}, distance from x* ${c.distance[c.steps]!.toExponential(2)}`,
      ),
  },
  // universality (Maheswaranathan et al. 2019)
  { kind: "rnn-atlas/distance-matrix", match: isDistanceMatrix, render: (d) => distanceMatrixPlot(d) },
  { kind: "rnn-atlas/mds", match: isMdsResult, render: (m) => mdsMap(m) },
  // low-rank learning (Schuessler et al. 2020): records carry a kind tag
  { kind: CONNECTIVITY_CHANGE_KIND, render: (v) => spectrumChart(v) },
  { kind: TRUNCATION_LOSS_KIND, render: (v) => truncationChart(v) },
  { kind: EIGEN_SPECTRA_KIND, render: (v) => eigenvaluePlot(v) },
  { kind: G_SWEEP_KIND, render: (v) => gSweepChart(v) },
  { kind: LINEAR_EXPERIMENT_KIND, render: (v) => linearScalingChart(v) },
  { kind: CHANGE_OVERLAPS_KIND, render: (v) => overlapsTable(v) },
  // solution spaces (Turner et al. 2021); records with nothing to draw fall back to text
  { kind: "rnn-atlas/reduced-graph", match: (v) => isReducedGraph(v) && v.nodes.length > 0, render: (g) => reducedGraphPlot(g) },
  { kind: "rnn-atlas/rsg-extrapolation", match: (v) => isRsgExtrapolationResult(v) && v.points.length > 0, render: (r) => tpTsPlot(r) },
  { kind: "rnn-atlas/discrimination-grid", match: (v) => isDiscriminationGrid(v) && v.cells.length > 0, render: (d) => discriminationGridPlot(d) },
  // a population shows its summary table, not its weights; a type record its histogram
  { kind: "rnn-atlas/solution-population", match: isSolutionPopulation, render: (p) => solutionPopulationTable(p) },
  { kind: "rnn-atlas/solution-types", match: (v) => isSolutionTypes(v) && v.typeOf.length > 0, render: (t) => solutionTypesHistogram(t) },
  { kind: "rnn-atlas/type-prediction", match: isTypePrediction, render: (r) => typePredictionPlot(r) },
  { kind: "rnn-atlas/solution-map", match: (v) => isSolutionMap(v) && v.points.length > 0, render: (m) => solutionMapPlot(m) },
  { kind: "rnn-atlas/nature-nurture", match: isNatureNurture, render: (r) => natureNurturePlot(r) },
  // two-neuron networks (Turner et al. 2021 §2)
  { kind: "rnn-atlas/two-neuron-phase-portrait", match: isTwoNeuronPhasePortrait, render: (p) => twoNeuronPhasePortraitPlot(p) },
  { kind: "rnn-atlas/two-neuron-loss-slice", match: isTwoNeuronLossSlice, render: (s) => twoNeuronLossSlicePlot(s) },
  { kind: "rnn-atlas/two-neuron-stats", match: isTwoNeuronStats, render: (s) => twoNeuronTypeHistogram(s) },
  { kind: "rnn-atlas/two-neuron-training", match: isTwoNeuronTraining, render: (t) => twoNeuronTypeHistogram(t, `Solution types of ${t.count} trained networks`) },
  { kind: "rnn-atlas/two-neuron-prediction", match: isTwoNeuronTypePrediction, render: (p) => twoNeuronPredictionPlot(p) },
  // learned optimizers (Maheswaranathan et al. 2021): records carry a kind tag
  { kind: UPDATE_CURVE_KIND, render: (v) => updateCurvePlot(v) },
  { kind: OPTIMIZER_FIXED_POINTS_KIND, render: (v) => optimizerEigenvaluePlot(v) },
  { kind: LR_SCHEDULE_KIND, render: (v) => lrSchedulePlot(v) },
  { kind: LR_ADAPTATION_KIND, render: (v) => lrAdaptationPlot(v) },
  // contextual processing (Maheswaranathan & Sussillo 2020)
  { kind: "rnn-atlas/context-matrix", match: isContextualEffects, render: (e) => contextMatrixPlot(e) },
];

/** The renderer kinds of the table, in order. */
export const PLOT_RENDERER_KINDS: readonly string[] = PLOT_RENDERERS.map((r) => r.kind);

/** Registers the table (idempotent: a kind registered again replaces the old renderer). */
export function registerPlotRenderers(): void {
  for (const r of PLOT_RENDERERS) {
    registerRenderer({ kind: r.kind, ...(r.match ? { match: r.match } : {}), render: r.render, priority: PLOT_RENDERER_PRIORITY });
  }
}
