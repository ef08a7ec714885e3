/**
 * The g-dependence panels (Schuessler et al. 2020, Fig. B): convergence time, ‖ΔW‖, loss after
 * shuffling W0 (relative to L0) and functional rank vs g, one colour per task, samples as dots and
 * the mean as a line.
 */
import type { GSweepResult } from "../../analysis/lowRank/gSweep";
import { summariseGSweep } from "../../analysis/lowRank/gSweep";
import type { Figure } from "../../display/figure";
import { lowRankChart, r4 } from "./chart";

function panel(values: Record<string, unknown>[], field: string, title: string, yTitle: string): Record<string, unknown> {
  return {
    width: 200,
    height: 170,
    title,
    layer: [
      {
        data: { values },
        transform: [{ filter: `datum.${field} != null` }],
        mark: { type: "point", filled: true, size: 20, opacity: 0.5 },
        encoding: {
          x: { field: "g", type: "quantitative", title: "g" },
          y: { field, type: "quantitative", title: yTitle },
          color: { field: "task", type: "nominal", title: "task" },
        },
      },
      {
        data: { values },
        transform: [{ filter: `datum.${field} != null` }, { aggregate: [{ op: "mean", field, as: "m" }], groupby: ["task", "g"] }],
        mark: { type: "line" },
        // The same axis titles as the first layer: vega-lite would join "m" onto the y title.
        encoding: {
          x: { field: "g", type: "quantitative", title: "g" },
          y: { field: "m", type: "quantitative", title: yTitle },
          color: { field: "task", type: "nominal" },
        },
      },
    ],
  };
}

export function gSweepChart(sweeps: GSweepResult | ReadonlyArray<GSweepResult>, opts: { title?: string } = {}): Figure {
  const list = Array.isArray(sweeps) ? (sweeps as GSweepResult[]) : [sweeps as GSweepResult];
  if (list.length === 0) throw new Error("gSweepChart: give at least one GSweepResult.");
  const values = list.flatMap((s) =>
    s.rows.map((r) => ({
      task: s.task,
      g: r.g,
      convergence: r.convergenceUpdate,
      deltaNorm: r4(r.deltaNorm),
      shuffle: r4(r.shuffleLossRel),
      rank: r.truncation.functionalRank.rank,
    })),
  );
  const spec = {
    title: opts.title ?? "dependence on the gain g of W0",
    hconcat: [
      panel(values, "convergence", "convergence time", "updates to 5 % of L0"),
      panel(values, "deltaNorm", "‖ΔW‖", "Frobenius norm"),
      panel(values, "shuffle", "loss after shuffling W0", "loss / L0"),
      panel(values, "rank", "functional rank", "rank"),
    ],
  };
  const lines = list.flatMap((s) =>
    summariseGSweep(s).map(
      (r) =>
        `${s.task} g=${r.g}: converged ${r.converged}/${r.samples} at ${Number.isFinite(r.convergenceMean) ? r.convergenceMean.toFixed(0) : "—"} updates, ‖ΔW‖ ${r.deltaNormMean.toFixed(2)}, shuffle ${r.shuffleRelMean.toFixed(2)}·L0, ranks [${r.functionalRanks.join(", ")}]`,
    ),
  );
  return lowRankChart(spec, `GSweepResult (N = ${list[0]!.hiddenSize})\n${lines.join("\n")}`);
}
