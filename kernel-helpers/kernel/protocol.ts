/**
 * The Jupyter-protocol fixes over stock tslab 1.0.22, installed as method overrides on tslab's
 * `JupyterHandlerImpl` and `ZmqServer` prototypes (prototypes, so the rnn-atlas display hooks of
 * src/display/kernel, which main.ts installs after these fixes and which wrap `handleExecuteImpl` on
 * the prototype, wrap our version):
 *
 * - `execute_input` with the execution count; the count only advances for `store_history` requests;
 * - a cell's last value as `execute_result` (stock prints it to stdout); the display hooks' rich
 *   last value too, through the `EXECUTE_RESULT` function put on the cell's display writer;
 * - failures as `error` outputs and `status: "error"` replies with ename/evalue/traceback pointing at
 *   cell lines, compile errors included (stock writes them to stderr and replies without details);
 * - `stop_on_error: false` (nbclient's allow-errors) no longer aborts the following requests; with
 *   `stop_on_error: true` the requests already sent are aborted as before, but the abort window
 *   closes before the error reply goes out, so a client reacting to the reply is never aborted;
 * - `silent` requests broadcast nothing; `kernel_info_reply`, `shutdown_reply` carry `status`;
 *   `comm_info_request` gets a `comm_info_reply` (stock sends a mislabelled `complete_reply`);
 *   `history_request` and `interrupt_request` are answered; `clear_output` can be sent from a cell.
 * Everything else is tslab's own code, untouched.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import * as util from "node:util";
import { withSetupHint } from "./hints";
import { History, HistoryRequest } from "./history";
import { CellRegistry, Converted, Diagnostic, ErrorContent, compileError, runtimeError } from "./traceback";
import { TslabModules } from "./tslabModules";

/** On a cell's display writer: `(content: {data, metadata?, transient?}) => void` sends an execute_result. */
export const EXECUTE_RESULT = Symbol.for("tslab.protocol.executeResult");
/** On a cell's display writer: `(wait?: boolean) => void` sends clear_output. */
export const CLEAR_OUTPUT = Symbol.for("tslab.protocol.clearOutput");
/** globalThis[KERNEL_API]: the kernel's functions for cell code (see api.ts). */
export const KERNEL_API = Symbol.for("rnn-atlas.kernel.protocol");

const CTX = Symbol("rnn-atlas.execute-context");

/**
 * After a failing cell with stop_on_error, requests arriving within this time are aborted (tslab's
 * choice, for "Run all": the requests already sent may still sit in ZeroMQ). The error reply is
 * sent only after it, so no request made in answer to the reply can fall into the window.
 */
const ABORT_WINDOW_MS = 200;

type Publish = (msgType: string, content: Record<string, unknown>) => void;

interface ExecContext {
  publish: Publish;
  silent: boolean;
  storeHistory: boolean;
  stopOnError: boolean;
  count: number;
  label: string;
  lastValue?: { value: unknown };
  /** text/plain of the execute_result sent, for the history. */
  resultText?: string | null;
  error?: ErrorContent;
  diagnostics?: Diagnostic[];
}

/** Thrown inside tslab's execution queue to cancel the requests queued behind a failed cell. */
class CellFailed extends Error {}

export interface ProtocolState {
  cells: CellRegistry;
  history: History;
  /** The cell being executed (tslab runs one at a time). */
  active: ExecContext | null;
  /** The cell whose request is being handled, until its reply (active, plus the grace after it). */
  running?: ExecContext | null;
  /** Count of the last visible cell that ran, to name it in a late fault. */
  lastCount?: number;
  /** Faults thrown by callbacks after their cell had replied, not yet shown: the next cell reports them. */
  faults?: ErrorContent[];
}

/**
 * After a cell's code has finished, its reply waits this long, so that an error in a timer or a
 * promise the cell left behind (setTimeout(f, 0), a rejection nobody awaits) fails that cell instead
 * of appearing after an "ok".
 */
const GRACE_MS = 10;

/** The cell whose code is running, carried into its timers and promises (to name it in a fault). */
const cellContext = new AsyncLocalStorage<ExecContext>();

