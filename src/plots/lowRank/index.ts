// Public API of src/plots/lowRank: charts of the low-rank learning analyses (Schuessler et al. 2020).
// Importing this module registers the plot renderers (src/plots/register.ts) so the result records
// display themselves. Eigenvalue spectra are drawn by the one eigenvalue plot, src/plots/eigenvalues.ts.
import { registerPlotRenderers } from "../register";

export { lowRankChart } from "./chart";
export { spectrumChart, type SpectrumChartOptions } from "./spectrumChart";
export { truncationChart, type TruncationChartOptions } from "./truncationChart";
export { gSweepChart } from "./gSweepChart";
export { linearScalingChart, linearLearningChart } from "./linearCharts";
export { overlapsTable } from "./overlapsTable";

registerPlotRenderers();
