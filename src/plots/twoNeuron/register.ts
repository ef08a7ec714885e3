/** Makes the two-neuron records display themselves as a cell's last value. */
import { JUPYTER_DISPLAY } from "../../display/mime";
import { registerRenderer } from "../../display/registry";
import { isTwoNeuronLossSlice, twoNeuronLossSlicePlot } from "./lossSlice";
import { isTwoNeuronPhasePortrait, twoNeuronPhasePortraitPlot } from "./phasePortrait";
import { isTwoNeuronStats, isTwoNeuronTraining, isTwoNeuronTypePrediction, twoNeuronPredictionPlot, twoNeuronTypeHistogram } from "./typeHistogram";

export const TWO_NEURON_RENDERER_IDS = [
  "rnn-atlas/two-neuron-phase-portrait",
  "rnn-atlas/two-neuron-loss-slice",
  "rnn-atlas/two-neuron-stats",
  "rnn-atlas/two-neuron-training",
  "rnn-atlas/two-neuron-prediction",
] as const;

/** Idempotent (same ids replace the old renderers). Runs when the module loads. */
export function registerTwoNeuronRenderers(): void {
  const [pp, ls, st, tr, pr] = TWO_NEURON_RENDERER_IDS;
  registerRenderer({ id: pp, match: isTwoNeuronPhasePortrait, render: (p) => twoNeuronPhasePortraitPlot(p)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer({ id: ls, match: isTwoNeuronLossSlice, render: (s) => twoNeuronLossSlicePlot(s)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer({ id: st, match: isTwoNeuronStats, render: (s) => twoNeuronTypeHistogram(s)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer({ id: tr, match: isTwoNeuronTraining, render: (t) => twoNeuronTypeHistogram(t, `Solution types of ${t.count} trained networks`)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer({ id: pr, match: isTwoNeuronTypePrediction, render: (p) => twoNeuronPredictionPlot(p)[JUPYTER_DISPLAY](), priority: 10 });
}
