/**
 * Progress reporters: one updating line on a terminal (periodic lines when stderr is not a TTY, so
 * CI logs stay short) and a live-updating notebook output (display(x, {id}) of src/display).
 */
import { Figure } from "../display/figure";
import { svgImgHtml } from "../display/policy";
import type { ProgressInfo, ProgressReporter, TrainOptions } from "./types";

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "?";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function finiteSorted(xs: ReadonlyArray<number>): number[] {
  return xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
}

const fmt = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? "–" : x.toExponential(2));

/**
 * What a progress panel is showing, drawn above the training line: a title (e.g. the population) and
 * named fields (e.g. size, round, networks done). A function, so a long-lived panel can relabel
 * itself between training calls (see src/solutions/population/progress).
 */
export interface ProgressLabels {
  readonly title: string;
  readonly fields?: ReadonlyArray<readonly [name: string, value: string]>;
}

/** "title · name value · name value" (the labels on one line). */
export function labelLine(l: ProgressLabels): string {
  return [l.title, ...(l.fields ?? []).map(([k, v]) => `${k} ${v}`)].filter((x) => x !== "").join(" · ");
}

/** One line: epoch, active networks, loss median [min, max], rate, ETA. */
export function summaryLine(info: ProgressInfo): string {
  const loss = finiteSorted(info.loss);
  const med = loss.length ? loss[Math.floor(loss.length / 2)] : undefined;
  const budget = info.maxEpochs !== undefined ? `/${info.maxEpochs}` : "";
  const acc = finiteSorted(info.accuracy);
  const accPart = acc.length ? ` · acc median ${acc[Math.floor(acc.length / 2)]!.toFixed(3)}` : "";
  const eta = info.done ? "done" : info.etaMs !== undefined ? `ETA ${formatDuration(info.etaMs)}` : "";
  return (
    `epoch ${info.epoch}${budget} · update ${info.update} · ${info.active}/${info.networks} training · ` +
    `loss median ${fmt(med)} [${fmt(loss[0])}, ${fmt(loss[loss.length - 1])}]${accPart} · ${formatDuration(info.elapsedMs)} ${eta}`
  ).trimEnd();
}

export interface TerminalReporterOptions {
  readonly stream?: NodeJS.WriteStream;
  /** Minimum ms between redraws on a TTY. Default 250. */
  readonly ttyIntervalMs?: number;
  /** Minimum ms between lines when not a TTY (CI). Default 10000. */
  readonly lineIntervalMs?: number;
  /** Labels printed before each line (read at every redraw). */
  readonly labels?: () => ProgressLabels;
}

export function terminalReporter(opts: TerminalReporterOptions = {}): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  const interval = tty ? (opts.ttyIntervalMs ?? 250) : (opts.lineIntervalMs ?? 10000);
  let last = -Infinity;
  const withLabels = (info: ProgressInfo): string => (opts.labels ? `${labelLine(opts.labels())} · ` : "") + summaryLine(info);
  return {
    update(info) {
      const t = performance.now();
      if (t - last < interval) return;
      last = t;
      const line = withLabels(info);
      if (tty) stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 160) - 1)}`);
      else stream.write(line + "\n");
    },
    finish(info) {
      const line = withLabels(info);
      stream.write(tty ? `\r\x1b[2K${line}\n` : line + "\n");
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Log-scale sparkline of median / min / max loss over epochs, as an <img> of an SVG: an untrusted
 * notebook strips inline <svg> and ran its two axis labels into the text around it ("1.02e+01.96e-4");
 * an <img> with a data URL survives the sanitiser, and its alt text says what it shows.
 */
function sparkline(all: Array<[number, number, number]>): string {
  const w = 360;
  const h = 90;
  // At most one point per pixel column: a run of 2,000 epochs drew 6,000 polyline points (60 kB
  // stored in the notebook) into 360 px. Each kept point keeps its column's min and max.
  const series = all.length <= w ? all : columns(all, w);
  const vals = series.flat().filter((x) => x > 0 && Number.isFinite(x));
  if (series.length < 2 || vals.length === 0) return "";
  const lo = Math.log10(Math.min(...vals));
  const hi = Math.log10(Math.max(...vals));
  const span = hi - lo || 1;
  const pt = (k: number, v: number): string =>
    `${((k / (series.length - 1)) * (w - 4) + 2).toFixed(1)},${(h - 2 - ((Math.log10(Math.max(v, 1e-30)) - lo) / span) * (h - 4)).toFixed(1)}`;
  const line = (c: number, color: string, width: number): string =>
    `<polyline fill="none" stroke="${color}" stroke-width="${width}" points="${series.map((s, k) => pt(k, s[c]!)).join(" ")}"/>`;
  const svg =
    `<svg width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><rect width="${w}" height="${h}" fill="#fafafa"/>` +
    line(1, "#bbb", 1) + line(2, "#bbb", 1) + line(0, "#1f77b4", 2) +
    `<text x="4" y="12" font-size="10" fill="#555">${fmt(10 ** hi)}</text><text x="4" y="${h - 4}" font-size="10" fill="#555">${fmt(10 ** lo)}</text></svg>`;
  return `<div>${svgImgHtml(svg, `loss over ${series.length} epochs (log scale, median with min and max): from ${fmt(10 ** hi)} to ${fmt(10 ** lo)}`)}</div>`;
}

/** `all` reduced to `n` columns: the median line sampled, the min and max lines as each column's extremes. */
function columns(all: Array<[number, number, number]>, n: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let c = 0; c < n; c++) {
    const a = Math.floor((c * all.length) / n), b = Math.max(a + 1, Math.floor(((c + 1) * all.length) / n));
    let lo = Infinity, hi = -Infinity;
    for (let k = a; k < b; k++) (lo = Math.min(lo, all[k]![1])), (hi = Math.max(hi, all[k]![2]));
    out.push([all[b - 1]![0], lo, hi]);
  }
  return out;
}

export interface NotebookReporterOptions {
  /** Display id (one live output per training run). */
  readonly id?: string;
  /** Minimum ms between updates. Default 500. */
  readonly intervalMs?: number;
  /** Override the display function (default: src/display's display). */
  readonly display?: (x: unknown, opts?: { id?: string }) => unknown;
  /** Labels shown as the panel's heading (read at every redraw). */
  readonly labels?: () => ProgressLabels;
}

/** A notebook reporter that can also redraw its labels without new training progress. */
export interface NotebookPanel extends ProgressReporter {
  /** The display id every redraw goes to. */
  readonly id: string;
  /** Redraws now with the current labels and the last progress seen (or labels only). */
  show(): void;
}

/** Renders one live-updating output: labels, summary line, loss sparkline, per-network table. */
export function notebookReporter(opts: NotebookReporterOptions = {}): NotebookPanel {
  const id = opts.id ?? `rnn-atlas-train-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const interval = opts.intervalMs ?? 500;
  const series: Array<[number, number, number]> = [];
  let last = -Infinity;
  let lastInfo: ProgressInfo | null = null;
  const show = (info: ProgressInfo | null): void => {
    const displayFn = opts.display ?? loadDisplay();
    const view = progressView(info, series.slice(), opts.labels?.());
    if (displayFn) displayFn(view, { id });
  };
  return {
    id,
    show() {
      show(lastInfo);
    },
    update(info) {
      lastInfo = info;
      const loss = finiteSorted(info.loss);
      if (loss.length) series.push([loss[Math.floor(loss.length / 2)]!, loss[0]!, loss[loss.length - 1]!]);
      if (series.length > 2000) series.splice(0, series.length - 1000);
      const t = performance.now();
      if (t - last < interval) return;
      last = t;
      show(info);
    },
    finish(info) {
      lastInfo = info;
      show(info);
    },
  };
}

