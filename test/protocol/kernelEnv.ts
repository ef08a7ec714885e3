/**
 * A throw-away Jupyter environment with the project's protocol kernel registered as "rnn-atlas-ts"
 * (and, for comparisons, stock tslab as "tslab-stock"), plus a notebook folder whose
 * node_modules/rnn-atlas links to the repository. Nothing is written outside a temp directory.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

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
