/**
 * Execute one notebook through the real kernel by spawning the Python driver (execute.py) and
 * turning its JSON-line events into progress output and a result.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import { plotlyLibraryPath } from "../../src/display/plotly";

export interface CellFailure {
  /** 1-based position among the notebook's code cells, and their number. */
  n: number;
  total: number;
  /** Index in notebook.cells. */
  index: number;
  /** CellExecutionError (the code failed), CellTimeoutError or DeadKernelError. */
  kind: string;
  seconds: number;
  source: string;
  /** The cell's stderr stream text: where tslab prints compile errors and exceptions. */
  stderr: string;
  stdout: string;
  /** Extra detail from nbclient (timeouts, dead kernel). */
  message: string;
}

export interface NotebookResult {
  notebook: string;
  ok: boolean;
  /** Code cells executed successfully / in the notebook. */
  cellsRun: number;
  cells: number;
  seconds: number;
  kernelStartSeconds: number | null;
  ipynb: string;
  html: string | null;
  failure: CellFailure | null;
  /** A problem outside any cell (kernel missing or died, bad notebook, export failed). */
  fatal: string | null;
  /** Last lines the driver and kernel wrote to their own stderr (shown on failure). */
  log: string;
}

export interface ExecuteOptions {
  python: string;
  env: NodeJS.ProcessEnv;
  outIpynb: string;
  outHtml: string | null;
  timeoutS: number;
  startupTimeoutS: number;
  verbose: boolean;
  /** Progress lines go here (default: process.stdout). */
  print?: (line: string) => void;
}

const DRIVER = "execute.py";

function driverPath(): string {
  // execute.py stays in the source tree (kernel-helpers/runner); this file runs from dist/.
  const candidates = [path.join(__dirname, DRIVER), path.resolve(__dirname, "../../../kernel-helpers/runner", DRIVER)];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`cannot find the notebook driver ${DRIVER} (looked in ${candidates.join(", ")})`);
  return found;
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - 60 * m).toString().padStart(2, "0")}s`;
}

export async function executeNotebook(notebook: string, opts: ExecuteOptions): Promise<NotebookResult> {
  const print = opts.print ?? ((line: string) => process.stdout.write(line + "\n"));
  const args = [
    driverPath(),
    notebook,
    "--ipynb", opts.outIpynb,
    "--timeout", String(opts.timeoutS),
    "--startup-timeout", String(opts.startupTimeoutS),
  ];
  if (opts.outHtml) args.push("--html", opts.outHtml);
  const plotlyJs = plotlyLibraryPath();
  if (opts.outHtml && plotlyJs) args.push("--plotly-js", plotlyJs);

  const t0 = Date.now();
  const since = () => (Date.now() - t0) / 1000;
  const result: NotebookResult = {
    notebook, ok: false, cellsRun: 0, cells: 0, seconds: 0, kernelStartSeconds: null,
    ipynb: opts.outIpynb, html: opts.outHtml, failure: null, fatal: null, log: "",
  };
  const child = spawn(opts.python, args, { env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  const logLines: string[] = [];
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    if (opts.verbose) process.stderr.write(`  | ${line}\n`);
    logLines.push(line);
    if (logLines.length > 60) logLines.shift();
  });

  // A heartbeat so that long cells still show progress in a non-interactive log (CI): a line after
  // 30 s in a cell, then every 60 s.
  let current = "";
  let currentStart = 0;
  let nextBeat = Infinity;
  const heartbeat = setInterval(() => {
    if (!current || Date.now() < nextBeat) return;
    nextBeat = Date.now() + 60_000;
    print(`    … ${current} still running (${formatSeconds((Date.now() - currentStart) / 1000)}, elapsed ${formatSeconds(since())})`);
  }, 1_000);

  const events = readline.createInterface({ input: child.stdout });
  events.on("line", (line) => {
    let ev: Record<string, any>;
    try {
      ev = JSON.parse(line);
    } catch {
      logLines.push(line); // stray print from a library: keep it for the failure report
      return;
    }
    switch (ev.event) {
      case "kernel":
        result.kernelStartSeconds = ev.seconds;
        result.cells = ev.cells;
        print(`  kernel '${ev.name}' ready in ${formatSeconds(ev.seconds)} (${ev.cells} code cells)`);
        break;
      case "cell_start":
        current = `cell ${ev.n}/${ev.total}`;
        currentStart = Date.now();
        nextBeat = currentStart + 30_000;
        break;
      case "cell_done":
        current = "";
        result.cellsRun = ev.n;
        print(`  cell ${String(ev.n).padStart(String(ev.total).length)}/${ev.total}  ${formatSeconds(ev.seconds).padStart(6)}   elapsed ${formatSeconds(since())}`);
        break;
      case "cell_error":
        current = "";
        result.failure = ev as unknown as CellFailure;
        break;
      case "fatal":
        result.fatal = result.fatal ? `${result.fatal}\n${ev.message}` : ev.message;
        break;
      case "saved":
        break;
    }
  });

  const code: number = await new Promise((resolve, reject) => {
    child.on("error", (e) => reject(new Error(`cannot start ${opts.python}: ${e.message}. Run: bash kernel-helpers/setup.sh`)));
    child.on("close", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  clearInterval(heartbeat);
  result.seconds = since();
  result.log = logLines.join("\n");
  result.ok = code === 0 && !result.failure && !result.fatal;
  if (!result.ok && !result.failure && !result.fatal) result.fatal = `the notebook driver exited with status ${code}`;
  return result;
}