/**
 * A displayable snapshot of training progress (HTML + plain text): the labels as a heading, then the
 * summary line, sparkline and per-network table (only the labels when no progress came yet).
 */
export function progressView(
  info: ProgressInfo | null,
  series: Array<[number, number, number]> = [],
  labels?: ProgressLabels,
): Figure {
  const head = labels ? labelLine(labels) : "";
  const line = info ? summaryLine(info) : "";
  const text = [head, line].filter((x) => x !== "").join("\n");
  // Fields are kept apart by a space, not only by the margin: an untrusted notebook strips style
  // attributes, and "size 16round 2/3" ran together.
  const heading = labels
    ? `<div style="font-weight:bold">${escapeHtml(labels.title)}</div>` +
      ((labels.fields ?? []).length
        ? `<div>${(labels.fields ?? []).map(([k, v]) => `<span style="margin-right:1.2em"><span style="color:#666">${escapeHtml(k)}</span> ${escapeHtml(v)}</span>`).join(" ")}</div>`
        : "")
    : "";
  if (!info) return new Figure({ kind: "table", description: text, html: `<div style="font-family:monospace;font-size:12px">${heading}</div>` });
  const rows = info.loss
    .slice(0, 32)
    .map(
      (l, i) =>
        `<tr><td>${i}</td><td>${fmt(l)}</td><td>${fmt(info.bestLoss[i])}</td><td>${fmt(info.lr[i])}</td>` +
        `<td>${Number.isFinite(info.accuracy[i]!) ? info.accuracy[i]!.toFixed(3) : "–"}</td><td>${info.stopped[i] ?? "training"}</td></tr>`,
    )
    .join("");
  const more = info.networks > 32 ? `<tr><td colspan="6">… ${info.networks - 32} more</td></tr>` : "";
  const html =
    `<div style="font-family:monospace;font-size:12px">${heading}<div>${escapeHtml(line)}</div>${sparkline(series)}` +
    `<table><thead><tr><th>net</th><th>loss</th><th>best</th><th>lr</th><th>acc</th><th>status</th></tr></thead><tbody>${rows}${more}</tbody></table></div>`;
  return new Figure({ kind: "table", description: text, html });
}

function loadDisplay(): ((x: unknown, opts?: { id?: string }) => unknown) | null {
  try {
    // Loaded lazily: the display area pulls in notebook-only machinery.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require("../display") as { display?: (x: unknown, opts?: { id?: string }) => unknown };
    return typeof mod.display === "function" ? mod.display : null;
  } catch {
    return null;
  }
}

/** The reporter a TrainOptions.reporter names; a label (TrainOptions.progressLabel) becomes the panel's title. */
export function makeReporter(r: TrainOptions["reporter"], label?: string): ProgressReporter | null {
  if (r === undefined || r === "none") return null;
  const labels = label !== undefined && label !== "" ? (): ProgressLabels => ({ title: label }) : undefined;
  if (r === "terminal") return terminalReporter(labels ? { labels } : {});
  if (r === "notebook") return notebookReporter(labels ? { labels } : {});
  return r;
}
