/**
 * typeHistogram(types, options): bar chart of solution types in a population, most frequent first,
 * with the main types' coverage (share of networks they account for) in the title.
 *
 *   typeHistogram(graphs.map((g) => g.typeKey()))               // one label per network
 *   typeHistogram({ A: 40, B: 12, C: 3 }, { mainTypeCoverage: 0.9 })
 */
import { Figure } from "../../display/figure";

export interface TypeHistogramOptions {
  title?: string;
  /** Share of networks covered by the main types (0..1), when the caller has its own definition. */
  mainTypeCoverage?: number;
  /** Otherwise: how many of the most frequent types count as main (default 1). */
  mainTypes?: number;
  /** Bars shown at most (default 30); the rest are pooled as "other". */
  maxBars?: number;
  /** Longest bar label (default 40 characters; type keys can be long). */
  maxLabelLength?: number;
}

/** Counts per type, most frequent first (ties by name), from labels or a counts record/map. */
export function typeCounts(types: ReadonlyArray<string | number> | Readonly<Record<string, number>> | ReadonlyMap<string, number>): [string, number][] {
  const m = new Map<string, number>();
  if (Array.isArray(types)) for (const t of types) m.set(String(t), (m.get(String(t)) ?? 0) + 1);
  else if (types instanceof Map) for (const [k, v] of types) m.set(String(k), Number(v));
  else if (types && typeof types === "object") for (const [k, v] of Object.entries(types)) m.set(k, Number(v));
  else throw new TypeError("typeHistogram: pass one type label per network (string[]) or counts per type ({type: count} or a Map).");
  for (const [k, v] of m) if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`typeHistogram: count of type "${k}" must be a finite number ≥ 0, got ${v}.`);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function typeHistogram(types: ReadonlyArray<string | number> | Readonly<Record<string, number>> | ReadonlyMap<string, number>, options: TypeHistogramOptions = {}): Figure {
  const counts = typeCounts(types);
  const total = counts.reduce((s, [, n]) => s + n, 0);
  if (counts.length === 0 || total === 0) throw new Error("typeHistogram: no networks to count.");
  const k = options.mainTypes ?? 1;
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`typeHistogram: mainTypes must be an integer ≥ 1, got ${k}.`);
  let coverage = options.mainTypeCoverage;
  if (coverage !== undefined && !(coverage >= 0 && coverage <= 1)) throw new RangeError(`typeHistogram: mainTypeCoverage is a share in [0, 1], got ${coverage}.`);
  const main = Math.min(k, counts.length);
  coverage ??= counts.slice(0, main).reduce((s, [, n]) => s + n, 0) / total;
  const maxBars = options.maxBars ?? 30;
  const maxLen = options.maxLabelLength ?? 40;
  const shown = counts.slice(0, maxBars);
  const rest = counts.slice(maxBars).reduce((s, [, n]) => s + n, 0);
  const rows = shown.map(([t, n], r) => ({
    type: t.length > maxLen ? `${r + 1}. ${t.slice(0, maxLen - 1)}…` : `${r + 1}. ${t}`,
    full: t,
    count: n,
    share: Math.round((n / total) * 1000) / 10,
    main: options.mainTypeCoverage === undefined ? (r < main ? "main" : "other") : "type",
  }));
  if (rest > 0) rows.push({ type: `(${counts.length - maxBars} more types)`, full: "", count: rest, share: Math.round((rest / total) * 1000) / 10, main: "other" });
  const coverText = `main type${main === 1 && options.mainTypeCoverage === undefined ? "" : "s"} cover ${(coverage * 100).toFixed(1)} %`;
  const vegaLite = {
    title: { text: options.title ?? `Solution types — ${coverText}`, subtitle: `${total} networks, ${counts.length} types` },
    width: 360,
    height: Math.max(60, 18 * rows.length),
    data: { values: rows },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "type", type: "nominal", sort: null, title: "type" },
      x: { field: "count", type: "quantitative", title: "networks", axis: { tickMinStep: 1 } },
      color: { field: "main", type: "nominal", legend: null, scale: { domain: ["main", "other", "type"], range: ["#4c78a8", "#bab0ac", "#4c78a8"] } },
    },
  };
  return new Figure({ kind: "scatter", description: `Type histogram: ${total} networks, ${counts.length} types; ${coverText}`, vegaLite });
}
