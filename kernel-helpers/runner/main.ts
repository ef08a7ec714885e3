/**
 * The headless notebook runner behind `npm run notebooks`: executes notebooks/*.ipynb in name order
 * through the project-local tslab kernel, writes each executed notebook and a self-contained HTML
 * export to out/notebooks/, and stops with a non-zero exit at the first failing cell, printing that
 * cell's source and its stderr (where tslab reports errors).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runMode } from "../../src/core/mode";
import { executeNotebook, formatSeconds, NotebookResult } from "./executeNotebook";
import { checkSetUp, jupyterEnv, jupyterPython, repoRoot } from "./jupyterEnv";
import { parseOptions, RunnerOptions, USAGE } from "./options";

/** Notebooks in `dir` selected by `names` (all when empty), in name order. */
export function selectNotebooks(dir: string, names: string[]): string[] {
  if (!fs.existsSync(dir)) throw new Error(`notebook folder ${dir} does not exist`);
  const all = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb") && !f.startsWith(".")).sort();
  if (names.length === 0) {
    if (all.length === 0) throw new Error(`no .ipynb files in ${dir}`);
    return all.map((f) => path.join(dir, f));
  }
  const picked: string[] = [];
  for (const name of names) {
    const base = path.basename(name).replace(/\.ipynb$/, "");
    const exact = all.filter((f) => f === `${base}.ipynb`);
    const matches = exact.length > 0 ? exact : all.filter((f) => f.startsWith(base));
    if (matches.length === 0) {
      throw new Error(`no notebook matches "${name}" in ${dir}. Available: ${all.map((f) => f.replace(/\.ipynb$/, "")).join(", ")}`);
    }
    for (const m of matches) if (!picked.includes(m)) picked.push(m);
  }
  return picked.sort().map((f) => path.join(dir, f));
}

function size(file: string | null): number {
  return file && fs.existsSync(file) ? fs.statSync(file).size : 0;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

function indent(text: string, prefix = "  "): string {
  return text.replace(/\s+$/, "").split("\n").map((l) => prefix + l).join("\n");
}

/** Print what failed so that nobody has to open the notebook to find out. */
function reportFailure(r: NotebookResult): void {
  const name = path.basename(r.notebook);
  const err = (s: string) => process.stderr.write(s + "\n");
  err("");
  if (r.failure) {
    const f = r.failure;
    const what = f.kind === "CellTimeoutError" ? "timed out" : f.kind === "DeadKernelError" ? "killed the kernel" : "failed";
    err(`✗ ${name}: code cell ${f.n}/${f.total} (notebook cell #${f.index}) ${what} after ${formatSeconds(f.seconds)}`);
    err("── cell source ──────────────────────────────────────────────");
    err(indent(f.source));
    if (f.stdout.trim()) {
      err("── stdout (last 20 lines) ───────────────────────────────────");
      err(indent(f.stdout.trimEnd().split("\n").slice(-20).join("\n")));
    }
    err("── error (the cell's stderr) ────────────────────────────────");
    err(indent(f.stderr.trim() ? f.stderr : "(the cell wrote nothing to stderr)"));
    if (f.message.trim()) {
      err("── runner ───────────────────────────────────────────────────");
      err(indent(f.message.trim().split("\n").slice(0, 20).join("\n")));
    }
  }
  if (r.fatal) {
    err(`✗ ${name}: ${r.fatal}`);
    if (r.log.trim()) {
      err("── driver / kernel log (last lines) ─────────────────────────");
      err(indent(r.log.trim().split("\n").slice(-25).join("\n")));
    }
  }
  err("─────────────────────────────────────────────────────────────");
  if (fs.existsSync(r.ipynb)) err(`The notebook as executed so far is in ${r.ipynb}`);
}

function printSummary(results: NotebookResult[]): void {
  const rows = results.map((r) => [
    path.basename(r.notebook),
    r.ok ? "ok" : "FAILED",
    `${r.cellsRun}/${r.cells}`,
    formatSeconds(r.seconds),
    r.kernelStartSeconds === null ? "-" : formatSeconds(r.kernelStartSeconds),
    formatBytes(size(r.ipynb)),
    r.html ? formatBytes(size(r.html)) : "-",
  ]);
  const header = ["notebook", "status", "cells", "time", "kernel", "ipynb", "html"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cols: string[]) => "  " + cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log("\nSummary:");
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  const total = results.reduce((s, r) => s + r.seconds, 0);
  console.log(`  ${results.filter((r) => r.ok).length}/${results.length} notebooks ok in ${formatSeconds(total)}`);
}

export async function runNotebooks(opts: RunnerOptions, root: string): Promise<number> {
  checkSetUp(root);
  // The runner is a CLI: setting its own RNN_ATLAS_MODE lets the library validate the value here
  // (clear message) rather than in the first notebook cell.
  if (opts.mode !== undefined) process.env.RNN_ATLAS_MODE = opts.mode;
  const mode = runMode();
  const env: NodeJS.ProcessEnv = { ...process.env, ...jupyterEnv(root), RNN_ATLAS_MODE: mode };

  const timeoutS = Number.isNaN(opts.timeoutS) ? (mode === "quick" ? 900 : 0) : opts.timeoutS;
  const notebooks = selectNotebooks(opts.dir, opts.names);
  fs.mkdirSync(opts.out, { recursive: true });
  console.log(
    `rnn-atlas notebooks: ${notebooks.length} to run, mode ${mode}, cell timeout ${timeoutS ? `${timeoutS}s` : "none"} -> ${path.relative(process.cwd(), opts.out) || "."}`,
  );

  const results: NotebookResult[] = [];
  for (const [i, nb] of notebooks.entries()) {
    const base = path.basename(nb, ".ipynb");
    console.log(`\n[${i + 1}/${notebooks.length}] ${base}.ipynb`);
    const r = await executeNotebook(nb, {
      python: jupyterPython(root),
      env,
      outIpynb: path.join(opts.out, `${base}.ipynb`),
      outHtml: opts.html ? path.join(opts.out, `${base}.html`) : null,
      timeoutS,
      startupTimeoutS: opts.startupTimeoutS,
      verbose: opts.verbose,
    });
    results.push(r);
    if (!r.ok) {
      printSummary(results);
      reportFailure(r);
      return 1;
    }
    console.log(`  done in ${formatSeconds(r.seconds)}: ${path.relative(process.cwd(), r.ipynb)}${r.html ? `, ${path.relative(process.cwd(), r.html)}` : ""}`);
  }
  printSummary(results);
  return 0;
}

async function main(): Promise<void> {
  let code: number;
  try {
    const root = repoRoot();
    const opts = parseOptions(process.argv.slice(2), root);
    if (opts === "help") {
      console.log(USAGE);
      return;
    }
    code = await runNotebooks(opts, root);
  } catch (e) {
    process.stderr.write(`rnn-atlas notebooks: ${e instanceof Error ? e.message : String(e)}\n`);
    code = 2;
  }
  process.exitCode = code;
}

if (require.main === module) void main();
