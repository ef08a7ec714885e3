/** Command-line options of the notebook runner (`npm run notebooks -- [options] [names…]`). */
import * as path from "node:path";

export interface RunnerOptions {
  /** Notebook names to run (file name with or without .ipynb, or a prefix such as "00"); empty = all. */
  names: string[];
  /** Folder holding the notebooks (default <root>/notebooks). */
  dir: string;
  /** Output folder for executed .ipynb and .html (default <root>/out/notebooks, or $RNN_ATLAS_OUT). */
  out: string;
  /** Per-cell timeout in seconds; 0 = none. Default 900 in quick mode, none in paper and full mode ($RNN_ATLAS_CELL_TIMEOUT). */
  timeoutS: number;
  /** Kernel start timeout in seconds. */
  startupTimeoutS: number;
  /** Run mode passed to the kernel as RNN_ATLAS_MODE (undefined: inherit, default quick). */
  mode?: string;
  /** Write the HTML export (default true). */
  html: boolean;
  /** Stream the Python driver's and kernel's own stderr live. */
  verbose: boolean;
}

export const USAGE = `usage: npm run notebooks -- [options] [name…]

Executes notebooks/*.ipynb in name order through the project-local tslab kernel and writes the
executed notebook and an HTML export of each to the output folder. Stops at the first failing cell.

  name…             only these notebooks (file name, with or without .ipynb, or a prefix like 00)
  --dir DIR         notebook folder (default: notebooks)
  --out DIR         output folder (default: out/notebooks, or $RNN_ATLAS_OUT)
  --mode M          run mode for every notebook: quick (default), paper or full (sets RNN_ATLAS_MODE)
  --timeout S       per-cell timeout in seconds, 0 = none (default 900 quick / none paper, full,
                    or $RNN_ATLAS_CELL_TIMEOUT)
  --startup-timeout S  kernel start timeout (default 120)
  --no-html         skip the HTML export
  --verbose         show the Jupyter driver's and the kernel's own log output
  -h, --help        this text`;

function positiveNumber(flag: string, raw: string | undefined): number {
  const v = Number(raw);
  if (raw === undefined || raw.trim() === "" || !Number.isFinite(v) || v < 0) {
    throw new Error(`${flag} needs a number of seconds >= 0, got ${raw === undefined ? "nothing" : `"${raw}"`}`);
  }
  return v;
}

/** Parse argv (without node and script). Throws with a message naming the bad option. */
export function parseOptions(argv: string[], root: string, env: NodeJS.ProcessEnv = process.env): RunnerOptions | "help" {
  const opts: RunnerOptions = {
    names: [],
    dir: path.join(root, "notebooks"),
    out: env.RNN_ATLAS_OUT ? path.resolve(env.RNN_ATLAS_OUT) : path.join(root, "out", "notebooks"),
    timeoutS: NaN,
    startupTimeoutS: 120,
    mode: undefined,
    html: true,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value (see --help)`);
      return v;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--dir":
        opts.dir = path.resolve(value());
        break;
      case "--out":
        opts.out = path.resolve(value());
        break;
      case "--mode":
        opts.mode = value();
        break;
      case "--timeout":
        opts.timeoutS = positiveNumber("--timeout", value());
        break;
      case "--startup-timeout":
        opts.startupTimeoutS = positiveNumber("--startup-timeout", value());
        break;
      case "--no-html":
        opts.html = false;
        break;
      case "--verbose":
        opts.verbose = true;
        break;
      default:
        if (a.startsWith("-")) throw new Error(`unknown option ${a} (see --help)`);
        opts.names.push(a);
    }
  }
  if (Number.isNaN(opts.timeoutS) && env.RNN_ATLAS_CELL_TIMEOUT !== undefined) {
    opts.timeoutS = positiveNumber("RNN_ATLAS_CELL_TIMEOUT", env.RNN_ATLAS_CELL_TIMEOUT);
  }
  return opts;
}
