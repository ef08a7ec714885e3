/**
 * A throw-away Jupyter environment with the project's protocol kernel registered as "rnn-atlas-ts"
 * (and, for comparisons, stock tslab as "tslab-stock"), plus a notebook folder whose
 * node_modules/rnn-atlas links to the repository. Nothing is written outside a temp directory.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

export const ROOT = path.resolve(__dirname, "../../..");
export const PYTHON = "/usr/bin/python3";
export const KERNEL_MAIN = path.join(ROOT, "dist", "kernel-helpers", "kernel", "main.js");

export interface KernelEnv {
  dir: string;
  /** The notebook folder (kernel cwd). */
  nbDir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function makeKernelEnv(prefix: string): KernelEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const jup = path.join(dir, "jupyter");
  const spec = (name: string, argv: string[]) => {
    fs.mkdirSync(path.join(jup, "kernels", name), { recursive: true });
    fs.writeFileSync(path.join(jup, "kernels", name, "kernel.json"), JSON.stringify({ argv, display_name: "TypeScript", language: "typescript" }));
  };
  // The kernel under test is exactly the project-local one that set-up registered (same argv).
  const projectSpec = path.join(ROOT, ".jupyter", "kernels", "tslab", "kernel.json");
  if (!fs.existsSync(projectSpec)) throw new Error(`${projectSpec} is missing: run bash kernel-helpers/setup.sh first.`);
  const argv = (JSON.parse(fs.readFileSync(projectSpec, "utf8")) as { argv: string[] }).argv;
  if (argv[1] !== KERNEL_MAIN) throw new Error(`the project kernelspec runs ${argv[1]}, expected the protocol kernel ${KERNEL_MAIN}.`);
  spec("rnn-atlas-ts", argv);
  spec("tslab-stock", [path.join(ROOT, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"]);
  const nbDir = path.join(dir, "nb");
  fs.mkdirSync(path.join(nbDir, "node_modules"), { recursive: true });
  fs.symlinkSync(ROOT, path.join(nbDir, "node_modules", "rnn-atlas"));
  const env = {
    ...process.env,
    JUPYTER_PATH: jup,
    JUPYTER_CONFIG_DIR: path.join(dir, "cfg"),
    JUPYTER_DATA_DIR: path.join(dir, "data"),
    JUPYTER_RUNTIME_DIR: path.join(dir, "rt"),
    IPYTHONDIR: path.join(dir, "ipy"),
  };
  return { dir, nbDir, env, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Writes `cells` as notebook `name` (code cells, the project kernel) into the environment's
 * notebook folder and executes it with nbconvert; returns nbconvert's result and the executed
 * cells' outputs (null when nbconvert wrote nothing).
 */
export function executeNotebook(
  k: KernelEnv,
  name: string,
  cells: readonly string[],
  opts: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): { status: number | null; stderr: string; outputs: Record<string, unknown>[][] | null } {
  const nb = {
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: "rnn-atlas-ts", display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  fs.writeFileSync(path.join(k.nbDir, `${name}.ipynb`), JSON.stringify(nb));
  const r = spawnSync(PYTHON, ["-m", "nbconvert", "--to", "notebook", "--execute", `${name}.ipynb`, "--output", "out.ipynb", ...(opts.args ?? []), "--ExecutePreprocessor.timeout=120"], {
    cwd: k.nbDir,
    env: { ...k.env, ...opts.env },
    encoding: "utf8",
    timeout: 240_000,
  });
  const out = path.join(k.nbDir, "out.ipynb");
  const outputs = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, "utf8")).cells as { outputs: Record<string, unknown>[] }[]).map((c) => c.outputs) : null;
  return { status: r.status, stderr: r.stderr, outputs };
}
