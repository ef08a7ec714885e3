/**
 * The reliability suite's ledger: each probe is one hostile-but-fair thing a user does (a forgotten
 * --resume, a second writer, a corrupt file). A probe records whether the tool refused it with a clear
 * error (names the file or option and the fix) and whether the outcome was correct (nothing lost, the
 * right exit code). The table printed at the end of each file says what held.
 */
import { after } from "node:test";

interface Row {
  tried: number;
  clear: number;
  correct: number;
}
const rows = new Map<string, Row>();

/** Records one probe of `cls`; `clear` / `correct` are what the test then asserts. */
export function probe(cls: string, result: { clear: boolean; correct: boolean }): void {
  const r = rows.get(cls) ?? { tried: 0, clear: 0, correct: 0 };
  r.tried++;
  if (result.clear) r.clear++;
  if (result.correct) r.correct++;
  rows.set(cls, r);
}

after(() => {
  if (rows.size === 0) return;
  const w = Math.max(12, ...[...rows.keys()].map((k) => k.length));
  const lines = [`${"probe class".padEnd(w)}  tried  clear error  correct result`];
  for (const [k, r] of rows) lines.push(`${k.padEnd(w)}  ${String(r.tried).padStart(5)}  ${String(r.clear).padStart(11)}  ${String(r.correct).padStart(14)}`);
  console.log(lines.map((l) => `# ${l}`).join("\n"));
});
