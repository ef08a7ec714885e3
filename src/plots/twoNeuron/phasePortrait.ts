/**
 * Phase portrait of a two-neuron network: log10 q background, vector field (direction ticks with a
 * dot at the head), the trajectory from (1, 0) (trained part bold), start (green) and target (red).
 */
import { Figure } from "../../display/figure";
import type { TwoNeuronPhasePortrait } from "../../solutions/twoNeuron/phasePortrait";
import { TYPE_NAMES, r3 } from "./common";
import { finiteRange, gridToPngDataUri } from "../../display/raster";

export interface PhasePortraitPlotOptions {
  /** Plot side in pixels (default 300). */
  size?: number;
}

export function isTwoNeuronPhasePortrait(v: unknown): v is TwoNeuronPhasePortrait {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === "two-neuron-phase-portrait";
}

export function phasePortraitSpec(p: TwoNeuronPhasePortrait, o: PhasePortraitPlotOptions = {}): Record<string, unknown> {
  const r = p.range;
  const n = p.gridCoords.length;
  const [lo, hi] = finiteRange(p.log10q);
  const url = gridToPngDataUri(p.log10q, n, n, lo, hi, "viridis");
  const qn = Math.round(Math.sqrt(p.quiver.x.length));
  const spacing = qn > 1 ? (2 * r) / (qn - 1) : r;
  const arrows = Array.from(p.quiver.x, (x, k) => {
    const u = p.quiver.u[k]!, v = p.quiver.v[k]!;
    const n = Math.hypot(u, v) || 1;
    const len = 0.35 * spacing;
    return { x: r3(x - (len * u) / n), y: r3(p.quiver.y[k]! - (len * v) / n), x2: r3(x + (len * u) / n), y2: r3(p.quiver.y[k]! + (len * v) / n) };
  });
  const traj = Array.from(p.trajectory.t, (t, i) => ({
    t: r3(t), x: r3(p.trajectory.x[i]!), y: r3(p.trajectory.y[i]!), part: t <= p.boldUntil + 1e-9 ? "trained (t ≤ 10)" : "after",
  }));
  const X = { field: "x", type: "quantitative", title: "x₁", scale: { domain: [-r, r], nice: false } };
  const Y = { field: "y", type: "quantitative", title: "x₂", scale: { domain: [-r, r], nice: false } };
  const size = o.size ?? 300;
  return {
    title: { text: p.title, subtitle: [`${TYPE_NAMES[p.type]}; loss at T = 10: ${p.loss.toExponential(1)}`, `log10 q from ${lo.toFixed(1)} (dark) to ${hi.toFixed(1)} (yellow)`] },
    width: size,
    height: size,
    layer: [
      {
        data: { values: [{ x: -r, y: r, url }] },
        mark: { type: "image", width: size, height: size, align: "left", baseline: "top", aspect: false },
        encoding: { x: { ...X }, y: { ...Y }, url: { field: "url", type: "nominal" } },
      },
      {
        data: { values: arrows },
        mark: { type: "rule", color: "white", opacity: 0.8, clip: true },
        encoding: { x: { ...X }, y: { ...Y }, x2: { field: "x2" }, y2: { field: "y2" } },
      },
      {
        data: { values: arrows },
        mark: { type: "point", filled: true, color: "white", size: 10, opacity: 0.9, clip: true },
        encoding: { x: { field: "x2", type: "quantitative" }, y: { field: "y2", type: "quantitative" } },
      },
      {
        data: { values: traj.filter((d) => d.part !== "after") },
        mark: { type: "line", color: "#ff7f0e", strokeWidth: 3, clip: true },
        encoding: { x: { ...X }, y: { ...Y }, order: { field: "t", type: "quantitative" } },
      },
      {
        data: { values: traj.filter((d) => d.part === "after" || d.t === r3(p.boldUntil)) },
        mark: { type: "line", color: "#ffbb78", strokeWidth: 1.2, clip: true },
        encoding: { x: { ...X }, y: { ...Y }, order: { field: "t", type: "quantitative" } },
      },
      {
        data: { values: [{ x: p.start[0], y: p.start[1], c: "#2ca02c" }, { x: p.target[0], y: p.target[1], c: "#d62728" }] },
        mark: { type: "point", filled: true, size: 90, stroke: "white", strokeWidth: 1 },
        encoding: { x: { ...X }, y: { ...Y }, color: { field: "c", type: "nominal", scale: null } },
      },
    ],
    config: { view: { stroke: null } },
  };
}

export function describePhasePortrait(p: TwoNeuronPhasePortrait): string {
  const w = p.W.map((x) => x.toFixed(3));
  const e = p.eig.im > 0 ? `${p.eig.re1.toFixed(3)} ± ${p.eig.im.toFixed(3)}i` : `${p.eig.re1.toFixed(3)}, ${p.eig.re2.toFixed(3)}`;
  return `Two-neuron phase portrait "${p.title}" (${TYPE_NAMES[p.type]}): W = [[${w[0]}, ${w[1]}], [${w[2]}, ${w[3]}]], eig W = ${e}, loss at T = 10: ${p.loss.toExponential(2)}`;
}

/** The phase portrait as a displayable figure. */
export function twoNeuronPhasePortraitPlot(p: TwoNeuronPhasePortrait, options: PhasePortraitPlotOptions = {}): Figure {
  if (!isTwoNeuronPhasePortrait(p)) throw new TypeError("twoNeuronPhasePortraitPlot: expects the result of twoNeuronPhasePortrait(W).");
  return new Figure({ kind: "heatmap", description: describePhasePortrait(p), vegaLite: phasePortraitSpec(p, options) });
}

/** Several portraits side by side (one vega-lite hconcat). */
export function twoNeuronPhasePortraits(ps: readonly TwoNeuronPhasePortrait[], options: PhasePortraitPlotOptions = {}): Figure {
  if (!Array.isArray(ps) || ps.length === 0 || !ps.every(isTwoNeuronPhasePortrait)) {
    throw new TypeError("twoNeuronPhasePortraits: expects a non-empty array of twoNeuronPhasePortrait(W) results.");
  }
  const size = options.size ?? 240;
  return new Figure({
    kind: "heatmap",
    description: ps.map(describePhasePortrait).join("\n"),
    vegaLite: { hconcat: ps.map((p) => { const s = phasePortraitSpec(p, { ...options, size }); delete (s as { config?: unknown }).config; return s; }), config: { view: { stroke: null } } },
  });
}
