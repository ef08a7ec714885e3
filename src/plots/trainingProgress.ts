/**
 * The live notebook panel of training progress (src/train/progress's notebookReporter): the labels as
 * a heading, the summary line, a log-scale loss sparkline and a per-network table.
 */
import { Figure } from "../display/figure";
import { svgImgHtml } from "../display/policy";
import { formatExp as fmt, labelLine, summaryLine, type ProgressLabels } from "../train/progress";
import type { ProgressInfo } from "../train/types";

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
