/**
 * `rnn-atlas kernel install|uninstall|list` and `rnn-atlas build-native`: register the project's
 * Jupyter kernel (tslab 1.0.22 behind the protocol wrapper of kernel-helpers/kernel, with the
 * rnn-atlas display hooks of src/display/kernel, which it installs at start) from wherever this
 * package is installed.
 *
 * The kernelspec holds absolute paths to this node and this package, so it works whatever PATH the
 * Jupyter front end starts with. A kernelspec is "ours" when its kernel.json has a `metadata.rnn-atlas`
 * entry (written here and by kernel-helpers/setup.sh); only ours are ever replaced or removed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError, bool, parseCommand, str, type OptionSpec } from "./args";

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * The notebooks of the series declare kernelspec name "tslab" (the name stock tslab registers), so
 * a downloaded notebook opens with this kernel without asking; --name picks another.
 */
export const DEFAULT_KERNEL_NAME = "tslab";
const SUPPORTED_TSLAB = "1.0.22";

const OPTS: OptionSpec = {
  prefix: { type: "string" },
  user: { type: "boolean" },
  name: { type: "string" },
  "display-name": { type: "string" },
  help: { type: "boolean", short: "h" },
};

export const KERNEL_HELP = `rnn-atlas kernel: the Jupyter kernel for rnn-atlas notebooks (tslab ${SUPPORTED_TSLAB} + the rnn-atlas protocol wrapper and display)

  rnn-atlas kernel install   [--prefix DIR | --user] [--name NAME] [--display-name TEXT]
  rnn-atlas kernel uninstall [--prefix DIR | --user] [--name NAME]
  rnn-atlas kernel list      [--prefix DIR | --user]

Where the kernelspec goes (install, uninstall, list):
  (default)      ./.jupyter/kernels/NAME in the current folder; start Jupyter with
                 JUPYTER_PATH=$PWD/.jupyter (nothing is written to your home directory)
  --prefix DIR   DIR/share/jupyter/kernels/NAME, as \`jupyter kernelspec install --prefix DIR\`;
                 Jupyter finds it with JUPYTER_PATH=DIR/share/jupyter, or when DIR is its Python prefix
  --user         your Jupyter data directory (e.g. ~/.local/share/jupyter/kernels/NAME): every Jupyter
                 of this user finds it without settings

  --name NAME    kernelspec name (default "${DEFAULT_KERNEL_NAME}": the rnn-atlas notebooks ask for "${DEFAULT_KERNEL_NAME}", so they
                 open with this kernel). A kernelspec of that name that rnn-atlas did not write (e.g. a
                 stock \`tslab install\`) is never replaced: choose another --name.
  --display-name TEXT   name shown in the kernel picker (default "TypeScript (rnn-atlas)")

The kernel runs this package's files (<package>/dist/kernel-helpers/kernel/main.js) with this node;
run install again after moving or reinstalling the package or changing Node. Exit codes: 0 ok, 1 failure,
2 bad input or a refused kernelspec.`;

export const BUILD_NATIVE_HELP = `rnn-atlas build-native: build the optional C++ kernels (training kernel, linear algebra) for this machine

Needs g++ or clang++ (and python3 for the node-gyp fallback). Without them rnn-atlas uses its JavaScript
kernels (same results to the documented tolerances, slower). npm runs this at install time; run it
yourself when install scripts were skipped (npm's allowScripts policy, --ignore-scripts) or after
installing a compiler. Exit 1 when an addon could not be built.`;

/** Root of the installed rnn-atlas package (dist/src/cli → ../../..), checked by its package.json. */
export function packageRoot(): string {
  const root = path.resolve(__dirname, "..", "..", "..");
  const pj = path.join(root, "package.json");
  let name: string | undefined;
  try {
    name = (JSON.parse(fs.readFileSync(pj, "utf8")) as { name?: string }).name;
  } catch {
    /* reported below */
  }
  if (name !== "rnn-atlas") throw new Error(`cannot locate the rnn-atlas package: ${pj} is missing or names another package. Reinstall rnn-atlas.`);
  return root;
}

