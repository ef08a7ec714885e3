/**
 * eigenvaluePlot(source, options): eigenvalues in the complex plane with their stability boundary.
 * The one eigenvalue renderer; it draws three kinds of source:
 *
 *   eigenvaluePlot(fps)                         // linearisations of a FixedPoints record, coloured by point class
 *   eigenvaluePlot(fps, { points: [0, 3] })     // some points
 *   eigenvaluePlot({ re, im, continuous: false })
 *   eigenvaluePlot(eigenSpectra(change, { g }))  // W0, W (and ΔW with showDelta) of a rate network
 *
 * Boundaries: the unit circle for discrete maps (|λ| = 1), the imaginary axis for continuous-time
 * networks (Re λ = 0), and for connectivity spectra (dx/dt = −x + Wφ(x)) the line Re λ = 1 with
 * the circle of radius g when g is known. The plot is square with equal axes so circles stay round.
 */
import { FixedPoints } from "../analysis/fixedPoints/FixedPoints";
import { EIGEN_SPECTRA_KIND, type EigenSpectra } from "../analysis/lowRank/eigenSpectra";
import { Figure } from "../display/figure";
import { classScale, pointClass, r4 } from "./style";
import { MATRIX_COLORS } from "./lowRank/chart";

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
  /** Marker area in square pixels (default 30; 14 for connectivity spectra, which have many more). */
  markerSize?: number;
  /** Connectivity spectra: also draw the eigenvalues of ΔW (default false). */
  showDelta?: boolean;
}

interface Row {
  re: number | null;
  im: number | null;
  point: number;
  cls: string;
}

/** What is drawn: the markers, their colour scale, and the reference shapes. */
interface Layout {
  rows: Row[];
  scale: { domain: string[]; range: string[] };
  legendTitle: string;
  /** Dashed circles centred at 0 (radius). */
  circles: number[];
  /** Dashed vertical lines (Re λ = value). */
  rules: number[];
  title: string;
  subtitle: string;
  description: string;
  markerSize: number;
}

const who = "eigenvaluePlot";

function isEigenSpectra(v: unknown): v is EigenSpectra {
  return v != null && typeof v === "object" && (v as { kind?: unknown }).kind === EIGEN_SPECTRA_KIND;
}

function fixedPointsLayout(source: FixedPoints, options: EigenvaluePlotOptions): Layout {
  if (!source.isDecomposed) {
    throw new Error(`${who}: the fixed points have no eigenvalues yet; search with decompose: true (the default) or call decomposeFixedPoints(model, fps).`);
  }
  const S = source.stateSize;
  const nU = source.nUnstable;
  const pts = options.points ? Array.from(options.points) : Array.from({ length: source.count }, (_, k) => k);
  const rows: Row[] = [];
  const classes: (number | undefined)[] = [];
  for (const k of pts) {
    if (!(Number.isInteger(k) && k >= 0 && k < source.count)) throw new Error(`${who}: point ${k} out of range [0, ${source.count}).`);
    const cls = pointClass(nU[k]);
    classes.push(nU[k]);
    for (let m = 0; m < S; m++) rows.push({ re: r4(source.eigRe![k * S + m]!), im: r4(source.eigIm![k * S + m]!), point: k, cls });
  }
  return boundaryLayout(rows, source.continuous, pts.length, classScale(classes), "point", options);
}

function listLayout(source: EigenvalueList, options: EigenvaluePlotOptions): Layout {
  if (!source || !source.re || !source.im || source.re.length !== source.im.length) {
    throw new Error(`${who}: pass a FixedPoints record, an EigenSpectra record or {re, im} arrays of equal length.`);
  }
  const rows: Row[] = [];
  for (let m = 0; m < source.re.length; m++) rows.push({ re: r4(source.re[m]!), im: r4(source.im[m]!), point: 0, cls: "eigenvalue" });
  return boundaryLayout(rows, source.continuous ?? false, 1, { domain: ["eigenvalue"], range: ["#4c78a8"] }, "point", options);
}

/** Fixed points and bare lists: the unit circle (discrete) or the imaginary axis (continuous). */
function boundaryLayout(rows: Row[], continuous: boolean, nPoints: number, scale: Layout["scale"], legendTitle: string, options: EigenvaluePlotOptions): Layout {
  return {
    rows,
    scale,
    legendTitle,
    circles: continuous ? [] : [1],
    rules: continuous ? [0] : [],
    title: options.title ?? "Eigenvalues of the linearisation",
    subtitle: continuous ? "stable: Re λ < 0 (left of the imaginary axis)" : "stable: |λ| < 1 (inside the unit circle)",
    description:
      `Eigenvalues${options.title ? ` "${options.title}"` : ""}: ${rows.length} of ${nPoints} point${nPoints === 1 ? "" : "s"} in the complex plane, ` +
      `${continuous ? "imaginary axis (continuous time)" : "unit circle (discrete map)"} as the stability boundary`,
    markerSize: options.markerSize ?? 30,
  };
}

