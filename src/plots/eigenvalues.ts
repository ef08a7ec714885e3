/**
 * eigenvaluePlot(source, options): eigenvalues of the linearisations in the complex plane, with
 * the stability boundary: the unit circle for discrete maps (|λ| = 1) or the imaginary axis for
 * continuous-time networks (Re λ = 0). One marker per eigenvalue, coloured by its point's class.
 *
 *   eigenvaluePlot(fps)                         // every point of a FixedPoints record
 *   eigenvaluePlot(fps, { points: [0, 3] })     // some points
 *   eigenvaluePlot({ re, im, continuous: false })
 */
import { FixedPoints } from "../analysis/fixedPoints/FixedPoints";
import { Figure } from "../display/figure";
import { classScale, pointClass, r4 } from "./style";

/** Bare eigenvalues (e.g. of one Jacobian). */
export interface EigenvalueList {
  readonly re: ArrayLike<number>;
  readonly im: ArrayLike<number>;
  /** true: continuous time (boundary Re λ = 0); default false (unit circle). */
  readonly continuous?: boolean;
}

export interface EigenvaluePlotOptions {
  /** Points of a FixedPoints record to include (default all). */
  points?: ArrayLike<number>;
  title?: string;
  /** Plot side in pixels (default 340; the plot is square so the circle stays round). */
  size?: number;
  /** Marker area in square pixels (default 30). */
  markerSize?: number;
}

interface Row {
  re: number | null;
  im: number | null;
  point: number;
  cls: string;
}

export function eigenvaluePlot(source: FixedPoints | EigenvalueList, options: EigenvaluePlotOptions = {}): Figure {
  const who = "eigenvaluePlot";
  const rows: Row[] = [];
  let continuous: boolean;
  const classes: (number | undefined)[] = [];
  let nPoints = 1;
  if (source instanceof FixedPoints) {
    if (!source.isDecomposed) {
      throw new Error(`${who}: the fixed points have no eigenvalues yet; search with decompose: true (the default) or call decomposeFixedPoints(model, fps).`);
    }
    continuous = source.continuous;
    const S = source.stateSize;
    const nU = source.nUnstable;
    const pts = options.points ? Array.from(options.points) : Array.from({ length: source.count }, (_, k) => k);
    for (const k of pts) {
      if (!(Number.isInteger(k) && k >= 0 && k < source.count)) throw new Error(`${who}: point ${k} out of range [0, ${source.count}).`);
      const cls = pointClass(nU[k]);
      classes.push(nU[k]);
      for (let m = 0; m < S; m++) rows.push({ re: r4(source.eigRe![k * S + m]!), im: r4(source.eigIm![k * S + m]!), point: k, cls });
    }
    nPoints = pts.length;
  } else {
    if (!source || !source.re || !source.im || source.re.length !== source.im.length) {
      throw new Error(`${who}: pass a FixedPoints record or {re, im} arrays of equal length.`);
    }
    continuous = source.continuous ?? false;
    for (let m = 0; m < source.re.length; m++) rows.push({ re: r4(source.re[m]!), im: r4(source.im[m]!), point: 0, cls: "eigenvalue" });
  }
  if (rows.length === 0) throw new Error(`${who}: no eigenvalues to draw.`);

  // Square, symmetric axes that include the boundary, so the circle looks like a circle.
  let m = continuous ? 0 : 1.1;
  let reMin = continuous ? 0 : -1.1;
  let reMax = continuous ? 0 : 1.1;
  for (const r of rows) {
    if (r.re !== null) (reMin = Math.min(reMin, r.re)), (reMax = Math.max(reMax, r.re));
    if (r.im !== null) m = Math.max(m, Math.abs(r.im));
  }
  const pad = 0.05 * Math.max(reMax - reMin, 2 * m, 1e-6);
  const half = Math.max((reMax - reMin) / 2 + pad, m + pad);
  const mid = (reMax + reMin) / 2;
  const xDomain = [r4(mid - half), r4(mid + half)];
  const yDomain = [r4(-half), r4(half)];
  const x = { field: "re", type: "quantitative", title: "Re λ", scale: { domain: xDomain, nice: false, zero: false } };
  const y = { field: "im", type: "quantitative", title: "Im λ", scale: { domain: yDomain, nice: false, zero: false } };
  const boundary = continuous
    ? { data: { values: [{ re: 0 }] }, mark: { type: "rule", color: "#888", strokeDash: [4, 3] }, encoding: { x } }
    : {
        data: { values: Array.from({ length: 181 }, (_, i) => ({ re: r4(Math.cos((2 * Math.PI * i) / 180)), im: r4(Math.sin((2 * Math.PI * i) / 180)), o: i })) },
        mark: { type: "line", color: "#888", strokeDash: [4, 3], strokeWidth: 1 },
        encoding: { x, y, order: { field: "o", type: "quantitative" } },
      };
  const scale = source instanceof FixedPoints ? classScale(classes) : { domain: ["eigenvalue"], range: ["#4c78a8"] };
  const side = options.size ?? 340;
  const vegaLite = {
    title: { text: options.title ?? "Eigenvalues of the linearisation", subtitle: continuous ? "stable: Re λ < 0 (left of the imaginary axis)" : "stable: |λ| < 1 (inside the unit circle)" },
    width: side,
    height: side,
    layer: [
      boundary,
      {
        data: { values: rows },
        mark: { type: "point", filled: true, size: options.markerSize ?? 30, opacity: 0.75, tooltip: true, clip: true },
        encoding: { x, y, color: { field: "cls", type: "nominal", title: "point", scale } },
      },
    ],
  };
  const description =
    `Eigenvalues${options.title ? ` "${options.title}"` : ""}: ${rows.length} of ${nPoints} point${nPoints === 1 ? "" : "s"} in the complex plane, ` +
    `${continuous ? "imaginary axis (continuous time)" : "unit circle (discrete map)"} as the stability boundary`;
  return new Figure({ kind: "scatter", description, vegaLite });
}
