/**
 * The project's Jupyter kernel: tslab 1.0.22 with the protocol fixes of ./protocol.ts.
 *
 *   node dist/kernel-helpers/kernel/main.js kernel --config-path <connection file>
 *
 * Starts the kernel the way tslab's `startKernel` (dist/main.js) does, minus its search for another
 * tslab under the notebook's directory: this kernel always runs the pinned tslab it was built with.
 */
import { CellRegistry } from "./traceback";
import { History } from "./history";
import { CLEAR_OUTPUT, KERNEL_API, ProtocolState, converterSet, executorConsole, installProtocol, reportFault } from "./protocol";
import { SUPPORTED_TSLAB_VERSION, loadTslab } from "./tslabModules";
import { installKernelHooks } from "../../src/display/kernel/hooks";

export interface KernelOptions {
  /** The connection file Jupyter passes as {connection_file}. */
  configPath: string;
}

/** Starts the kernel (binds the sockets); resolves once it listens. */
export async function startProtocolKernel(opts: KernelOptions): Promise<void> {
  const t = loadTslab();
  const state: ProtocolState = { cells: new CellRegistry(t.ts), history: new History(), active: null };
  installProtocol(t, state);
  const convs = converterSet(t, state);
  void convs.node; // warm the TypeScript converter, as tslab does
  const executor = t.executor.createExecutor(process.cwd(), convs, executorConsole(t, state));
  // rnn-atlas's display hooks (rich last values, display(), ids), installed here, once, before the
  // first cell: importing rnn-atlas in a notebook does not touch the kernel. The executor has just
  // set globalThis.__tslab__, which the hooks need.
  if (process.env.RNN_ATLAS_DISPLAY_HOOKS !== "off") installKernelHooks({ version: t.version, jupyter: t.jupyter });
  const server = new t.jupyter.ZmqServer(new t.jupyter.JupyterHandlerImpl(executor, false), opts.configPath);
  // An interrupt aborts this signal (handed to long library calls, see src/core/interrupt.ts); the
  // next cell gets a fresh one.
  let interrupt = new AbortController();
  (globalThis as any)[KERNEL_API] = {
    tslabVersion: t.version,
    interruptSignal: (): AbortSignal => interrupt.signal,
    clearOutput(wait = false): void {
      const writer = t.jupyter.lastWriteDisplayData;
      if (!writer || typeof writer[CLEAR_OUTPUT] !== "function") throw new Error("clearOutput(): no cell is running in this kernel.");
      writer[CLEAR_OUTPUT](wait);
    },
  };
  process.on("SIGINT", () => {
    interrupt.abort(new Error("interrupted by the user (kernel interrupt)"));
    interrupt = new AbortController();
    executor.interrupt();
  });
  process.on("uncaughtException", (err) => reportFault(t, state, "uncaught exception", err));
  process.on("unhandledRejection", (reason) => reportFault(t, state, "unhandled rejection", reason));
  await server.init();
}

const USAGE = "usage: node dist/kernel-helpers/kernel/main.js kernel --config-path <connection_file>";

/** Parses `kernel --config-path <file>` (also `--config-path=<file>`). */
export function parseArgs(argv: string[]): KernelOptions | "version" {
  if (argv.includes("--version")) return "version";
  const [command, ...rest] = argv;
  if (command !== "kernel") throw new Error(`${USAGE}\n(got ${JSON.stringify(argv)})`);
  let configPath: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === "--config-path") configPath = rest[++i];
    else if (a.startsWith("--config-path=")) configPath = a.slice("--config-path=".length);
    else throw new Error(`unknown argument ${JSON.stringify(a)} (the TypeScript kernel only; tslab's --js is not supported)\n${USAGE}`);
  }
  if (!configPath) throw new Error(`missing --config-path\n${USAGE}`);
  return { configPath };
}

if (require.main === module) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    if (opts === "version") {
      console.log(`rnn-atlas kernel on tslab ${SUPPORTED_TSLAB_VERSION}`);
    } else {
      startProtocolKernel(opts).catch((e) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
      });
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  }
}
