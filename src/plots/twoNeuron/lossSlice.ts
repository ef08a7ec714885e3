/**
 * The loss-landscape slice: log10 loss over the (PC1, PC2) plane through three solutions, the
 * regime boundaries (edges of the FP region in red, of the LC region in black) and the examples
 * with the paper's markers (○ FP, □ LC, ★ SO).
 */
import { Figure } from "../../display/figure";
import type { TwoNeuronLossSlice } from "../../solutions/twoNeuron/lossSlice";
import { TWO_NEURON_TYPES } from "../../solutions/twoNeuron/types";
import { TYPE_SHAPES, r3 } from "./common";
import { finiteRange, gridToPngDataUri } from "../../display/raster";

export interface LossSlicePlotOptions {
  width?: number;
  height?: number;
}

export function isTwoNeuronLossSlice(v: unknown): v is TwoNeuronLossSlice {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === "two-neuron-loss-slice";
}

/** Grid points where the regime changes to the right or upwards, named by the region they bound. */
export function regimeBoundaries(s: TwoNeuronLossSlice): { pc1: number; pc2: number; edge: string }[] {
  const cols = s.pc1.length, rows = s.pc2.length;
  const FP = TWO_NEURON_TYPES.indexOf("FP"), LC = TWO_NEURON_TYPES.indexOf("LC");
  const out: { pc1: number; pc2: number; edge: string }[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = s.regime[r * cols + c]!;
      const right = c + 1 < cols ? s.regime[r * cols + c + 1]! : a;
      const up = r + 1 < rows ? s.regime[(r + 1) * cols + c]! : a;
      for (const b of [right, up]) {
        if (b === a) continue;
        const edge = a === FP || b === FP ? "FP region edge" : a === LC || b === LC ? "LC region edge" : "other";
        out.push({ pc1: s.pc1[c]!, pc2: s.pc2[r]!, edge });
        break;
      }
    }
  }
  return out;
}

export function describeLossSlice(s: TwoNeuronLossSlice): string {
  let min = Infinity, max = -Infinity;
  for (const v of s.log10Loss) { if (v < min) min = v; if (v > max) max = v; }
  const counts = TWO_NEURON_TYPES.map((t, k) => `${t} ${((100 * s.regime.filter((x) => x === k).length) / s.regime.length).toFixed(0)} %`);
  return (
    `Loss slice through ${s.examples.map((e) => `${e.label} (${e.pc1.toFixed(2)}, ${e.pc2.toFixed(2)})`).join(", ")}: ` +
    `${s.pc1.length}×${s.pc2.length} grid, log10 loss ${min.toFixed(1)}..${max.toFixed(1)}; regimes ${counts.join(", ")}`
  );
}

export function lossSliceSpec(s: TwoNeuronLossSlice, o: LossSlicePlotOptions = {}): Record<string, unknown> {
  const cols = s.pc1.length, rows = s.pc2.length;
  const edge = new Uint8Array(cols * rows);
  const b = regimeBoundaries(s);
  const ci = new Map(Array.from(s.pc1, (v, i) => [v, i])), ri = new Map(Array.from(s.pc2, (v, i) => [v, i]));
  for (const p of b) edge[ri.get(p.pc2)! * cols + ci.get(p.pc1)!] = p.edge === "FP region edge" ? 1 : p.edge === "LC region edge" ? 2 : 3;
  const [lo, hi] = finiteRange(s.log10Loss);
  const EDGE: ([number, number, number] | null)[] = [null, [230, 20, 20], [0, 0, 0], [255, 255, 255]];
  const url = gridToPngDataUri(s.log10Loss, cols, rows, lo, hi, "viridis", (r, c) => EDGE[edge[r * cols + c]!]!);
  const width = o.width ?? 420, height = o.height ?? 360;
  const X = { field: "x", type: "quantitative", title: "PC1", scale: { domain: [s.pc1[0], s.pc1[s.pc1.length - 1]], nice: false } };
  const Y = { field: "y", type: "quantitative", title: "PC2", scale: { domain: [s.pc2[0], s.pc2[s.pc2.length - 1]], nice: false } };
  return {
    title: {
      text: "Loss landscape through three solutions",
      subtitle: [`log10 loss at T = 10 from ${lo.toFixed(1)} (dark) to ${hi.toFixed(1)} (yellow)`, "red: edge of the FP region, black: edge of the LC region; ○ FP, □ LC, ★ SO"],
    },
    width,
    height,
    layer: [
      {
        data: { values: [{ x: s.pc1[0], y: s.pc2[rows - 1], url }] },
        mark: { type: "image", width, height, align: "left", baseline: "top", aspect: false },
        encoding: { x: { ...X }, y: { ...Y }, url: { field: "url", type: "nominal" } },
      },
      ...s.examples.map((e) => ({
        data: { values: [{ x: r3(e.pc1), y: r3(e.pc2), label: e.label }] },
        mark: { type: "point", shape: TYPE_SHAPES[e.type], filled: true, size: 160, color: "#ff7f0e", stroke: "black", strokeWidth: 1 },
        encoding: { x: { ...X }, y: { ...Y }, tooltip: { field: "label" } },
      })),
      {
        data: { values: s.examples.map((e) => ({ x: r3(e.pc1), y: r3(e.pc2), label: e.label })) },
        mark: { type: "text", dy: -14, fontWeight: "bold", color: "#ff7f0e" },
        encoding: { x: { ...X }, y: { ...Y }, text: { field: "label" } },
      },
    ],
    config: { view: { stroke: null } },
  };
}

export function twoNeuronLossSlicePlot(s: TwoNeuronLossSlice, options: LossSlicePlotOptions = {}): Figure {
  if (!isTwoNeuronLossSlice(s)) throw new TypeError("twoNeuronLossSlicePlot: expects the result of twoNeuronLossSlice(W3).");
  return new Figure({ kind: "heatmap", description: describeLossSlice(s), vegaLite: lossSliceSpec(s, options) });
}
