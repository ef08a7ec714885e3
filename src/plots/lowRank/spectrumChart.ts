/** Singular values of W0, W and ΔW on a log scale (Schuessler et al. 2020, Fig. A g–i and supp.). */
import type { ConnectivityChange } from "../../analysis/lowRank/connectivityChange";
import type { Figure } from "../../display/figure";
import { lowRankChart, MATRIX_COLORS, r4 } from "./chart";

export interface SpectrumChartOptions {
  /** Singular values shown per matrix (default 40, the paper's). */
  readonly top?: number;
  readonly title?: string;
}

/** One panel per change (label as title): s_k vs k for W0, W and ΔW. */
export function spectrumChart(changes: ConnectivityChange | ReadonlyArray<ConnectivityChange>, opts: SpectrumChartOptions = {}): Figure {
  const list = Array.isArray(changes) ? (changes as ConnectivityChange[]) : [changes as ConnectivityChange];
  if (list.length === 0) throw new Error("spectrumChart: give at least one ConnectivityChange.");
  const top = opts.top ?? 40;
  const values: Record<string, unknown>[] = [];
  list.forEach((c, p) => {
    const panel = c.label ?? `network ${p}`;
    const add = (name: string, s: Float64Array) => {
      // Log scale: singular values at round-off level (exact low rank) are floored at 1e-6·s_max of W.
      const floor = 1e-6 * (c.s[0] ?? 1);
      for (let k = 0; k < Math.min(top, s.length); k++) values.push({ panel, matrix: name, k: k + 1, s: r4(Math.max(s[k]!, floor)) });
    };
    add("W0", c.s0);
    add("W", c.s);
    add("ΔW", c.sDelta);
  });
  const layer = {
    width: 220,
    height: 180,
    mark: { type: "line", point: { size: 18 } },
    encoding: {
      x: { field: "k", type: "quantitative", title: "index k" },
      y: { field: "s", type: "quantitative", scale: { type: "log" }, title: "singular value" },
      color: { field: "matrix", type: "nominal", scale: MATRIX_COLORS, title: "matrix" },
    },
  };
  const spec =
    list.length === 1
      ? { title: opts.title ?? list[0]!.label ?? "singular values", data: { values }, ...layer }
      : { title: opts.title ?? "singular values", data: { values }, facet: { field: "panel", type: "nominal", title: null }, columns: 3, spec: layer };
  const lines = list.map((c) => {
    const s = Array.from(c.sDelta.slice(0, 6), (x) => x.toFixed(3)).join(", ");
    return `${c.label ?? "network"}: N = ${c.n}, ‖W0‖ = ${c.norms.w0.toFixed(2)}, ‖W‖ = ${c.norms.w.toFixed(2)}, ‖ΔW‖ = ${c.norms.delta.toFixed(3)}; top SVs of ΔW ${s}`;
  });
  return lowRankChart(spec, `ConnectivityChange\n${lines.join("\n")}`);
}
