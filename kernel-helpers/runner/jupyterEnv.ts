/**
 * The project-local Jupyter environment (the same variables kernel-helpers/env.sh exports), so the
 * runner finds the `tslab` kernelspec that setup.sh wrote into <repo>/.jupyter and writes nothing
 * to $HOME.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root: the folder holding package.json named "rnn-atlas" above this file. */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "rnn-atlas") return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the rnn-atlas package root above ${from}`);
    dir = up;
  }
}

/** Environment variables that point every Jupyter path into <root>/.jupyter. */
export function jupyterEnv(root: string): Record<string, string> {
  const j = path.join(root, ".jupyter");
  return {
    RNN_ATLAS_ROOT: root,
    JUPYTER_PATH: j,
    JUPYTER_CONFIG_DIR: path.join(j, "config"),
    JUPYTER_DATA_DIR: path.join(j, "data"),
    JUPYTER_RUNTIME_DIR: path.join(j, "runtime"),
    IPYTHONDIR: path.join(j, "ipython"),
  };
}

/**
 * The Python with jupyter_client/nbclient/nbconvert: $RNN_ATLAS_PYTHON, else the one setup.sh
 * recorded in .jupyter/python, else Debian's /usr/bin/python3 (the PATH python3 may be a pyenv
 * without Jupyter).
 */
export function jupyterPython(root: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.RNN_ATLAS_PYTHON) return env.RNN_ATLAS_PYTHON;
  const recorded = path.join(root, ".jupyter", "python");
  if (fs.existsSync(recorded)) {
    const p = fs.readFileSync(recorded, "utf8").trim();
    if (p) return p;
  }
  return "/usr/bin/python3";
}

/** Throw a clear error when setup has not been run (no kernelspec, no compiled library). */
export function checkSetUp(root: string): void {
  const spec = path.join(root, ".jupyter", "kernels", "tslab", "kernel.json");
  if (!fs.existsSync(spec)) {
    throw new Error(`the project-local tslab kernel is not registered (${spec} is missing). Run: bash kernel-helpers/setup.sh`);
  }
  const argv: string[] = JSON.parse(fs.readFileSync(spec, "utf8")).argv ?? [];
  const missing = argv.slice(0, 2).filter((p) => path.isAbsolute(p) && !fs.existsSync(p));
  if (missing.length > 0) {
    throw new Error(`the tslab kernelspec points at missing files (${missing.join(", ")}). Run: bash kernel-helpers/setup.sh`);
  }
}
