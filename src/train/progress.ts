/**
 * Progress reporters: one updating line on a terminal (periodic lines when stderr is not a TTY, so
 * CI logs stay short) and a live-updating notebook output (display(x, {id}) of src/display). This
 * module decides when to redraw and what numbers to show; the notebook panel itself is drawn by
 * src/plots/trainingProgress, loaded lazily like the display.
 */
import type { NetState } from "./netState";
import type { ProgressInfo, ProgressReporter, StopOptions, TrainOptions } from "./types";

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

/** A loss-like number in 3 significant digits ("–" when missing or not finite). */
export const formatExp = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? "–" : x.toExponential(2));
const fmt = formatExp;

/** Where a run stands, for the reporters. */
export interface RunProgress {
  readonly epoch: number;
  readonly update: number;
  readonly stop: StopOptions;
  readonly updatesPerEpoch: number;
  /** Training time of this run so far, this sitting and earlier ones (ms). */
  readonly elapsedMs: number;
  /** Mean time per update of this sitting (NaN before its first update). */
  readonly msPerUpdate: number;
  readonly done: boolean;
}

/** The numbers a reporter shows: losses, rates, budget and an ETA from the remaining budget. */
export function progressInfoOf(nets: ReadonlyArray<NetState>, p: RunProgress): ProgressInfo {
  const { stop, epoch, update } = p;
  let etaMs: number | undefined;
  const remaining = Math.min(
    stop.maxUpdates !== undefined ? stop.maxUpdates - update : Infinity,
    stop.maxEpochs !== undefined ? (stop.maxEpochs - epoch) * p.updatesPerEpoch : Infinity,
  );
  if (Number.isFinite(remaining) && Number.isFinite(p.msPerUpdate)) etaMs = Math.max(0, remaining) * p.msPerUpdate;
  if (p.done) etaMs = 0;
  return {
    epoch,
    update,
    ...(stop.maxEpochs !== undefined ? { maxEpochs: stop.maxEpochs } : {}),
    ...(stop.maxUpdates !== undefined ? { maxUpdates: stop.maxUpdates } : {}),
    elapsedMs: p.elapsedMs,
    ...(etaMs !== undefined ? { etaMs } : {}),
    loss: nets.map((n) => n.lastLoss),
    bestLoss: nets.map((n) => n.bestLoss),
    lr: nets.map((n) => n.lr),
    accuracy: nets.map((n) => n.accuracy),
    active: nets.filter((n) => n.stopReason === null).length,
    networks: nets.length,
    stopped: nets.map((n) => n.stopReason),
    done: p.done,
  };
}

/**
 * What a progress panel is showing, drawn above the training line: a title (e.g. the population) and
 * named fields (e.g. size, round, networks done). A function, so a long-lived panel can relabel
 * itself between training calls (see src/experiments/populationProgress).
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
    const view = loadView();
    if (displayFn && view) displayFn(view(info, series.slice(), opts.labels?.()), { id });
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

type ProgressViewFn = (info: ProgressInfo | null, series: Array<[number, number, number]>, labels?: ProgressLabels) => unknown;

function loadView(): ProgressViewFn | null {
  try {
    // Loaded lazily, as the display: src/train does not depend on the renderers at load time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require("../plots/trainingProgress") as { progressView?: ProgressViewFn };
    return typeof mod.progressView === "function" ? mod.progressView : null;
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