function spectraLayout(e: EigenSpectra, options: EigenvaluePlotOptions): Layout {
  const rows: Row[] = [];
  const groups: [string, { re: Float64Array; im: Float64Array }][] = [["W0", e.w0], ["W", e.w]];
  if (options.showDelta) groups.push(["ΔW", e.delta]);
  for (const [name, v] of groups) for (let i = 0; i < v.re.length; i++) rows.push({ re: r4(v.re[i]!), im: r4(v.im[i]!), point: 0, cls: name });
  const names = groups.map(([n]) => n);
  const maxRe = (v: Float64Array) => Math.max(...Array.from(v));
  return {
    rows,
    scale: { domain: names, range: names.map((n) => MATRIX_COLORS.range[MATRIX_COLORS.domain.indexOf(n)]!) },
    legendTitle: "matrix",
    circles: e.g !== undefined ? [e.g] : [],
    rules: [1],
    title: options.title ?? e.label ?? "Eigenvalues of W0 and W",
    subtitle: `dashed line: Re λ = 1${e.g !== undefined ? `; dashed circle: radius g = ${e.g}` : ""}`,
    description: `EigenSpectra${e.label ? ` (${e.label})` : ""}: ${e.w.re.length} eigenvalues; max Re λ of W0 ${maxRe(e.w0.re).toFixed(3)}, of W ${maxRe(e.w.re).toFixed(3)}${e.g !== undefined ? `; g = ${e.g}` : ""}`,
    markerSize: options.markerSize ?? 14,
  };
}

export function eigenvaluePlot(source: FixedPoints | EigenvalueList | EigenSpectra, options: EigenvaluePlotOptions = {}): Figure {
  const L = source instanceof FixedPoints ? fixedPointsLayout(source, options) : isEigenSpectra(source) ? spectraLayout(source, options) : listLayout(source as EigenvalueList, options);
  if (L.rows.length === 0) throw new Error(`${who}: no eigenvalues to draw.`);

  // Square, symmetric axes that include the markers and the reference shapes.
  let reMin = Infinity;
  let reMax = -Infinity;
  let m = 0;
  for (const r of L.rows) {
    if (r.re !== null) (reMin = Math.min(reMin, r.re)), (reMax = Math.max(reMax, r.re));
    if (r.im !== null) m = Math.max(m, Math.abs(r.im));
  }
  for (const c of L.circles) (reMin = Math.min(reMin, -1.1 * c)), (reMax = Math.max(reMax, 1.1 * c)), (m = Math.max(m, 1.1 * c));
  for (const x of L.rules) (reMin = Math.min(reMin, x)), (reMax = Math.max(reMax, x));
  if (!Number.isFinite(reMin)) (reMin = -1), (reMax = 1);
  const pad = 0.05 * Math.max(reMax - reMin, 2 * m, 1e-6);
  const half = Math.max((reMax - reMin) / 2 + pad, m + pad);
  const mid = (reMax + reMin) / 2;
  const x = { field: "re", type: "quantitative", title: "Re λ", scale: { domain: [r4(mid - half), r4(mid + half)], nice: false, zero: false } };
  const y = { field: "im", type: "quantitative", title: "Im λ", scale: { domain: [r4(-half), r4(half)], nice: false, zero: false } };
  const circleLayer = (radius: number) => ({
    data: { values: Array.from({ length: 181 }, (_, i) => ({ re: r4(radius * Math.cos((2 * Math.PI * i) / 180)), im: r4(radius * Math.sin((2 * Math.PI * i) / 180)), o: i })) },
    mark: { type: "line", color: "#888", strokeDash: [4, 3], strokeWidth: 1 },
    encoding: { x, y, order: { field: "o", type: "quantitative" } },
  });
  const ruleLayer = (re: number) => ({ data: { values: [{ re }] }, mark: { type: "rule", color: "#888", strokeDash: [4, 3] }, encoding: { x } });
  const side = options.size ?? 340;
  const vegaLite = {
    title: { text: L.title, subtitle: L.subtitle },
    width: side,
    height: side,
    layer: [
      ...L.circles.map(circleLayer),
      ...L.rules.map(ruleLayer),
      {
        data: { values: L.rows },
        mark: { type: "point", filled: true, size: L.markerSize, opacity: 0.75, tooltip: true, clip: true },
        encoding: { x, y, color: { field: "cls", type: "nominal", title: L.legendTitle, scale: L.scale } },
      },
    ],
  };
  return new Figure({ kind: "scatter", description: L.description, vegaLite });
}