/** Jupyter's per-user data directory (jupyter_core.paths.jupyter_data_dir, without platformdirs). */
export function jupyterUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  const home = env.HOME || os.homedir();
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA || path.join(home, "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}

interface Target {
  /** The folder holding kernels/ (a Jupyter data path entry). */
  dataDir: string;
  /** How Jupyter finds dataDir, for the message after install. */
  howFound: string;
  where: "local" | "prefix" | "user";
}

function target(p: ReturnType<typeof parseCommand>, cwd: string, env: NodeJS.ProcessEnv): Target {
  const prefix = str(p, "prefix");
  const user = bool(p, "user");
  if (prefix !== undefined && user) throw new UsageError("kernel: --prefix and --user exclude each other; give one (or neither for ./.jupyter).");
  if (prefix !== undefined) {
    if (prefix.trim() === "") throw new UsageError("kernel: --prefix needs a folder, e.g. --prefix ~/venvs/notebooks.");
    const dataDir = path.join(path.resolve(cwd, prefix), "share", "jupyter");
    return { dataDir, where: "prefix", howFound: `export JUPYTER_PATH=${dataDir}   (not needed when ${path.resolve(cwd, prefix)} is the prefix of the Python that runs Jupyter)` };
  }
  if (user) return { dataDir: jupyterUserDataDir(env), where: "user", howFound: "every Jupyter started by this user finds it (no settings needed)" };
  const dataDir = path.join(cwd, ".jupyter");
  return { dataDir, where: "local", howFound: `export JUPYTER_PATH=${dataDir}   (in the shell you start Jupyter or VS Code from)` };
}

function kernelName(p: ReturnType<typeof parseCommand>): string {
  const name = str(p, "name") ?? DEFAULT_KERNEL_NAME;
  // Jupyter's own rule for kernel names (jupyter_client.kernelspec._is_valid_kernel_name).
  if (!/^[a-z0-9._-]+$/i.test(name)) throw new UsageError(`kernel: --name "${name}" may only use letters, digits, ".", "_" and "-" (Jupyter's rule for kernel names).`);
  return name;
}

type Existing = { state: "absent" } | { state: "ours"; spec: Record<string, any> } | { state: "foreign"; why: string };

/** What sits at dir (a kernelspec folder): nothing, one rnn-atlas wrote, or something else. */
export function inspectKernelDir(dir: string): Existing {
  if (!fs.existsSync(dir)) return { state: "absent" };
  const file = path.join(dir, "kernel.json");
  let spec: Record<string, any>;
  try {
    spec = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, any>;
  } catch (e) {
    return { state: "foreign", why: fs.existsSync(file) ? `its kernel.json cannot be read (${(e as Error).message})` : "the folder has no kernel.json" };
  }
  if (spec && typeof spec === "object" && spec.metadata && typeof spec.metadata === "object" && "rnn-atlas" in spec.metadata) return { state: "ours", spec };
  const argv = Array.isArray(spec?.argv) ? spec.argv.join(" ") : "?";
  return { state: "foreign", why: `it was not written by rnn-atlas (argv: ${argv})` };
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Kernels that Jupyter would pick instead of ours (earlier on its search path), as warnings. */
function shadowWarnings(t: Target, name: string, env: NodeJS.ProcessEnv): string[] {
  // Jupyter's data path: JUPYTER_PATH entries, then the user dir, then the environment and system dirs.
  const earlier: string[] = [];
  for (const d of (env.JUPYTER_PATH ?? "").split(path.delimiter).filter(Boolean)) earlier.push(path.resolve(d));
  if (t.where === "prefix") earlier.push(jupyterUserDataDir(env));
  const out: string[] = [];
  for (const d of earlier) {
    if (path.resolve(d) === path.resolve(t.dataDir)) break;
    const dir = path.join(d, "kernels", name);
    if (fs.existsSync(dir)) out.push(`${dir} comes earlier on Jupyter's search path and will be used instead of this kernel; remove it or install with --name OTHER.`);
  }
  return out;
}

function checkPackage(root: string): { kernelMain: string; version: string } {
  const kernelMain = path.join(root, "dist", "kernel-helpers", "kernel", "main.js");
  if (!fs.existsSync(kernelMain)) throw new Error(`the kernel is not built (${kernelMain} is missing). In a checkout run npm run build; otherwise reinstall rnn-atlas.`);
  let tslabPj: string;
  try {
    tslabPj = require.resolve("tslab/package.json", { paths: [root] });
  } catch {
    throw new Error(`tslab is not installed next to rnn-atlas (looked upwards from ${root}). Run npm install in the folder where you installed rnn-atlas (tslab ${SUPPORTED_TSLAB} is one of its dependencies).`);
  }
  const tv = (JSON.parse(fs.readFileSync(tslabPj, "utf8")) as { version: string }).version;
  if (tv !== SUPPORTED_TSLAB) throw new Error(`rnn-atlas's kernel needs tslab ${SUPPORTED_TSLAB}, but ${path.dirname(tslabPj)} is tslab ${tv}. Run npm install tslab@${SUPPORTED_TSLAB} there.`);
  const version = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
  return { kernelMain, version };
}

export interface KernelCommandEnv {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The package whose kernel is registered (default: this one). */
  root?: string;
  /** The node the kernelspec runs (default: this one). */
  node?: string;
}

export function cmdKernel(argv: string[], io: Io, ctx: KernelCommandEnv = {}): number {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.out(KERNEL_HELP + "\n");
    return sub === undefined ? 2 : 0;
  }
  if (sub !== "install" && sub !== "uninstall" && sub !== "list") throw new UsageError(`kernel: unknown subcommand "${sub}"; use install, uninstall or list (see rnn-atlas kernel --help).`);
  const p = parseCommand(`kernel ${sub}`, rest, OPTS);
  if (bool(p, "help")) {
    io.out(KERNEL_HELP + "\n");
    return 0;
  }
  if (p.positionals.length) throw new UsageError(`kernel ${sub}: unexpected argument "${p.positionals[0]}" (a folder goes after --prefix).`);
  const cwd = ctx.cwd ?? process.cwd();
  const env = ctx.env ?? process.env;
  const t = target(p, cwd, env);
  const kernelsDir = path.join(t.dataDir, "kernels");

  if (sub === "list") {
    if (str(p, "name") !== undefined || str(p, "display-name") !== undefined) throw new UsageError("kernel list: takes only --prefix DIR or --user.");
    const names = fs.existsSync(kernelsDir) ? fs.readdirSync(kernelsDir).filter((n) => fs.statSync(path.join(kernelsDir, n)).isDirectory()).sort() : [];
    if (!names.length) io.out(`no kernelspecs in ${kernelsDir}\n`);
    for (const n of names) {
      const e = inspectKernelDir(path.join(kernelsDir, n));
      const meta = e.state === "ours" ? e.spec.metadata["rnn-atlas"] : undefined;
      const what = e.state !== "ours" ? "not rnn-atlas's" : `rnn-atlas${typeof meta?.version === "string" ? ` ${meta.version}` : ""} kernel: ${(e.spec.argv as string[])?.[1] ?? "?"}`;
      io.out(`${n.padEnd(16)} ${path.join(kernelsDir, n)}  (${what})\n`);
    }
    return 0;
  }

  const name = kernelName(p);
  const dir = path.join(kernelsDir, name);
  const existing = inspectKernelDir(dir);
  if (existing.state === "foreign") {
    throw new UsageError(
      `kernel ${sub}: a kernelspec "${name}" already exists at ${dir} and ${existing.why}; it is left as it is. ` +
        (sub === "install" ? `Install under another name: rnn-atlas kernel install --name rnn-atlas (notebooks asking for "${name}" then offer a kernel choice).` : "Remove it with jupyter kernelspec remove if you mean to."),
    );
  }

  if (sub === "uninstall") {
    if (str(p, "display-name") !== undefined) throw new UsageError("kernel uninstall: --display-name only applies to install.");
    if (existing.state === "absent") {
      io.out(`no kernelspec "${name}" in ${kernelsDir}; nothing removed.\n`);
      return 0;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    io.out(`removed kernelspec "${name}" (${dir})\n`);
    return 0;
  }

  const root = ctx.root ?? packageRoot();
  const { kernelMain, version } = checkPackage(root);
  const node = ctx.node ?? process.execPath;
  const displayName = str(p, "display-name") ?? "TypeScript (rnn-atlas)";
  const spec = {
    argv: [node, kernelMain, "kernel", "--config-path", "{connection_file}"],
    display_name: displayName,
    language: "typescript",
    metadata: { "rnn-atlas": { version, package: root, written_by: "rnn-atlas kernel install" } },
  };
  fs.mkdirSync(dir, { recursive: true });
  writeAtomic(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
  io.out(`${existing.state === "ours" ? "updated" : "installed"} kernelspec "${name}": ${path.join(dir, "kernel.json")}\n`);
  io.out(`  runs: ${node} ${kernelMain} (rnn-atlas ${version}, tslab ${SUPPORTED_TSLAB})\n`);
  io.out(`  Jupyter: ${t.howFound}\n`);
  for (const w of shadowWarnings(t, name, env)) io.err(`rnn-atlas: warning: ${w}\n`);
  return 0;
}

export function cmdBuildNative(argv: string[], io: Io): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(BUILD_NATIVE_HELP + "\n");
    return 0;
  }
  if (argv.length) throw new UsageError(`build-native: takes no arguments, got "${argv[0]}" (see rnn-atlas build-native --help).`);
  const script = path.join(packageRoot(), "native", "install.js");
  if (!fs.existsSync(script)) throw new Error(`${script} is missing; reinstall rnn-atlas.`);
  const r = spawnSync(process.execPath, [script, "--strict"], { stdio: "inherit" });
  return r.status === 0 ? 0 : 1;
}
