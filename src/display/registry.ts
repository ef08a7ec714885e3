/**
 * Renderer registry for types the project does not own, and the one dispatch every output uses:
 * a value's own `[JUPYTER_DISPLAY]()` first, then registered renderers by descending priority
 * (registration order for ties). A failing renderer never kills the cell: the value falls back to
 * util.inspect text and the error goes to stderr.
 */
import { JUPYTER_DISPLAY, MIME, MaybePromise, MimeBundle, assertMimeBundle, isDisplayable, isPromiseLike } from "./mime";
import { inspectText } from "./format";
import { applyDisplayPolicy } from "./policy";

export interface Renderer<T = any> {
  /** Unique name; registering the same id again replaces the old renderer (safe cell re-runs). */
  id: string;
  /**
   * Cheap, synchronous test. Must not load heavy libraries: detect by duck typing
   * (e.g. `typeof v.toHTML === "function"`), and `require` only inside `render`.
   */
  match(value: unknown): boolean;
  /** The MIME bundle for a matched value (may be async). Include "text/plain". */
  render(value: T): MaybePromise<MimeBundle>;
  /** Higher runs first (default 0). Built-ins use negative priorities so yours win. */
  priority?: number;
}

interface Entry {
  renderer: Renderer;
  priority: number;
  seq: number;
}

let entries: Entry[] = [];
let seq = 0;

/** Registers a renderer; returns a function that unregisters exactly this registration. */
export function registerRenderer<T = any>(renderer: Renderer<T>): () => void {
  if (!renderer || typeof renderer.id !== "string" || renderer.id === "") {
    throw new TypeError("registerRenderer({ id, match, render, priority? }): id must be a non-empty string.");
  }
  if (typeof renderer.match !== "function" || typeof renderer.render !== "function") {
    throw new TypeError(`registerRenderer("${renderer.id}"): match and render must be functions.`);
  }
  const priority = renderer.priority ?? 0;
  if (!Number.isFinite(priority)) throw new TypeError(`registerRenderer("${renderer.id}"): priority must be a finite number.`);
  const entry: Entry = { renderer: renderer as Renderer, priority, seq: seq++ };
  entries = entries.filter((e) => e.renderer.id !== renderer.id).concat(entry);
  entries.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
  return () => {
    entries = entries.filter((e) => e !== entry);
  };
}

/** Registered renderers in dispatch order. */
export function listRenderers(): { id: string; priority: number }[] {
  return entries.map((e) => ({ id: e.renderer.id, priority: e.priority }));
}

function reportError(what: string, err: unknown): void {
  const msg = err instanceof Error ? err.stack ?? err.message : String(err);
  process.stderr.write(`rnn-atlas display: ${what} failed, showing plain text instead:\n${msg}\n`);
}

/** The first renderer whose `match` accepts the value (a throwing match counts as no match). */
export function findRenderer(value: unknown): Renderer | undefined {
  for (const e of entries) {
    try {
      if (e.renderer.match(value)) return e.renderer;
    } catch (err) {
      reportError(`renderer "${e.renderer.id}" match()`, err);
    }
  }
  return undefined;
}

/** True when the value would display richly (own protocol or a matching renderer). */
export function hasRichDisplay(value: unknown): boolean {
  if (value == null) return false;
  return isDisplayable(value) || findRenderer(value) !== undefined;
}

function finish(value: unknown, bundle: unknown, who: string): MimeBundle {
  try {
    const b = assertMimeBundle(bundle, who);
    const withText = typeof b[MIME.text] === "string" ? b : { ...b, [MIME.text]: inspectText(value) };
    return applyDisplayPolicy(withText);
  } catch (err) {
    reportError(who, err);
    return { [MIME.text]: inspectText(value) };
  }
}

/**
 * Same as `toMimeBundle` but synchronous when the renderer is (lets the extension emit output in
 * the cell that loads it). Never throws or rejects.
 */
export function toMimeBundleMaybeSync(value: unknown): MaybePromise<MimeBundle | null> {
  if (value == null) return null;
  let who: string;
  let run: () => unknown;
  if (isDisplayable(value)) {
    who = "[Symbol.for(\"Jupyter.display\")]()";
    run = () => (value as any)[JUPYTER_DISPLAY]();
  } else {
    const r = findRenderer(value);
    if (!r) return null;
    who = `renderer "${r.id}"`;
    run = () => r.render(value);
  }
  let out: unknown;
  try {
    out = run();
  } catch (err) {
    reportError(who, err);
    return { [MIME.text]: inspectText(value) };
  }
  if (isPromiseLike(out)) {
    return Promise.resolve(out).then(
      (b) => finish(value, b, who),
      (err) => {
        reportError(who, err);
        return { [MIME.text]: inspectText(value) };
      },
    );
  }
  return finish(value, out, who);
}

/**
 * The MIME bundle a value displays as (policy applied), or null when nothing rich applies
 * (the caller then shows util.inspect text). Never rejects.
 */
export async function toMimeBundle(value: unknown): Promise<MimeBundle | null> {
  return toMimeBundleMaybeSync(value);
}
