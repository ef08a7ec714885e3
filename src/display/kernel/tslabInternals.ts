/**
 * Access to the running tslab kernel's internals (tslab 1.0.22 exactly; checked at load).
 *
 * tslab has no public multi-MIME or last-value API, so we use:
 *  - `jupyter.js` `lastWriteDisplayData`: set by tslab on every execute request to a function that
 *    sends its argument verbatim as display_data / update_display_data for that request;
 *  - `JupyterHandlerImpl.prototype.handleExecuteImpl`: wrapped so a cell ends only after its
 *    pending (async) outputs are sent;
 *  - `__tslab__.exports`: the object cells write their variables to; the executor prints
 *    `tsLastExpr*` (the cell's last expression) with console.log unless it is null/undefined.
 */
import * as path from "node:path";

export const SUPPORTED_TSLAB_VERSION = "1.0.22";

export interface TslabGlobal {
  exports: Record<string, unknown>;
  require: NodeRequire;
}

export type WriteDisplayData = (content: Record<string, unknown>, update: boolean) => void;

export interface TslabJupyterModule {
  lastWriteDisplayData: WriteDisplayData | null;
  JupyterHandlerImpl: { prototype: { handleExecuteImpl: (...args: any[]) => Promise<unknown> } };
}

export function tslabGlobal(): TslabGlobal | undefined {
  const g = (globalThis as any).__tslab__;
  return g && typeof g === "object" && typeof g.require === "function" && g.exports ? g : undefined;
}

/** The kernel's own tslab public module and its version. */
export function kernelTslab(g: TslabGlobal): { pub: any; version: string; dir: string } {
  const pub = g.require("tslab") as any;
  const version = pub?.versions?.tslab;
  const mod = Object.values(require.cache).find((m) => m && m.exports === pub);
  if (!mod) throw new Error("rnn-atlas display: cannot locate the running tslab module in require.cache.");
  return { pub, version: String(version), dir: path.dirname(mod.filename) };
}

export function checkTslabVersion(version: string): void {
  if (version !== SUPPORTED_TSLAB_VERSION) {
    throw new Error(
      `rnn-atlas kernel hooks: this kernel runs tslab ${version}, but the display hooks patch tslab internals ` +
        `and supports tslab ${SUPPORTED_TSLAB_VERSION} only. Install it with \`npm install --save-dev tslab@${SUPPORTED_TSLAB_VERSION}\` ` +
        `(and use that kernel), or set RNN_ATLAS_DISPLAY_HOOKS=off to run the kernel without rich display.`,
    );
  }
}

export function kernelJupyterModule(dir: string): TslabJupyterModule {
  const file = path.join(dir, "jupyter.js");
  const m = require.cache[file];
  const jup = m?.exports as TslabJupyterModule | undefined;
  if (!jup || !("lastWriteDisplayData" in jup) || typeof jup.JupyterHandlerImpl?.prototype?.handleExecuteImpl !== "function") {
    throw new Error(`rnn-atlas display: ${file} is not loaded or lacks lastWriteDisplayData / JupyterHandlerImpl (tslab ${SUPPORTED_TSLAB_VERSION} layout expected).`);
  }
  return jup;
}
