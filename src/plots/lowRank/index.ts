// Public API of src/plots/lowRank: charts of the low-rank learning analyses (Schuessler et al. 2020).
// Importing this module registers renderers so the result records display themselves.
import { registerLowRankRenderers } from "./register";

export { lowRankChart, type LowRankChart } from "./chart";
export { spectrumChart, type SpectrumChartOptions } from "./spectrumChart";
export { truncationChart, type TruncationChartOptions } from "./truncationChart";
export { eigenvalueChart } from "./eigenvalueChart";
export { gSweepChart } from "./gSweepChart";
export { linearScalingChart, linearLearningChart } from "./linearCharts";
export { overlapsBundle } from "./overlapsTable";
export { registerLowRankRenderers };

registerLowRankRenderers();
