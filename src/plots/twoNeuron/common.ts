/** Shared pieces of the two-neuron plots: type colours and markers, grid pooling. */
import type { TwoNeuronType } from "../../solutions/twoNeuron/types";

export const TYPE_COLORS: Readonly<Record<TwoNeuronType, string>> = { SO: "#2ca02c", LC: "#1f77b4", FP: "#d62728" };
export const TYPE_NAMES: Readonly<Record<TwoNeuronType, string>> = {
  SO: "stable origin",
  LC: "limit cycle",
  FP: "non-trivial fixed point",
};
/** The paper's markers: ○ FP, □ LC, ★ SO (vega shapes; the star is an SVG path in unit size). */
export const STAR_PATH = "M0,-1L0.2245,-0.309L0.951,-0.309L0.363,0.118L0.588,0.809L0,0.382L-0.588,0.809L-0.363,0.118L-0.951,-0.309L-0.2245,-0.309Z";
export const TYPE_SHAPES: Readonly<Record<TwoNeuronType, string>> = { FP: "circle", LC: "square", SO: STAR_PATH };

export const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Mean-pools a row-major [rows][cols] grid to at most `max` per side; returns cell rectangles in
 * data coordinates (for vega-lite rect marks with x/x2/y/y2).
 */
export function pooledCells(
  values: ArrayLike<number>,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  max: number,
): { x: number; x2: number; y: number; y2: number; v: number }[] {
  const cols = xs.length, rows = ys.length;
  const fx = Math.max(1, Math.ceil(cols / max)), fy = Math.max(1, Math.ceil(rows / max));
  const dx = cols > 1 ? (xs[cols - 1]! - xs[0]!) / (cols - 1) : 1;
  const dy = rows > 1 ? (ys[rows - 1]! - ys[0]!) / (rows - 1) : 1;
  const out: { x: number; x2: number; y: number; y2: number; v: number }[] = [];
  for (let r0 = 0; r0 < rows; r0 += fy) {
    const r1 = Math.min(rows, r0 + fy);
    for (let c0 = 0; c0 < cols; c0 += fx) {
      const c1 = Math.min(cols, c0 + fx);
      let s = 0, n = 0;
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) {
        const v = values[r * cols + c]!;
        if (Number.isFinite(v)) { s += v; n++; }
      }
      if (n === 0) continue;
      out.push({
        x: r3(xs[c0]! - dx / 2), x2: r3(xs[c1 - 1]! + dx / 2),
        y: r3(ys[r0]! - dy / 2), y2: r3(ys[r1 - 1]! + dy / 2),
        v: Math.round((s / n) * 100) / 100,
      });
    }
  }
  return out;
}
