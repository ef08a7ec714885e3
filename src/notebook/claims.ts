/**
 * A notebook's claims: each paper claim it tests, the paper's value, ours, the tolerance with its
 * reason, and a status. Checks record instead of throwing, so one failed claim does not cost the
 * figures after it; the notebook's last cell (`claims.finish()`) shows the claims table and fails the
 * run if any asserted claim failed.
 *
 * Statuses:
 * - pass / fail: asserted, inside / outside the tolerance;
 * - reported: measured and shown, not asserted at this scale (sample below `minN`, or a claim the
 *   quick populations cannot carry); the reason says which;
 * - not-reproduced: asserted, outside the paper's range, with the reason found (does not fail the run:
 *   it is a finding, written next to the claim).
 */
import { display } from "../display/display";
import { JUPYTER_DISPLAY, MIME, MimeBundle } from "../display/mime";

export type ClaimStatus = "pass" | "fail" | "reported" | "not-reproduced";

/** One row of the claims table; also the `application/json` record scripts read. */
export interface ClaimRow {
  readonly claim: string;
  readonly paper: string;
  readonly ours: string;
  readonly tolerance: string;
  readonly status: ClaimStatus;
  /** Reason for `reported` / `not-reproduced`. */
  readonly note?: string;
  /** The measured number, when there is one (for seed sweeps). */
  readonly value?: number;
}

export interface ClaimCheck {
  /** The claim as asserted here, e.g. "most spontaneous outputs come 1.0–1.3× the longest t_s". */
  readonly claim: string;
  /** The paper's value, e.g. "15/16 networks". */
  readonly paper: string;
  /** Our value, formatted for the table. */
  readonly ours: string;
  /** Tolerance and why: e.g. "Wilson 95 % lower bound ≥ 0.5 (n = 20)". */
  readonly tolerance: string;
  /** Whether the claim holds within the tolerance. */
  readonly pass: boolean;
  /** The measured number behind `ours` (optional; seed sweeps collect it). */
  readonly value?: number;
  /** Sample size the claim is computed on… */
  readonly n?: number;
  /** …and the size below which it is reported instead of asserted. */
  readonly minN?: number;
  /**
   * When the claim fails for a reason found and written here (e.g. "quick nets are under-trained:
   * the paper trains to loss 2e-5"), the row is `not-reproduced` instead of `fail`.
   */
  readonly notReproducedBecause?: string;
  /**
   * When a premise the claim needs cannot be decided on this sample (written here, e.g. "the CI of
   * median |λ2| straddles 0.99"), the row is `reported` with this reason, whatever `pass` says.
   */
  readonly undecidedBecause?: string;
}

export interface ClaimReport {
  readonly claim: string;
  readonly paper: string;
  readonly ours: string;
  /** Why it is not asserted here. */
  readonly why: string;
  readonly value?: number;
}

const SYMBOL: Record<ClaimStatus, string> = { pass: "✓", fail: "✗", reported: "·", "not-reproduced": "≠" };

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function need(v: unknown, field: string, who: string): string {
  if (typeof v !== "string" || v.trim() === "") throw new Error(`${who}: "${field}" must be a non-empty string.`);
  return v;
}

export class Claims {
  readonly notebook: string;
  private readonly list: ClaimRow[] = [];
  private readonly log: (line: string) => void;

  constructor(notebook: string, opts: { log?: (line: string) => void } = {}) {
    this.notebook = notebook;
    this.log = opts.log ?? ((l) => console.log(l));
  }

