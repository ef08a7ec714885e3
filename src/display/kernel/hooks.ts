/**
 * The kernel hooks of rnn-atlas's display: rich multi-MIME outputs, display(x, { id }) updates, and
 * the last-value hook. Installed explicitly by `installKernelHooks()`: the rnn-atlas kernel
 * (kernel-helpers/kernel/main.ts) calls it once at start, before the first cell; in a stock tslab
 * kernel a notebook calls it in its first cell. Importing rnn-atlas installs nothing. Idempotent,
 * and a no-op in plain Node.
 *
 * How an output lands in the right cell: each display() binds to the writer tslab set for the
 * current execute request (jupyter.js lastWriteDisplayData). Synchronous bundles are sent at once.
 * Async ones (vega's SVG render, user renderers) are tracked, and the patched
 * handleExecuteImpl waits for them before tslab replies, so they arrive before the cell's idle status.
 * The rnn-atlas kernel installs the hooks before any cell runs. In a stock tslab kernel, in the cell
 * that calls installKernelHooks() the patch is not yet in force; charts still work there because
 * they render synchronously.
 */
import { display, setDisplaySink, BoundSink, DisplaySink } from "../display";
import { hasRichDisplay } from "../registry";
import { MimeBundle } from "../mime";
import { storedBundle } from "../policy";
import {
  TslabGlobal,
  TslabJupyterModule,
  WriteDisplayData,
  checkTslabVersion,
  kernelJupyterModule,
  kernelTslab,
  tslabGlobal,
} from "./tslabInternals";

export { SUPPORTED_TSLAB_VERSION } from "./tslabInternals";

const STATE = Symbol.for("rnn-atlas.tslab-extension");
/**
 * Put by the rnn-atlas protocol kernel (kernel-helpers/kernel) on each cell's display writer:
 * sends a bundle as that cell's `execute_result`. Stock tslab has none; the last value is then
 * sent as display_data.
 */
const EXECUTE_RESULT = Symbol.for("tslab.protocol.executeResult");
/** How long a cell waits for its pending outputs before giving up (ms). */
const DRAIN_TIMEOUT_MS = 120_000;

interface ExtensionState {
  jup: TslabJupyterModule;
  pending: Map<WriteDisplayData, Set<Promise<unknown>>>;
}

function makeSink(state: ExtensionState, asResult = false): DisplaySink {
  return {
    bind(): BoundSink {
      const writer = state.jup.lastWriteDisplayData;
      if (!writer) throw new Error("rnn-atlas display: tslab has no active cell to display into.");
      const result = asResult ? (writer as any)[EXECUTE_RESULT] : undefined;
      return {
        key: writer,
        write(bundle: MimeBundle, opts) {
          if (typeof result === "function") return void result({ data: storedBundle(bundle), metadata: {} });
          // JSON MIME types (vega-lite, plotly) travel as objects; Jupyter stores them as JSON.
          // One static picture per output (storedBundle): the saved notebook is what collaborators get.
          writer({ data: storedBundle(bundle), metadata: {}, transient: opts.id !== undefined ? { display_id: opts.id } : {} }, opts.update);
        },
        wait(p) {
          let set = state.pending.get(writer);
          if (!set) state.pending.set(writer, (set = new Set()));
          set.add(p);
          p.finally(() => set!.delete(p));
        },
      };
    },
  };
}

async function drain(state: ExtensionState, writer: WriteDisplayData | null | undefined): Promise<void> {
  if (!writer) return;
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const set = state.pending.get(writer);
    if (!set || set.size === 0) break;
    const left = deadline - Date.now();
    if (left <= 0) {
      process.stderr.write(`rnn-atlas display: ${set.size} output(s) still pending after ${DRAIN_TIMEOUT_MS / 1000} s; the cell ends without them.\n`);
      break;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...set]), new Promise((r) => (timer = setTimeout(r, left)))]);
    clearTimeout(timer);
  }
  state.pending.delete(writer);
}

