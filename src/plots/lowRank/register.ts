/**
 * Makes the low-rank result records display themselves: each record carries a `kind` tag, and a
 * renderer per kind turns it into its chart. Registering again replaces (safe on cell re-runs).
 */
import { registerRenderer } from "../../display/registry";
import { CONNECTIVITY_CHANGE_KIND, type ConnectivityChange } from "../../analysis/lowRank/connectivityChange";
import { TRUNCATION_LOSS_KIND, type TruncationLoss } from "../../analysis/lowRank/truncation";
import { EIGEN_SPECTRA_KIND, type EigenSpectra } from "../../analysis/lowRank/eigenSpectra";
import { G_SWEEP_KIND, type GSweepResult } from "../../analysis/lowRank/gSweep";
import { LINEAR_EXPERIMENT_KIND, type LinearExperiment } from "../../analysis/lowRank/linearNetwork";
import { CHANGE_OVERLAPS_KIND, type ChangeOverlaps } from "../../analysis/lowRank/overlaps";
import { JUPYTER_DISPLAY } from "../../display/mime";
import { spectrumChart } from "./spectrumChart";
import { truncationChart } from "./truncationChart";
import { eigenvalueChart } from "./eigenvalueChart";
import { gSweepChart } from "./gSweepChart";
import { linearScalingChart } from "./linearCharts";
import { overlapsBundle } from "./overlapsTable";

const isKind = (kind: string) => (v: unknown) => v != null && typeof v === "object" && (v as { kind?: unknown }).kind === kind;

export function registerLowRankRenderers(): void {
  registerRenderer<ConnectivityChange>({ id: "lowRank.connectivityChange", match: isKind(CONNECTIVITY_CHANGE_KIND), render: (v) => spectrumChart(v)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer<TruncationLoss>({ id: "lowRank.truncationLoss", match: isKind(TRUNCATION_LOSS_KIND), render: (v) => truncationChart(v)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer<EigenSpectra>({ id: "lowRank.eigenSpectra", match: isKind(EIGEN_SPECTRA_KIND), render: (v) => eigenvalueChart(v)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer<GSweepResult>({ id: "lowRank.gSweep", match: isKind(G_SWEEP_KIND), render: (v) => gSweepChart(v)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer<LinearExperiment>({ id: "lowRank.linearExperiment", match: isKind(LINEAR_EXPERIMENT_KIND), render: (v) => linearScalingChart(v)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer<ChangeOverlaps>({ id: "lowRank.changeOverlaps", match: isKind(CHANGE_OVERLAPS_KIND), render: overlapsBundle, priority: 10 });
}
