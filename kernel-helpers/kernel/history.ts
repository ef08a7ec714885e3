/**
 * The kernel's input history for `history_request` (in memory, this kernel session only), with
 * IPython's semantics: entries are (session, line, input) or (session, line, [input, output]);
 * `tail` returns the n latest in order, `range` lines start <= line < stop of one session,
 * `search` matches a glob (`*`, `?`, `[...]`) against the whole input.
 */

/** The session number this kernel reports (history is not persisted across kernels). */
export const HISTORY_SESSION = 1;

export interface HistoryEntry {
  line: number;
  input: string;
  /** text/plain of the cell's execute_result, if it had one. */
  output: string | null;
}

export interface HistoryRequest {
  output?: boolean;
  raw?: boolean;
  hist_access_type?: "range" | "tail" | "search";
  session?: number;
  start?: number;
  stop?: number | null;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

export type HistoryItem = [number, number, string | [string, string | null]];

/** Converts a glob to an anchored RegExp (sqlite GLOB semantics, case-sensitive). */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close < 0) re += "\\[";
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith("^")) body = "!" + body.slice(1);
        re += "[" + (body.startsWith("!") ? "^" + body.slice(1) : body).replace(/\\/g, "\\\\") + "]";
        i = close;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp("^" + re + "$");
}

export class History {
  private readonly entries: HistoryEntry[] = [];

  add(entry: HistoryEntry): void {
    this.entries.push(entry);
  }

  query(req: HistoryRequest): HistoryItem[] {
    const n = typeof req.n === "number" && req.n >= 0 ? req.n : undefined;
    let picked: HistoryEntry[];
    switch (req.hist_access_type) {
      case "tail":
        picked = n === undefined ? this.entries.slice() : n === 0 ? [] : this.entries.slice(-n);
        break;
      case "range": {
        // 0 means "this session"; earlier sessions were not kept.
        const session = req.session ?? 0;
        if (session !== 0 && session !== HISTORY_SESSION) return [];
        const start = req.start ?? 0;
        const stop = req.stop ?? Infinity;
        picked = this.entries.filter((e) => e.line >= start && e.line < stop);
        break;
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        picked = this.entries.filter((e) => re.test(e.input));
        if (req.unique) {
          // Keep the latest entry of each distinct input.
          const seen = new Set<string>();
          picked = picked.reverse().filter((e) => !seen.has(e.input) && (seen.add(e.input), true)).reverse();
        }
        if (n !== undefined) picked = n === 0 ? [] : picked.slice(-n);
        break;
      }
      default:
        return [];
    }
    return picked.map((e) => [HISTORY_SESSION, e.line, req.output ? [e.input, e.output] : e.input]);
  }
}
