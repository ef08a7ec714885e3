/**
 * solutionMapPlot(map): the solution-space map — one dot per trained network coloured by type, each
 * training trajectory as a grey line through its checkpoints in training order ending at its
 * network, bifurcations (type changes between valid checkpoints) as red diamonds.
 */
import type { SolutionMap } from "../../solutions/solutionMap";
import { Figure } from "../../display/figure";
import { categoryColors, r4 } from "../style";

export function isSolutionMap(v: unknown): v is SolutionMap {
  const o = v as Partial<SolutionMap> | null;
  return o != null && typeof o === "object" && o.constructor?.name === "SolutionMap" && Array.isArray(o.points) && Array.isArray(o.trajectories);
}

export interface SolutionMapPlotOptions {
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

export function solutionMapPlot(map: SolutionMap, options: SolutionMapPlotOptions = {}): Figure {
  if (!isSolutionMap(map)) throw new TypeError("solutionMapPlot: pass a solutionMap(...) result.");
  const types = [...new Set([...map.points.map((p) => p.type), ...map.trajectories.flatMap((t) => t.points.map((p) => p.type))])].filter((t) => t !== "");
  const color = { field: "type", type: "nominal", title: "type", scale: { domain: types, range: categoryColors(types.length) } };
  const nets = map.points.map((p) => ({ x: r4(p.x), y: r4(p.y), type: p.type, id: p.id }));
  const path = map.trajectories.flatMap((t) => t.points.map((p, k) => ({ x: r4(p.x), y: r4(p.y), run: t.id, order: k, epoch: p.epoch, type: p.type, final: p.final, bifurcation: p.bifurcation })));
  const bif = path.filter((p) => p.bifurcation);
  const x = { field: "x", type: "quantitative", title: "MDS 1", scale: { zero: false } };
  const y = { field: "y", type: "quantitative", title: "MDS 2", scale: { zero: false } };
  const layer: Record<string, unknown>[] = [];
  if (path.length) {
    layer.push({ data: { values: path }, mark: { type: "line", color: "#999", strokeWidth: 1, opacity: 0.7 }, encoding: { x, y, detail: { field: "run" }, order: { field: "order" } } });
    layer.push({ data: { values: path.filter((p) => !p.final) }, mark: { type: "point", size: 14, filled: true, opacity: 0.6, tooltip: true }, encoding: { x, y, color } });
  }
  layer.push({ data: { values: nets }, mark: { type: "point", filled: true, size: 70, opacity: 0.9, stroke: "white", strokeWidth: 0.5, tooltip: true }, encoding: { x, y, color } });
  if (bif.length) layer.push({ data: { values: bif }, mark: { type: "point", shape: "diamond", size: 110, filled: false, color: "#d62728", strokeWidth: 2, tooltip: true }, encoding: { x, y } });
  const nb = bif.length;
  const vegaLite = {
    title: {
      text: options.title ?? "Map of the solution space",
      subtitle: `${map.points.length} networks (standardised features → classical MDS, stress ${map.stress.toFixed(2)}); ${map.trajectories.length} training trajectories, ${nb} bifurcation${nb === 1 ? "" : "s"} (red ◇)`,
    },
    width: options.width ?? 440,
    height: options.height ?? 340,
    layer,
  };
  return new Figure({ kind: "scatter", description: String(map), vegaLite });
}
