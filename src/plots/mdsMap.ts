/**
 * mdsMap(mds, options): a 2-D MDS embedding (from `classicalMds`) as a scatter, one dot per
 * network, coloured by a category (architecture, activation, ...), labelled when few.
 *
 *   mdsMap(classicalMds(D), { category: nets.map((n) => n.arch), categoryLabel: "architecture" })
 */
import type { MdsResult } from "../analysis/projection/mds";
import { Figure } from "../display/figure";
import { categoryColors, r4 } from "./style";

export interface MdsMapOptions {
  /** One category per item (e.g. architecture): colours the dots. */
  category?: ReadonlyArray<string | number | boolean>;
  /** Legend title (default "category"). */
  categoryLabel?: string;
  /** Item names (default: the result's labels); written next to the dots when there are ≤ 30. */
  labels?: readonly string[];
  title?: string;
  width?: number;
  height?: number;
  /** Dot area in square pixels (default 80). */
  size?: number;
}

/** Duck test for a classicalMds result. */
export function isMdsResult(v: unknown): v is MdsResult {
  const o = v as Partial<MdsResult> | null;
  return (
    o != null &&
    typeof o === "object" &&
    o.coords != null &&
    typeof o.coords.rows === "number" &&
    typeof o.coords.cols === "number" &&
    o.coords.data instanceof Float64Array &&
    o.eigenvalues instanceof Float64Array &&
    typeof o.stress === "number" &&
    typeof o.explained === "number"
  );
}

export function mdsMap(mds: MdsResult, options: MdsMapOptions = {}): Figure {
  if (!isMdsResult(mds)) throw new Error("mdsMap: expected a classicalMds(...) result ({coords, eigenvalues, stress, explained}).");
  const n = mds.coords.rows;
  const d = mds.coords.cols;
  const labels = options.labels ?? mds.labels;
  if (labels && labels.length !== n) throw new Error(`mdsMap: ${labels.length} labels for ${n} items.`);
  if (options.category && options.category.length !== n) throw new Error(`mdsMap: ${options.category.length} categories for ${n} items; pass one per item.`);
  const cats = options.category ? [...new Set(options.category.map(String))] : [];
  const values = Array.from({ length: n }, (_, i) => ({
    x: r4(mds.coords.data[i * d]!),
    y: d > 1 ? r4(mds.coords.data[i * d + 1]!) : 0,
    ...(labels ? { label: labels[i] } : { label: String(i) }),
    ...(options.category ? { category: String(options.category[i]) } : {}),
  }));
  const catTitle = options.categoryLabel ?? "category";
  const x = { field: "x", type: "quantitative", title: "MDS 1", scale: { zero: false } };
  const y = { field: "y", type: "quantitative", title: "MDS 2", scale: { zero: false } };
  const color = options.category
    ? { color: { field: "category", type: "nominal", title: catTitle, scale: { domain: cats, range: categoryColors(cats.length) } } }
    : {};
  const layers: Record<string, unknown>[] = [
    { mark: { type: "point", filled: true, size: options.size ?? 80, opacity: 0.85, tooltip: true }, encoding: { x, y, ...color } },
  ];
  if (labels && n <= 30) {
    layers.push({ mark: { type: "text", dx: 7, align: "left", fontSize: 9, color: "#555" }, encoding: { x, y, text: { field: "label" } } });
  }
  const vegaLite = {
    title: { text: options.title ?? "MDS map", subtitle: `classical MDS, stress ${Number(mds.stress.toPrecision(3))}, ${Math.round(mds.explained * 100)}% of the positive spectrum` },
    width: options.width ?? 400,
    height: options.height ?? 320,
    data: { values },
    layer: layers,
  };
  const description =
    `MDS map${options.title ? ` "${options.title}"` : ""}: ${n} items${options.category ? `, colour = ${catTitle} (${cats.join(", ")})` : ""}, stress ${Number(mds.stress.toPrecision(3))}`;
  return new Figure({ kind: "scatter", description, vegaLite });
}