/**
 * An exception thrown in a callback, or a promise rejection nobody handled. While a cell runs it is
 * that cell's error. After the cell has replied it cannot change that reply any more: it is printed,
 * and the next cell refuses to run and shows it, so a fault never hides behind a green cell.
 */
export function reportFault(t: TslabModules, state: ProtocolState, kind: "uncaught exception" | "unhandled rejection", err: unknown): void {
  const content = runtimeError(err, state.cells, t.dist);
  // The cell whose code scheduled the callback (timers and promises carry it), when known.
  const origin = cellContext.getStore();
  const ctx = state.running;
  const from = origin && origin !== ctx && origin.count ? `cell In[${origin.count}]` : origin === ctx ? "this cell" : state.lastCount ? `cell In[${state.lastCount}]` : "an earlier cell";
  if (ctx) {
    if (!ctx.error) ctx.error = { ...content, evalue: `${content.evalue} (${kind} in a callback of ${from})` };
    else console.error(`${kind} in a callback of ${from} (after this cell's first error):`, err);
    return;
  }
  (state.faults ??= []).push({ ...content, evalue: `${content.evalue} (${kind} in a callback of ${from}, after it had finished)` });
  console.error(`rnn-atlas kernel: ${kind} after ${from} finished; the next cell will report it:`, err);
}

