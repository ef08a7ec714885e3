/** ChangeOverlaps as a small HTML table (|cos| of ΔW's singular vectors with inputs/readouts, W0 gain). */
import type { ChangeOverlaps } from "../../analysis/lowRank/overlaps";
import { Figure } from "../../display/figure";

export function overlapsTable(o: ChangeOverlaps): Figure {
  const f = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" / ");
  const rows = Array.from({ length: o.k }, (_, k) => ({
    k: k + 1,
    uIn: f(o.leftInput[k]!),
    vIn: f(o.rightInput[k]!),
    uOut: f(o.leftOutput[k]!),
    vOut: f(o.rightOutput[k]!),
    align: o.w0Alignment[k]!.toFixed(2),
    gain: `${o.w0Gain.right[k]!.toFixed(2)} / ${o.w0Gain.left[k]!.toFixed(2)}`,
  }));
  const head = ["k", "u·inputs", "v·inputs", "u·readouts", "v·readouts", "uᵀW0v (rms units)", "‖W0v‖ / ‖W0ᵀu‖"];
  const html =
    `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr><td>${r.k}</td><td>${r.uIn}</td><td>${r.vIn}</td><td>${r.uOut}</td><td>${r.vOut}</td><td>${r.align}</td><td>${r.gain}</td></tr>`).join("") +
    `</tbody></table><p>|cos| overlaps; chance level 1/√N = ${o.chanceLevel.toFixed(3)}.</p>`;
  const text = [head.join(" | "), ...rows.map((r) => [r.k, r.uIn, r.vIn, r.uOut, r.vOut, r.align, r.gain].join(" | "))].join("\n");
  return new Figure({ kind: "table", description: `ChangeOverlaps (chance ${o.chanceLevel.toFixed(3)})\n${text}`, html });
}
