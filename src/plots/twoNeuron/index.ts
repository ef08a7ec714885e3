/**
 * Plots of the two-neuron analysis (Turner et al. 2021 §2). Importing this module registers the
 * plot renderers (src/plots/register.ts), so phase portraits, loss slices, population statistics,
 * training results and type predictions show themselves as a cell's last value.
 */
import { registerPlotRenderers } from "../register";

export { twoNeuronPhasePortraitPlot, twoNeuronPhasePortraits, isTwoNeuronPhasePortrait, type PhasePortraitPlotOptions } from "./phasePortrait";
export { twoNeuronLossSlicePlot, isTwoNeuronLossSlice, regimeBoundaries, type LossSlicePlotOptions } from "./lossSlice";
export { twoNeuronTypeHistogram, twoNeuronPredictionPlot, isTwoNeuronStats, isTwoNeuronTraining, isTwoNeuronTypePrediction } from "./typeHistogram";
export { TYPE_COLORS as TWO_NEURON_TYPE_COLORS } from "./common";

registerPlotRenderers();
