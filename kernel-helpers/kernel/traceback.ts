/**
 * Turns what a cell throws (or fails to compile with) into a Jupyter `error` content:
 * `ename`, `evalue` and a traceback whose frames name the notebook cell and line.
 *
 * Each executed cell gets its own script name (a `//# sourceURL=` comment, see CellRegistry), so a
 * stack frame tells which cell it is in even when a function from an earlier cell throws. Its JS
 * position is mapped back to the TypeScript line with two source maps: tslab compiles a cell to an
 * ES module (map 1, emitted by the patched converter) and then to CommonJS (map 2, recomputed here
 * with the same TypeScript call and checked to reproduce tslab's output byte for byte).
 */
import { SourceMap } from "node:module";
import * as util from "node:util";

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** A tslab conversion result, with the fields the patched converter adds. */
export interface Converted {
  output?: string;
  esOutput?: string;
  sourceMap?: string;
  hasToplevelAwait?: boolean;
  diagnostics: Diagnostic[];
}

export interface Diagnostic {
  start: { offset: number; line: number; character: number };
  end: { offset: number; line: number; character: number };
  messageText: string;
  category: number;
  code: number;
  fileName?: string;
}

export interface CellRecord {
  /** The script name V8 reports in stack frames. */
  scriptName: string;
  /** What users see: "Cell In[3]". */
  label: string;
  source: string;
  /** Maps a 0-based position in the compiled JS to a 1-based cell line/column, if known. */
  map(line0: number, col0: number): { line: number; column: number } | null;
  /** Lines of compiled output (frames below this are tslab's wrapper). */
  outputLines: number;
  /** Length of tslab's wrapper prefix on line 1. */
  prefixLength: number;
}

/** tslab's wrapper prefixes (executor.js). */
const SYNC_PREFIX = "(function(exports, require) { ";
const ASYNC_PREFIX = "(async function(exports, require) { ";
/** Lines the converter prepends to a cell (`export {};\n`). */
const SRC_PREFIX_LINES = 1;

const SCRIPT_NAME = /^rnn-atlas-cell-\d+\.js$/;

export class CellRegistry {
  private readonly cells = new Map<string, CellRecord>();
  private seq = 0;
  /** Cells kept for mapping frames of functions defined earlier; the oldest are dropped. */
  constructor(
    private readonly ts: any,
    private readonly maxCells = 2000,
  ) {}

  /**
   * Registers a converted cell and returns the output to run (with its sourceURL comment).
   * `label` may be filled in later (the execution count is known before conversion, though).
   */
  register(label: string, source: string, conv: Converted): string | undefined {
    if (conv.output === undefined) return conv.output;
    const scriptName = `rnn-atlas-cell-${++this.seq}.js`;
    const rec: CellRecord = {
      scriptName,
      label,
      source,
      map: buildMapper(this.ts, conv),
      outputLines: conv.output.replace(/\n$/, "").split("\n").length,
      prefixLength: (conv.hasToplevelAwait ? ASYNC_PREFIX : SYNC_PREFIX).length,
    };
    this.cells.set(scriptName, rec);
    if (this.cells.size > this.maxCells) this.cells.delete(this.cells.keys().next().value as string);
    // A comment line after the code: it shifts no line of the cell.
    return conv.output + "\n//# sourceURL=" + scriptName;
  }

  get(scriptName: string): CellRecord | undefined {
    return this.cells.get(scriptName);
  }

  isCellScript(name: string): boolean {
    return SCRIPT_NAME.test(name);
  }
}

function buildMapper(ts: any, conv: Converted): CellRecord["map"] {
  const none = () => null;
  if (!conv.sourceMap || conv.esOutput === undefined || conv.output === undefined) return none;
  let first: SourceMap;
  let second: SourceMap;
  try {
    first = new SourceMap(JSON.parse(conv.sourceMap));
    // Same call as tslab's esModuleToCommonJSModule, plus a source map.
    const r = ts.transpileModule(conv.esOutput, {
      fileName: "custom.js",
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        esModuleInterop: true,
        target: ts.ScriptTarget.ES2022,
        newLine: ts.NewLineKind.LineFeed,
        noImplicitUseStrict: true,
        sourceMap: true,
      },
    });
    const text = String(r.outputText).replace(/\n?\/\/# sourceMappingURL=custom\.js\.map\s*$/, "");
    if (text.replace(/\s+$/, "") !== conv.output.replace(/\s+$/, "") || !r.sourceMapText) return none;
    second = new SourceMap(JSON.parse(r.sourceMapText));
  } catch {
    return none;
  }
  return (line0, col0) => {
    const a = second.findEntry(line0, Math.max(0, col0)) as any;
    if (a?.originalLine === undefined) return null;
    const b = first.findEntry(a.originalLine, a.originalColumn) as any;
    if (b?.originalLine === undefined || b.originalLine < SRC_PREFIX_LINES) return null;
    return { line: b.originalLine - SRC_PREFIX_LINES + 1, column: b.originalColumn + 1 };
  };
}

