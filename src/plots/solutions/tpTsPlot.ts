/**
 * tpTsPlot(result): produced interval t_p against the sample interval t_s of a Ready-Set-Go
 * network (rsgExtrapolation), with the identity line t_p = t_s and the training range shaded.
 * The extrapolation behaviour (near-perfect, premature, saturation, ...) is in the title.
 *
 *   tpTsPlot(rsgExtrapolation(model))
 */
import type { RsgExtrapolationResult } from "../../solutions/extrapolation";
import { Figure } from "../../display/figure";

export interface TpTsPlotOptions {
  title?: string;
  /** Plot side in pixels (default 360). */
  size?: number;
}

/** An RsgExtrapolationResult, matched by shape (also from another copy of the module). */
export function isRsgExtrapolationResult(v: unknown): v is RsgExtrapolationResult {
  const o = v as Record<string, unknown> | null;
  return o != null && typeof o === "object" && o.kind === "rsg-extrapolation" && Array.isArray(o.points) && Array.isArray(o.trainedRange);
}

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : "n/a");

export function rsgExtrapolationSummary(r: RsgExtrapolationResult): string {
  const missing = r.points.filter((p) => p.tp === null).length;
  return (
    `RSG extrapolation: ${r.behaviour} (${r.reason}); trained range ${r.trainedRange[0]}–${r.trainedRange[1]}, ` +
    `trained accuracy ${pct(r.trainedAccuracy)}, beyond-range accuracy ${pct(r.extrapolationAccuracy)}; ${r.points.length} t_s values` +
    (missing ? `, ${missing} without an output` : "") +
    (r.spontaneousOnsets.length ? `; spontaneous onsets after Ready alone at ${r.spontaneousOnsets.slice(0, 5).join(", ")}` : "")
  );
}

export function tpTsPlot(result: RsgExtrapolationResult, options: TpTsPlotOptions = {}): Figure {
  if (!isRsgExtrapolationResult(result)) throw new TypeError("tpTsPlot: pass the result of rsgExtrapolation(model) (kind \"rsg-extrapolation\").");
  if (result.points.length === 0) throw new Error("tpTsPlot: the result has no points; run rsgExtrapolation with some tsValues.");
  const [lo, hi] = result.trainedRange;
  const rows = result.points.filter((p) => p.tp !== null).map((p) => ({ ts: p.ts, tp: p.tp, range: p.inTrainedRange ? "trained" : "extrapolated" }));
  let m = hi;
  for (const p of result.points) m = Math.max(m, p.ts, p.tp ?? 0);
  const domain = [0, Math.ceil(m * 1.05)];
  const x = { field: "ts", type: "quantitative", title: "t_s (sample interval, steps)", scale: { domain, nice: false } };
  const y = { field: "tp", type: "quantitative", title: "t_p (produced interval, steps)", scale: { domain, nice: false } };
  const side = options.size ?? 360;
  const missing = result.points.length - rows.length;
  const vegaLite = {
    title: {
      text: options.title ?? `t_p vs t_s — ${result.behaviour}`,
      subtitle: `trained ${lo}–${hi} (shaded): ${pct(result.trainedAccuracy)} within 1 step; beyond: ${pct(result.extrapolationAccuracy)}${missing ? `; ${missing} t_s without output` : ""}`,
    },
    width: side,
    height: side,
    layer: [
      { data: { values: [{ lo, hi }] }, mark: { type: "rect", color: "#4c78a8", opacity: 0.12 }, encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" } } },
      {
        data: { values: [{ ts: domain[0], tp: domain[0] }, { ts: domain[1], tp: domain[1] }] },
        mark: { type: "line", color: "#888", strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { x, y },
      },
      {
        data: { values: rows },
        mark: { type: "point", filled: true, size: 24, tooltip: true, clip: true },
        encoding: { x, y, color: { field: "range", type: "nominal", title: "t_s", scale: { domain: ["trained", "extrapolated"], range: ["#4c78a8", "#e45756"] } } },
      },
    ],
  };
  return new Figure({ kind: "scatter", description: rsgExtrapolationSummary(result), vegaLite });
}