function patchExecute(state: ExtensionState): void {
  const proto = state.jup.JupyterHandlerImpl.prototype as any;
  if (proto[STATE]) return;
  const original = proto.handleExecuteImpl;
  proto.handleExecuteImpl = async function (this: unknown, req: unknown, writeStream: unknown, writeDisplayData: WriteDisplayData) {
    try {
      return await original.call(this, req, writeStream, writeDisplayData);
    } finally {
      await drain(state, writeDisplayData);
    }
  };
  proto[STATE] = true;
}

const LAST_EXPR = /^tsLastExpr\d*$/;

/**
 * Intercepts the cell's last value. Cells write `exports.tsLastExpr = value` into tslab's
 * exports object (a Proxy whose target is a plain object). We give that target a prototype
 * with a `set` trap: an assignment to a property the target does not have (tsLastExpr: tslab
 * deletes it after printing, and we never create it for a rich value) reaches the prototype,
 * where we display the value richly instead, so tslab prints nothing. Because it works on the
 * object (not on the `__tslab__.exports` binding), it takes effect in the very cell that loads
 * rnn-atlas.
 */
function hookLastValue(g: TslabGlobal, state: ExtensionState): void {
  const exportsObj = g.exports as object;
  const current = Object.getPrototypeOf(exportsObj);
  if (current && (current as any)[STATE]) return;
  const base = current ?? Object.prototype;
  const proto = new Proxy(Object.create(base), {
    get(t, prop, receiver) {
      if (prop === STATE) return true;
      return Reflect.get(base, prop, receiver);
    },
    set(_t, prop, value, receiver) {
      if (typeof prop === "string" && LAST_EXPR.test(prop)) {
        // TypeScript's CommonJS output first runs `exports.tsLastExpr = void 0`; leaving the
        // property absent keeps the real assignment coming back here.
        if (value === undefined) return true;
        if (value !== null && hasRichDisplay(value)) {
          // The cell's result: bind it through a sink that sends execute_result where the kernel can.
          setDisplaySink(makeSink(state, true));
          try {
            void display(value);
          } finally {
            setDisplaySink(makeSink(state));
          }
          return true; // absent property: tslab reads undefined and prints nothing
        }
      }
      // What ordinary assignment would do: create the property on the receiver (tslab's Proxy).
      return Reflect.defineProperty(receiver, prop, { value, writable: true, enumerable: true, configurable: true });
    },
  });
  Object.setPrototypeOf(exportsObj, proto);
  // The cell that loads rnn-atlas already ran its `exports.tsLastExpr = void 0` placeholder;
  // removing it lets that cell's last value reach the trap too.
  for (const name of Object.keys(exportsObj)) {
    if (LAST_EXPR.test(name) && (exportsObj as any)[name] === undefined) delete (exportsObj as any)[name];
  }
}

/** The kernel's tslab, when the caller has it at hand (the rnn-atlas kernel passes its own). */
export interface KernelTslab {
  /** tslab's version (checked: the hooks patch 1.0.22's internals). */
  version: string;
  /** The kernel's loaded tslab `jupyter.js` module. */
  jupyter: TslabJupyterModule;
}

/**
 * Installs the hooks into the running tslab kernel. Returns false outside tslab, true once
 * installed (again: no-op). Throws a clear error on an unsupported tslab version.
 * Without `tslab`, finds the kernel's tslab through `__tslab__.require` (a stock tslab kernel).
 */
export function installKernelHooks(tslab?: KernelTslab): boolean {
  const g = tslabGlobal();
  if (!g) return false;
  if ((globalThis as any)[STATE]) return true;
  let jup: TslabJupyterModule;
  if (tslab) {
    checkTslabVersion(tslab.version);
    jup = tslab.jupyter;
  } else {
    const { version, dir } = kernelTslab(g);
    checkTslabVersion(version);
    jup = kernelJupyterModule(dir);
  }
  const state: ExtensionState = { jup, pending: new Map() };
  setDisplaySink(makeSink(state));
  patchExecute(state);
  hookLastValue(g, state);
  (globalThis as any)[STATE] = state;
  return true;
}

/** True when the hooks are installed in this process. */
export function kernelHooksInstalled(): boolean {
  return (globalThis as any)[STATE] !== undefined;
}
