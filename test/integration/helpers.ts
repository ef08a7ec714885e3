/** Shared by the integration and browser tests: run the notebook runner CLI, read its outputs. */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../kernel-helpers/runner/jupyterEnv";

export const ROOT = repoRoot(__dirname);
export const RUNNER = path.join(ROOT, "dist", "kernel-helpers", "runner", "main.js");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/kernel-helpers/runner/main.js ...args` (quick mode) and collects its output. */
export function runRunner(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, ...args], {
      cwd: ROOT,
      env: { ...process.env, RNN_ATLAS_MODE: "quick", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A fresh temporary folder, removed by the caller (or left for inspection on failure). */
export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rnn-atlas-${label}-`));
}

export interface NbOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
}
export interface NbCell {
  cell_type: string;
  id?: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: NbOutput[];
}
export interface Notebook {
  cells: NbCell[];
  metadata: Record<string, any>;
}

export function readNotebook(file: string): Notebook {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

export function joined(v: string | string[] | undefined): string {
  return Array.isArray(v) ? v.join("") : v ?? "";
}

/** Rich outputs (display_data / execute_result) of a cell. */
export function richOutputs(cell: NbCell): NbOutput[] {
  return (cell.outputs ?? []).filter((o) => o.output_type === "display_data" || o.output_type === "execute_result");
}

export function streamText(cell: NbCell, name: "stdout" | "stderr"): string {
  return (cell.outputs ?? []).filter((o) => o.output_type === "stream" && o.name === name).map((o) => joined(o.text)).join("");
}

/** The code cells, in order. */
export function codeCells(nb: Notebook): NbCell[] {
  return nb.cells.filter((c) => c.cell_type === "code");
}

const IMG_SVG = /<img\s[^>]*src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/;

/** The SVG inside a text/html `<img src="data:image/svg+xml;base64,…">`, decoded; null if none. */
export function svgFromImgHtml(html: string): string | null {
  const m = IMG_SVG.exec(html);
  return m ? Buffer.from(m[1]!, "base64").toString("utf8") : null;
}