interface Frame {
  fn?: string;
  file: string;
  line: number;
  column: number;
}

const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

function parseFrame(line: string): Frame | null {
  const m = FRAME.exec(line);
  if (!m) return null;
  return { fn: m[1], file: m[2], line: Number(m[3]), column: Number(m[4]) };
}

/** tslab's own machinery, and Node internals: not the user's code. */
function isInternal(file: string, tslabDir: string): boolean {
  return file.startsWith(tslabDir) || file.startsWith("node:internal") || file === "node:vm" || file.startsWith("evalmachine.");
}

function sourceContext(rec: CellRecord, line: number, column?: number): string[] {
  const lines = rec.source.split("\n");
  const out = [`${rec.label}, line ${line}:`];
  const width = String(Math.min(lines.length, line + 2)).length;
  for (let i = Math.max(1, line - 2); i <= Math.min(lines.length, line + 2); i++) {
    out.push(`${i === line ? "---->" : "     "} ${String(i).padStart(width)} | ${lines[i - 1]}`);
    if (i === line && column !== undefined) out.push(`      ${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}^`);
  }
  return out;
}

function errorHeader(err: unknown): { ename: string; evalue: string } {
  if (err instanceof Error || (err && typeof err === "object" && typeof (err as any).message === "string" && typeof (err as any).stack === "string")) {
    const e = err as Error;
    const ename = typeof e.name === "string" && e.name ? e.name : (e.constructor?.name ?? "Error");
    return { ename, evalue: String(e.message) };
  }
  // `throw "text"` and friends: there is no error class to name.
  return { ename: "Uncaught", evalue: util.inspect(err) };
}

/** Formats a runtime error thrown by a cell (or by code a cell called). */
export function runtimeError(err: unknown, cells: CellRegistry, tslabDir: string): ErrorContent {
  const { ename, evalue } = errorHeader(err);
  const traceback = [`${ename}: ${evalue}`];
  const stack = err && typeof err === "object" && typeof (err as any).stack === "string" ? ((err as any).stack as string) : "";
  let innermost: { rec: CellRecord; line: number; column: number } | undefined;
  const frames = stack
    .split("\n")
    .map((raw) => ({ raw, f: parseFrame(raw) }))
    .filter((x): x is { raw: string; f: Frame } => x.f !== null); // drops the header and Node's source-line decoration
  // Frames older than the outermost cell frame are the kernel calling the cell.
  let last = -1;
  frames.forEach((x, i) => {
    if (cells.isCellScript(x.f.file)) last = i;
  });
  for (const { raw, f } of last >= 0 ? frames.slice(0, last + 1) : frames) {
    const rec = cells.get(f.file);
    if (rec) {
      if (f.line > rec.outputLines) continue; // tslab's wrapper around the cell
      const pos = rec.map(f.line - 1, f.column - 1 - (f.line === 1 ? rec.prefixLength : 0));
      const where = pos ? `${rec.label}, line ${pos.line}, column ${pos.column}` : `${rec.label}, compiled line ${f.line}`;
      // Functions declared in a cell are called as properties of tslab's exports Proxy.
      const fn = f.fn?.replace(/^Proxy\./, "");
      traceback.push(`    at ${fn ? `${fn} (${where})` : where}`);
      if (pos && !innermost) innermost = { rec, ...pos };
    } else if (cells.isCellScript(f.file) || isInternal(f.file, tslabDir)) {
      continue; // a cell too old to be remembered, or tslab/Node internals
    } else {
      traceback.push(raw.replace(/^\s*/, "    "));
    }
  }
  const cause = err && typeof err === "object" ? (err as any).cause : undefined;
  if (cause !== undefined) {
    const c = errorHeader(cause);
    traceback.push(`  [cause]: ${c.ename}: ${c.evalue}`);
  }
  if (innermost) traceback.push("", ...sourceContext(innermost.rec, innermost.line, innermost.column));
  return { ename, evalue, traceback };
}

const CATEGORY = ["warning", "error", "suggestion", "message"];

/** Formats TypeScript diagnostics of a cell that did not compile. */
export function compileError(diags: Diagnostic[], label: string, source: string): ErrorContent {
  const msg = (d: Diagnostic) => `TS${d.code}: ${d.messageText}`;
  const first = diags[0];
  const evalue = first ? msg(first) + (diags.length > 1 ? ` (and ${diags.length - 1} more)` : "") : "compilation failed";
  const traceback = [`TSError: ${evalue}`];
  const rec: CellRecord = { scriptName: "", label, source, map: () => null, outputLines: 0, prefixLength: 0 };
  for (const d of diags) {
    const where = d.fileName ? d.fileName : label;
    traceback.push(`${where}, line ${d.start.line + 1}, column ${d.start.character + 1}: ${CATEGORY[d.category] ?? "error"} ${msg(d)}`);
    if (!d.fileName) traceback.push(...sourceContext(rec, d.start.line + 1, d.start.character + 1).slice(1));
  }
  return { ename: "TSError", evalue, traceback };
}