  /** Records an asserted claim and prints one line; returns whether it passed. */
  check(c: ClaimCheck): boolean {
    const who = `Claims.check(${JSON.stringify(c.claim)})`;
    need(c.claim, "claim", who);
    need(c.paper, "paper", who);
    need(c.tolerance, "tolerance", who);
    if (typeof c.pass !== "boolean") throw new Error(`${who}: "pass" must be a boolean.`);
    let status: ClaimStatus;
    let note: string | undefined;
    if (c.n !== undefined && c.minN !== undefined && c.n < c.minN) {
      status = "reported";
      note = `sample n = ${c.n} is below the ${c.minN} this claim needs; reported, not asserted`;
    } else if (c.undecidedBecause) {
      status = "reported";
      note = `${c.undecidedBecause}; reported, not asserted`;
    } else if (c.pass) {
      status = "pass";
    } else if (c.notReproducedBecause) {
      status = "not-reproduced";
      note = c.notReproducedBecause;
    } else {
      status = "fail";
    }
    return this.add({ claim: c.claim, paper: c.paper, ours: String(c.ours), tolerance: c.tolerance, status, note, value: c.value }).status !== "fail";
  }

  /** Records a measured claim that is shown but not asserted at this scale. */
  report(r: ClaimReport): void {
    const who = `Claims.report(${JSON.stringify(r.claim)})`;
    need(r.claim, "claim", who);
    need(r.why, "why", who);
    this.add({ claim: r.claim, paper: r.paper, ours: String(r.ours), tolerance: "not asserted", status: "reported", note: r.why, value: r.value });
  }

  private add(row: ClaimRow): ClaimRow {
    const clean = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as unknown as ClaimRow;
    this.list.push(clean);
    const tail = row.note ? ` — ${row.note}` : "";
    this.log(`${SYMBOL[row.status]} ${row.status}: ${row.claim} — ours ${row.ours} (paper ${row.paper}; ${row.tolerance})${tail}`);
    return clean;
  }

  get rows(): readonly ClaimRow[] {
    return this.list;
  }

  failed(): ClaimRow[] {
    return this.list.filter((r) => r.status === "fail");
  }

  toJSON(): ClaimRow[] {
    return this.list.map((r) => ({ ...r }));
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    const head = ["claim", "paper", "ours", "tolerance", "status"];
    const counts = (["pass", "fail", "reported", "not-reproduced"] as const).map((s) => `${this.list.filter((r) => r.status === s).length} ${s}`).join(", ");
    const text =
      `Claims of ${this.notebook}: ${counts}\n` +
      this.list.map((r) => `${SYMBOL[r.status]} [${r.status}] ${r.claim} | paper ${r.paper} | ours ${r.ours} | ${r.tolerance}${r.note ? ` | ${r.note}` : ""}`).join("\n");
    const colour: Record<ClaimStatus, string> = { pass: "#1a7f37", fail: "#cf222e", reported: "#57606a", "not-reproduced": "#9a6700" };
    const rowsHtml = this.list
      .map((r) => {
        const cells = [r.claim, r.paper, r.ours, r.tolerance].map((v) => `<td style="text-align:left;vertical-align:top">${escapeHtml(v)}</td>`).join("");
        const note = r.note ? `<div style="color:#57606a;font-size:11px">${escapeHtml(r.note)}</div>` : "";
        return `<tr>${cells}<td style="text-align:left;vertical-align:top;color:${colour[r.status]};font-weight:600">${r.status}${note}</td></tr>`;
      })
      .join("");
    const html =
      `<div><div style="font:12px sans-serif;color:#666">Claims of ${escapeHtml(this.notebook)}: ${escapeHtml(counts)}</div>` +
      `<table><thead><tr>${head.map((h) => `<th style="text-align:left">${h}</th>`).join("")}</tr></thead><tbody>${rowsHtml}</tbody></table></div>`;
    return { [MIME.text]: text, [MIME.html]: html, "application/json": this.toJSON() };
  }

  /**
   * The notebook's last step: shows the claims table (HTML + application/json) and throws if any
   * asserted claim failed, naming them, so a headless run fails after every figure was drawn.
   */
  finish(): void {
    display(this);
    const bad = this.failed();
    if (bad.length) {
      throw new Error(`CHECK FAILED: ${bad.length} claim(s) of ${this.notebook} outside their tolerance:\n` + bad.map((r) => `  ✗ ${r.claim}: ours ${r.ours} (${r.tolerance})`).join("\n"));
    }
  }
}
