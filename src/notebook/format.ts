/** Small formatting helpers the notebooks share. */
import * as aq from "arquero";

/** 0.934 → "93.4 %". */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(digits)} %` : String(x);
}

/** "k/n (p %)". */
export function fraction(k: number, n: number, digits = 0): string {
  return n > 0 ? `${k}/${n} (${pct(k / n, digits)})` : `${k}/${n}`;
}

/** Rows of plain records → an arquero table (renders as an HTML table as a cell's last value). */
export function table(rows: readonly object[]): ReturnType<typeof aq.from> {
  return aq.from(rows.length ? (rows as object[]) : [{ "(none)": "" }]);
}
