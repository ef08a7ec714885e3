/** Loss after truncating ΔW to rank r vs r (Schuessler et al. 2020, Fig. A j–l). */
import type { TruncationLoss } from "../../analysis/lowRank/truncation";
import type { Figure } from "../../display/figure";
import { lowRankChart, r4 } from "./chart";

export interface TruncationChartOptions {
  readonly title?: string;
  /** Divide losses by each network's initial loss L0 (default true when every record has it). */
  readonly relative?: boolean;
}

export function truncationChart(results: TruncationLoss | ReadonlyArray<TruncationLoss>, opts: TruncationChartOptions = {}): Figure {
  const list = Array.isArray(results) ? (results as TruncationLoss[]) : [results as TruncationLoss];
  if (list.length === 0) throw new Error("truncationChart: give at least one TruncationLoss.");
  const relative = opts.relative ?? list.every((t) => t.initialLoss !== undefined && t.initialLoss > 0);
  const values: Record<string, unknown>[] = [];
  list.forEach((t, i) => {
    const name = t.label ?? `network ${i}`;
    const d = relative ? t.initialLoss! : 1;
    t.ranks.forEach((r, k) => values.push({ network: name, r, loss: r4(t.loss[k]! / d) }));
  });
  const spec = {
    title: opts.title ?? "loss of W0 + rank-r truncation of ΔW",
    width: 360,
    height: 220,
    layer: [
      {
        data: { values },
        mark: { type: "line", point: { size: 20 } },
        encoding: {
          x: { field: "r", type: "quantitative", title: "rank r of ΔW kept", axis: { tickMinStep: 1 } },
          y: { field: "loss", type: "quantitative", title: relative ? "loss / L0" : "loss" },
          color: { field: "network", type: "nominal", title: "network" },
        },
      },
      ...(relative
        ? [
            {
              data: { values: [{ y: 0.05 }] },
              mark: { type: "rule", strokeDash: [4, 4], color: "#999" },
              encoding: { y: { field: "y", type: "quantitative" } },
            },
          ]
        : []),
    ],
  };
  const lines = list.map(
    (t, i) =>
      `${t.label ?? `network ${i}`}: functional rank ${t.functionalRank.rank ?? `— (${t.functionalRank.masked})`}; loss r=0 ${t.loss[0]!.toExponential(2)}, full ${t.lossFull.toExponential(2)}`,
  );
  return lowRankChart(spec, `TruncationLoss\n${lines.join("\n")}`);
}
