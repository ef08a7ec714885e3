/**
 * `display(value, { id })`: shows a value as one rich output, anywhere in a cell.
 * Where the output goes is a "sink": in plain Node it prints text/plain; inside tslab the kernel
 * hooks (src/display/kernel, installed by the rnn-atlas kernel) install a sink that sends Jupyter
 * display_data messages. The sink lives on globalThis so every copy of rnn-atlas loaded in the
 * kernel (the kernel's own and the notebook's) writes to it.
 */
import { MIME, MimeBundle, isPromiseLike } from "./mime";
import { inspectText } from "./format";
import { toMimeBundleMaybeSync } from "./registry";

export interface DisplayOptions {
  /**
   * Names the output so later calls with the same id replace it in place (live training curves).
   * The first call with an id in a cell creates the output; later ones update it.
   */
  id?: string;
  /** Force an in-place update of an output created earlier (e.g. in another cell) with this id. */
  update?: boolean;
}

/** Where one cell's outputs go; `bind()` is called synchronously when display() is called. */
export interface DisplaySink {
  bind(): BoundSink;
}

export interface BoundSink {
  /** Identifies the cell (outputs on one key keep their call order). */
  key: object;
  write(bundle: MimeBundle, opts: { id?: string; update: boolean }): void;
  /** Told about every pending (async) output so the kernel can hold the cell open until it lands. */
  wait?(pending: Promise<unknown>): void;
}

const consoleKey = {};
const consoleSink: DisplaySink = {
  bind: () => ({
    key: consoleKey,
    write: (bundle) => {
      process.stdout.write(String(bundle[MIME.text] ?? "") + "\n");
    },
  }),
};

const SINK = Symbol.for("rnn-atlas.display.sink");

function currentSink(): DisplaySink {
  return ((globalThis as any)[SINK] as DisplaySink | undefined) ?? consoleSink;
}

/** True when outputs go to a notebook (a sink was installed), false in plain Node. */
export function displaysToNotebook(): boolean {
  return (globalThis as any)[SINK] !== undefined;
}

/** Installs the output sink (the kernel hooks do this); null restores the console sink. */
export function setDisplaySink(s: DisplaySink | null): void {
  if (s) (globalThis as any)[SINK] = s;
  else delete (globalThis as any)[SINK];
}

const queues = new WeakMap<object, Promise<void>>();
const seenIds = new WeakMap<object, Set<string>>();

function writeBundle(bound: BoundSink, bundle: MimeBundle, opts: DisplayOptions): void {
  let update = opts.update ?? false;
  if (opts.id !== undefined && !update) {
    let seen = seenIds.get(bound.key);
    if (!seen) seenIds.set(bound.key, (seen = new Set()));
    update = seen.has(opts.id);
    seen.add(opts.id);
  }
  bound.write(bundle, { ...(opts.id !== undefined ? { id: opts.id } : {}), update });
}

/**
 * Displays `value` as one multi-MIME output: its own `[JUPYTER_DISPLAY]()` bundle, a registered
 * renderer's bundle, or util.inspect text. Returns when the output has been sent (awaiting is
 * optional: inside tslab the cell does not finish before its outputs are out).
 */
export function display(value: unknown, options: DisplayOptions = {}): Promise<void> {
  if (options.id !== undefined && (typeof options.id !== "string" || options.id === "")) {
    throw new TypeError("display(value, { id }): id must be a non-empty string.");
  }
  const bound = currentSink().bind();
  const toBundle = (b: MimeBundle | null): MimeBundle => b ?? { [MIME.text]: inspectText(value) };
  const bundle = toMimeBundleMaybeSync(value);
  const before = queues.get(bound.key);
  if (!before && !isPromiseLike(bundle)) {
    writeBundle(bound, toBundle(bundle), options);
    return Promise.resolve();
  }
  // Async output: queue behind earlier pending outputs of the same cell so the order is kept.
  const done = (before ?? Promise.resolve())
    .then(() => bundle)
    .then((b) => writeBundle(bound, toBundle(b), options));
  const tail = done.catch((err) => {
    process.stderr.write(`rnn-atlas display: could not send output: ${err instanceof Error ? err.message : err}\n`);
  });
  queues.set(bound.key, tail);
  tail.then(() => {
    if (queues.get(bound.key) === tail) queues.delete(bound.key);
  });
  bound.wait?.(tail);
  return tail;
}
