/**
 * bifurcationPathPlot(path, options): fixed points of the meta-model along a θ path (from
 * `DynamoFit.path` / `thetaPath`): how many stable and unstable fixed points each step has, with the
 * bifurcations the analysis marked (where the number or stability of the fixed points changes) as
 * vertical rules.
 */
import type { ThetaPath } from "../../analysis/dynamo/path";
import { Figure } from "../../display/figure";
import { STABLE_COLOR, UNSTABLE_COLORS, r4 } from "../style";

export interface BifurcationPathOptions {
  /** Names of the two ends (default "θ_a", "θ_b"). */
  from?: string;
  to?: string;
  title?: string;
  width?: number;
  height?: number;
}

export function bifurcationPathPlot(path: ThetaPath, options: BifurcationPathOptions = {}): Figure {
  if (path.steps.length < 2) throw new Error("bifurcationPathPlot: the path has fewer than 2 steps.");
  const rows = path.steps.flatMap((s) => [
    { s: r4(s.s), count: s.stable, kind: "stable" },
    { s: r4(s.s), count: s.count - s.stable, kind: "unstable (≥ 1 unstable mode)" },
  ]);
  // integer ticks only: counts of points
  const top = Math.max(1, ...path.steps.map((s) => s.count));
  const kinds = ["stable", "unstable (≥ 1 unstable mode)"];
  const from = options.from ?? "θ_a";
  const to = options.to ?? "θ_b";
  const x = { field: "s", type: "quantitative", title: `position on the path (0 = ${from}, 1 = ${to})`, scale: { domain: [0, 1] } };
  const layers: Record<string, unknown>[] = [
    {
      data: { values: rows },
      mark: { type: "line", point: { filled: true, size: 50 }, strokeWidth: 2 },
      encoding: {
        x,
        y: { field: "count", type: "quantitative", title: "fixed points", axis: { values: Array.from({ length: top + 1 }, (_, i) => i), format: "d" }, scale: { domain: [0, top] } },
        color: { field: "kind", type: "nominal", title: "fixed points", scale: { domain: kinds, range: [STABLE_COLOR, UNSTABLE_COLORS[0]] }, legend: { orient: "right", labelLimit: 260 } },
      },
    },
  ];
  if (path.bifurcations.length) {
    layers.push({
      data: { values: path.bifurcations.map((b) => ({ s: r4(b.s), what: `${b.kind}: ${b.from.count} (${b.from.stable} stable) → ${b.to.count} (${b.to.stable} stable)` })) },
      mark: { type: "rule", color: "#888", strokeDash: [2, 2], strokeWidth: 1.5 },
      encoding: { x, tooltip: { field: "what" } },
    });
  }
  const vegaLite = {
    title: {
      text: options.title ?? `Meta-model fixed points from ${from} to ${to}`,
      subtitle: `${path.steps.length} steps; ${path.bifurcations.length} bifurcation${path.bifurcations.length === 1 ? "" : "s"} marked (grey rules)`,
    },
    width: options.width ?? 520,
    height: options.height ?? 220,
    layer: layers,
  };
  const description = `θ path ${from} → ${to}: ${path.steps.map((s) => `${s.count}/${s.stable}`).join(" ")} (fixed points/stable per step), bifurcations at s = ${path.bifurcations.map((b) => b.s.toFixed(2)).join(", ") || "none"}`;
  return new Figure({ kind: "line", description, vegaLite });
}
