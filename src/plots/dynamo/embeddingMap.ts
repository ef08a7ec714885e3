/**
 * embeddingMap(fit, options): the DYNAMO model-embedding map, one dot per network at its θ (first two
 * dimensions), coloured by a category (solution type, architecture); optional labelled markers (e.g.
 * cluster means computed by the analysis) and an optional straight path between two of them.
 */
import type { DynamoFit } from "../../analysis/dynamo/DynamoFit";
import { Figure } from "../../display/figure";
import { categoryColors, r4 } from "../style";

export interface EmbeddingMapOptions {
  /** One category per network (fit order). */
  category?: ReadonlyArray<string | number | boolean>;
  categoryLabel?: string;
  /** Labelled points drawn as crosses (e.g. a cluster's mean θ). */
  markers?: ReadonlyArray<{ theta: ArrayLike<number>; label: string }>;
  /** Draw a segment between two θ's (e.g. the bifurcation path). */
  path?: { a: ArrayLike<number>; b: ArrayLike<number> };
  title?: string;
  width?: number;
  height?: number;
}

const SUP: Record<string, string> = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
const sup = (n: number) => String(n).replace(/\d/g, (c) => SUP[c]!);

export function embeddingMap(fit: DynamoFit, options: EmbeddingMapOptions = {}): Figure {
  const n = fit.count;
  const d = fit.dims;
  if (options.category && options.category.length !== n) throw new Error(`embeddingMap: ${options.category.length} categories for ${n} networks; pass one per network.`);
  const th = fit.thetas;
  // first-appearance order, as mdsMap uses: the same category array gives the same colours in the θ map and the MDS maps
  const cats = options.category ? [...new Set(options.category.map(String))] : [];
  const catTitle = options.categoryLabel ?? "category";
  const at = (t: ArrayLike<number>) => ({ x: r4(t[0]!), y: d > 1 ? r4(t[1]!) : 0 });
  const values = Array.from({ length: n }, (_, i) => ({
    ...at(th.subarray(i * d, (i + 1) * d)),
    network: fit.ids[i],
    ...(options.category ? { category: String(options.category[i]) } : {}),
  }));
  const x = { field: "x", type: "quantitative", title: "θ₁", scale: { zero: false } };
  const y = { field: "y", type: "quantitative", title: d > 1 ? "θ₂" : "(d = 1)", scale: { zero: false } };
  const color = options.category
    ? { color: { field: "category", type: "nominal", title: catTitle, scale: { domain: cats, range: categoryColors(cats.length) } } }
    : {};
  const layers: Record<string, unknown>[] = [];
  if (options.path) {
    layers.push({
      data: { values: [at(options.path.a), at(options.path.b)].map((p, k) => ({ ...p, k })) },
      mark: { type: "line", color: "#555", strokeDash: [4, 3], strokeWidth: 1.5 },
      encoding: { x, y, order: { field: "k" } },
    });
  }
  layers.push({ data: { values }, mark: { type: "point", filled: true, size: 70, opacity: 0.85, tooltip: true }, encoding: { x, y, ...color } });
  // legend labels are whole category names (no truncation)
  if (options.category) (layers[layers.length - 1]!.encoding as Record<string, any>).color.legend = { labelLimit: 260 };
  if (options.markers?.length) {
    const mv = options.markers.map((m) => ({ ...at(m.theta), label: m.label }));
    layers.push({ data: { values: mv }, mark: { type: "point", shape: "cross", filled: true, size: 160, color: "#000" }, encoding: { x, y } });
    layers.push({ data: { values: mv }, mark: { type: "text", dx: 9, dy: -6, align: "left", fontSize: 10, color: "#000" }, encoding: { x, y, text: { field: "label" } } });
  }
  const vegaLite = {
    title: { text: options.title ?? "DYNAMO model embedding", subtitle: `${n} networks, θ ∈ R${sup(d)}${d > 2 ? " (first two dimensions)" : ""}; crosses: ${options.markers?.length ? "cluster means" : "none"}` },
    width: options.width ?? 420,
    height: options.height ?? 330,
    layer: layers,
  };
  const description = `DYNAMO embedding map${options.title ? ` "${options.title}"` : ""}: ${n} networks in θ ∈ R${sup(d)}${options.category ? `, colour = ${catTitle} (${cats.join(", ")})` : ""}`;
  return new Figure({ kind: "scatter", description, vegaLite });
}
