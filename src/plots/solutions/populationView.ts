/**
 * Display of solution populations and their types: a SolutionPopulation shows a summary table
 * (per size: requested, kept, discarded, rounds, epochs) instead of its weights; SolutionTypes
 * shows its type histogram.
 */
import type { SolutionPopulation, SolutionTypes } from "../../solutions/population/types";
import { Figure } from "../../display/figure";
import { typeHistogram } from "./typeHistogram";

export function isSolutionPopulation(v: unknown): v is SolutionPopulation {
  const o = v as Record<string, unknown> | null;
  return o != null && typeof o === "object" && o.kind === "solution-population" && Array.isArray(o.networks) && Array.isArray(o.rounds);
}

export function isSolutionTypes(v: unknown): v is SolutionTypes {
  const o = v as Record<string, unknown> | null;
  return o != null && typeof o === "object" && o.kind === "solution-types" && Array.isArray(o.typeOf) && Array.isArray(o.types);
}

interface SizeRow {
  size: number;
  requested: number;
  kept: number;
  discarded: number;
  rounds: number;
  medianEpochs: number;
}

function sizeRows(p: SolutionPopulation): SizeRow[] {
  return p.sizes.map((size) => {
    const nets = p.networks.filter((n) => n.size === size);
    const epochs = nets.map((n) => n.record.epochs).sort((a, b) => a - b);
    return {
      size,
      requested: p.networksPerSize,
      kept: nets.length,
      discarded: p.discarded.filter((d) => d.size === size).length,
      rounds: p.rounds.filter((r) => r.size === size).length,
      medianEpochs: epochs.length ? epochs[Math.floor(epochs.length / 2)]! : NaN,
    };
  });
}

/** One-paragraph text summary. */
export function solutionPopulationSummary(p: SolutionPopulation): string {
  const head =
    `SolutionPopulation "${p.name}": ${p.task} (${JSON.stringify(p.taskOptions)}), ${p.arch}, ${p.networks.length}/${p.sizes.length * p.networksPerSize} networks kept, ` +
    `${p.discarded.length} discarded and retrained, ${p.complete ? "complete" : `${p.missing.length} slots empty after the round cap`}; ` +
    `${(p.timings.trainMs / 1000).toFixed(1)} s training (${p.timings.msPerNetEpoch.toFixed(2)} ms per network-epoch), ${p.source}${p.outDir ? ` from ${p.outDir}` : ""}`;
  const rows = sizeRows(p).map((r) => `  N=${r.size}: ${r.kept}/${r.requested} kept, ${r.discarded} discarded, ${r.rounds} round(s), median ${r.medianEpochs} epochs`);
  return [head, ...rows].join("\n");
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function solutionPopulationTable(p: SolutionPopulation): Figure {
  const rows = sizeRows(p);
  const cells = rows.map((r) => `<tr><td>${r.size}</td><td>${r.requested}</td><td>${r.kept}</td><td>${r.discarded}</td><td>${r.rounds}</td><td>${r.medianEpochs}</td></tr>`).join("");
  const html =
    `<div><b>${esc(p.name)}</b>: ${esc(p.task)}, ${esc(p.arch)} — ${p.networks.length} kept, ${p.discarded.length} discarded, ` +
    `${p.complete ? "complete" : `${p.missing.length} empty slots`}, ${(p.timings.trainMs / 1000).toFixed(1)} s training (${esc(p.source)})` +
    `<table><thead><tr><th>size</th><th>requested</th><th>kept</th><th>discarded</th><th>rounds</th><th>median epochs</th></tr></thead><tbody>${cells}</tbody></table></div>`;
  return new Figure({ kind: "table", description: solutionPopulationSummary(p), html });
}

export function solutionTypesHistogram(t: SolutionTypes): Figure {
  return typeHistogram(t.typeOf, {
    mainTypeCoverage: Number.isFinite(t.coverage) ? t.coverage : 0,
    title: `${t.name || t.task}: ${t.types.length} types, main types (≥ ${t.minTypeSize}) cover ${(100 * (Number.isFinite(t.coverage) ? t.coverage : 0)).toFixed(1)} %`,
  });
}
