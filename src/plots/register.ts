/**
 * Makes the analysis results display themselves as a cell's last value, without src/analysis
 * knowing about plots: renderers registered with the display registry, matched by class or shape.
 */
import { FixedPoints } from "../analysis/fixedPoints/FixedPoints";
import { JUPYTER_DISPLAY, MIME, MimeBundle, MaybePromise } from "../display/mime";
import { registerRenderer } from "../display/registry";
import type { Figure } from "../display/figure";
import { distanceMatrixPlot, isDistanceMatrix } from "./distanceMatrix";
import { fixedPointsCounts, fixedPointsView } from "./fixedPointsView";
import { isLinearisationComparison, linearisationErrorPlot } from "./linearisationError";
import { isMdsResult, mdsMap } from "./mdsMap";

export const PLOT_RENDERER_IDS = ["rnn-atlas/fixed-points", "rnn-atlas/linearisation", "rnn-atlas/distance-matrix", "rnn-atlas/mds"] as const;

/** A FixedPoints record, also one from another copy of the module (src vs dist). */
export function isFixedPoints(v: unknown): v is FixedPoints {
  if (v instanceof FixedPoints) return true;
  const o = v as Record<string, unknown> | null;
  return (
    o != null &&
    typeof o === "object" &&
    o.constructor?.name === "FixedPoints" &&
    o.xstar instanceof Float64Array &&
    typeof o.stateSize === "number" &&
    typeof o.fixedTolQ === "number"
  );
}

function withText(fig: Figure, text: string): MaybePromise<MimeBundle> {
  const b = fig[JUPYTER_DISPLAY]();
  const set = (x: MimeBundle): MimeBundle => ({ ...x, [MIME.text]: text });
  return b instanceof Promise ? b.then(set) : set(b);
}

/** One-line summary of a FixedPoints record (its text/plain form). */
export function fixedPointsSummary(fps: FixedPoints): string {
  let qMax = 0;
  for (const q of fps.q) qMax = Math.max(qMax, q);
  const slow = fps.isSlow.filter(Boolean).length;
  return (
    `FixedPoints (${fps.arch}${fps.continuous ? ", continuous time" : ""}, S=${fps.stateSize}): ${fps.count} point${fps.count === 1 ? "" : "s"}` +
    (fps.count > 0 ? ` — ${fixedPointsCounts(fps)}; max q ${qMax.toExponential(1)}${slow ? `, ${slow} slow` : ""}` : "")
  );
}

/** Registers the renderers (idempotent: same ids replace the old ones). Called when rnn-atlas loads. */
export function registerPlotRenderers(): void {
  registerRenderer<FixedPoints>({
    id: PLOT_RENDERER_IDS[0],
    match: isFixedPoints,
    render: (fps) => (fps.count === 0 ? { [MIME.text]: fixedPointsSummary(fps) } : withText(fixedPointsView(fps), fixedPointsSummary(fps))),
    priority: 10,
  });
  registerRenderer({
    id: PLOT_RENDERER_IDS[1],
    match: isLinearisationComparison,
    render: (c) => {
      const e = c.error[c.steps]!;
      return withText(linearisationErrorPlot(c), `Linearisation vs true dynamics over ${c.steps} steps: final error ${e.toExponential(2)}, distance from x* ${c.distance[c.steps]!.toExponential(2)}`);
    },
    priority: 10,
  });
  registerRenderer({ id: PLOT_RENDERER_IDS[2], match: isDistanceMatrix, render: (d) => distanceMatrixPlot(d)[JUPYTER_DISPLAY](), priority: 10 });
  registerRenderer({ id: PLOT_RENDERER_IDS[3], match: isMdsResult, render: (m) => mdsMap(m)[JUPYTER_DISPLAY](), priority: 10 });
}