function contextOf(req: any): ExecContext {
  let ctx = req?.[CTX] as ExecContext | undefined;
  if (!ctx) {
    // Called other than through our ZmqServer.handleExecute: behave like a plain, quiet request.
    ctx = { publish: () => {}, silent: false, storeHistory: true, stopOnError: true, count: 0, label: "Cell" };
    Object.defineProperty(req, CTX, { value: ctx });
  }
  return ctx;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errorContentOf(e: unknown): ErrorContent {
  const err = e instanceof Error ? e : new Error(String(e));
  return { ename: err.name, evalue: err.message, traceback: [`${err.name}: ${err.message}`, ...(err.stack ?? "").split("\n").slice(1)] };
}

/** The console tslab's executor reports through: its only log() is the last value, its error()s are failures. */
export function executorConsole(t: TslabModules, state: ProtocolState): { log: (...a: unknown[]) => void; error: (...a: unknown[]) => void } {
  return {
    log: (...args) => {
      const ctx = state.active;
      if (ctx && args.length === 1) ctx.lastValue = { value: args[0] };
      else console.log(...args);
    },
    error: (...args) => {
      const ctx = state.active;
      if (ctx && args.length === 1) {
        // Format now: the stack refers to cells the registry knows.
        ctx.error ??= runtimeError(args[0], state.cells, t.dist);
        return;
      }
      // A cell's TypeScript diagnostics (printDiagnostics): they become the error output instead.
      if (ctx?.diagnostics && args[0] === "%s%d:%d - %s") return;
      console.error(...args);
    },
  };
}

/** tslab's ConverterSet (main.js), with `convert` wrapped to name each cell's script and keep its maps. */
export function converterSet(t: TslabModules, state: ProtocolState): { node: any; browser: any; close(): void } {
  let node: any;
  let browser: any;
  return {
    get node() {
      if (!node) {
        node = t.converter.createConverter({ isJS: false, isBrowser: false });
        const convert = node.convert;
        node.convert = (prevDecl: string, src: string) => {
          const r: Converted = convert(prevDecl, src);
          const ctx = state.active;
          if (r.diagnostics && r.diagnostics.length > 0) {
            if (ctx) ctx.diagnostics = r.diagnostics;
            return r;
          }
          if (r.output) r.output = state.cells.register(ctx?.label ?? "Cell", src, r);
          return r;
        };
      }
      return node;
    },
    get browser() {
      if (!browser) browser = t.converter.createConverter({ isJS: false, isBrowser: true });
      return browser;
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
}

export function installProtocol(t: TslabModules, state: ProtocolState): void {
  const { jupyter: jup, util: tutil } = t;
  const H = jup.JupyterHandlerImpl.prototype;
  const S = jup.ZmqServer.prototype;

  const stockKernelInfo = H.handleKernel;
  H.handleKernel = function (this: any) {
    const reply = stockKernelInfo.call(this);
    return {
      status: "ok",
      ...reply,
      implementation_version: t.version,
      // Stock reports a hard-coded "3.7.2"; the cells are compiled by tslab's TypeScript.
      language_info: { ...reply.language_info, version: String(t.ts.version) },
      banner: `TypeScript ${t.ts.version} (tslab ${t.version}, Node.js ${process.version})`,
      help_links: [{ text: "tslab", url: "https://github.com/yunabe/tslab" }],
    };
  };

  function finishCell(ctx: ExecContext, code: string): void {
    if (!ctx.silent) {
      if (ctx.error) ctx.publish("error", { ...ctx.error });
      else if (ctx.lastValue) {
        const text = util.inspect(ctx.lastValue.value);
        ctx.publish("execute_result", { execution_count: ctx.count, data: { "text/plain": text }, metadata: {} });
        ctx.resultText = text;
      }
    }
    if (ctx.storeHistory) state.history.add({ line: ctx.count, input: code, output: ctx.resultText ?? null });
  }

  H.handleExecute = async function (this: any, req: any, writeStream: unknown, writeDisplayData: unknown) {
    const ctx = contextOf(req);
    try {
      await this.execQueue.add(async () => {
        try {
          return await this.handleExecuteImpl(req, writeStream, writeDisplayData);
        } finally {
          finishCell(ctx, req.code);
        }
      });
    } catch (e) {
      if (e instanceof tutil.TaskCanceledError) return { status: "aborted" };
      if (!(e instanceof CellFailed)) ctx.error ??= errorContentOf(e);
      await sleep(ABORT_WINDOW_MS);
      this.execQueue.reset();
    }
    if (ctx.error) return { status: "error", execution_count: ctx.count, ...ctx.error };
    return { status: "ok", execution_count: ctx.count, user_expressions: {}, payload: [] };
  };

  H.handleExecuteImpl = async function (this: any, req: any, writeStream: unknown, writeDisplayData: unknown) {
    const ctx = contextOf(req);
    const saved = { out: process.stdout.write, err: process.stderr.write, display: jup.lastWriteDisplayData };
    process.stdout.write = this.createWriteToIopub("stdout", writeStream);
    process.stderr.write = this.createWriteToIopub("stderr", writeStream);
    jup.lastWriteDisplayData = writeDisplayData;
    if (ctx.storeHistory) this.execCount++;
    ctx.count = this.execCount;
    ctx.label = ctx.silent ? "Cell (silent)" : `Cell In[${ctx.count}]`;
    if (!ctx.silent) ctx.publish("execute_input", { code: req.code, execution_count: ctx.count });
    let ok: boolean;
    const late = state.faults?.shift();
    if (late) {
      // A callback of an earlier cell threw after that cell had replied "ok": stop here and show it.
      ctx.error = { ...late, evalue: `not run: ${late.evalue}. Fix the callback and run the cells again.` };
      state.faults = [];
      if (!ctx.silent) state.lastCount = ctx.count;
      if (ctx.stopOnError) throw new CellFailed("cell failed");
      return ctx.count;
    }
    state.active = ctx;
    state.running = ctx;
    try {
      ok = await cellContext.run(ctx, () => this.executor.execute(req.code));
      await sleep(GRACE_MS);
    } catch (e) {
      ctx.error ??= runtimeError(e, state.cells, t.dist);
      ok = false;
    } finally {
      state.active = null;
      state.running = null;
      if (!ctx.silent) state.lastCount = ctx.count;
      if (ctx.silent) {
        // Later background output keeps going to the last visible cell, as in stock tslab.
        process.stdout.write = saved.out;
        process.stderr.write = saved.err;
        jup.lastWriteDisplayData = saved.display;
      }
    }
    if (ctx.error) ok = false;
    if (!ok) {
      // The executor's folder is the kernel's cwd, the notebook's folder: where the cell's imports resolve from.
      ctx.error ??= ctx.diagnostics
        ? withSetupHint(compileError(ctx.diagnostics, ctx.label, req.code), ctx.diagnostics, process.cwd())
        : { ename: "Error", evalue: "the cell failed", traceback: [] };
      if (ctx.stopOnError) throw new CellFailed("cell failed");
    }
    return ctx.count;
  };

  S.handleExecute = async function (this: any, sock: unknown, msg: any) {
    const publish: Publish = (msgType, content) => {
      const m = msg.createReply();
      m.header.msg_type = msgType;
      m.content = content;
      m.signAndSend(this.connInfo.key, this.iopub);
    };
    const content = msg.content ?? {};
    const silent = content.silent === true;
    const ctx: ExecContext = {
      publish,
      silent,
      storeHistory: !silent && content.store_history !== false,
      stopOnError: content.stop_on_error !== false,
      count: 0,
      label: "Cell",
    };
    Object.defineProperty(content, CTX, { value: ctx });
    const writeStream = (name: string, text: string) => {
      if (!silent) publish("stream", { name, text });
    };
    const writeDisplayData: any = (data: Record<string, unknown>, update: boolean) => {
      if (!silent) publish(update ? "update_display_data" : "display_data", data);
    };
    writeDisplayData[EXECUTE_RESULT] = (c: { data: Record<string, unknown>; metadata?: object; transient?: object }) => {
      if (silent) return;
      publish("execute_result", { execution_count: ctx.count, data: c.data, metadata: c.metadata ?? {}, ...(c.transient ? { transient: c.transient } : {}) });
      const text = c.data["text/plain"];
      ctx.resultText = typeof text === "string" ? text : null;
    };
    writeDisplayData[CLEAR_OUTPUT] = (wait?: boolean) => {
      if (!silent) publish("clear_output", { wait: wait === true });
    };
    const replyContent = await this.handler.handleExecute(content, writeStream, writeDisplayData);
    const reply = msg.createReply();
    reply.header.msg_type = "execute_reply";
    reply.content = replyContent;
    reply.signAndSend(this.connInfo.key, sock);
  };

  S.handleShellMessage = async function (this: any, sock: unknown, ...frames: Buffer[]) {
    let msg: any;
    try {
      msg = jup.ZmqMessage.fromRaw(this.connInfo.key, frames);
    } catch (e) {
      console.error("rnn-atlas kernel: dropped a message that could not be verified:", e);
      return;
    }
    const type: string = msg.header.msg_type;
    const replyType = type.replace(/_request$/, "_reply");
    const reply = (content: Record<string, unknown>) => {
      const r = msg.createReply();
      r.header.msg_type = replyType;
      r.content = content;
      r.signAndSend(this.connInfo.key, sock);
    };
    let terminated = false;
    this.publishStatus("busy", msg);
    try {
      switch (type) {
        case "kernel_info_request":
          this.handleKernelInfo(sock, msg);
          break;
        case "execute_request":
          await this.handleExecute(sock, msg);
          break;
        case "is_complete_request":
          this.handleIsComplete(sock, msg);
          break;
        case "inspect_request":
          this.handleInspect(sock, msg);
          break;
        case "complete_request":
          this.handleComplete(sock, msg);
          break;
        case "history_request":
          reply({ status: "ok", history: state.history.query(msg.content as HistoryRequest) });
          break;
        case "comm_info_request":
          // Comms are not supported; there are none.
          reply({ status: "ok", comms: {} });
          break;
        case "interrupt_request":
          this.handler.executor.interrupt();
          reply({ status: "ok" });
          break;
        case "shutdown_request":
          reply({ status: "ok", restart: msg.content?.restart === true });
          terminated = true;
          break;
        default:
          console.warn(`unknown msg_type: ${type}`);
      }
    } catch (e) {
      // Stock tslab leaves the client waiting forever here; answer with the error instead.
      if (type.endsWith("_request") && type !== "execute_request") reply({ status: "error", ...errorContentOf(e) });
      else console.error(`rnn-atlas kernel: ${type} failed:`, e);
    } finally {
      this.publishStatus("idle", msg);
    }
    if (terminated) this.close();
  };
}
