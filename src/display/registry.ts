/**
 * The one renderer registry: a table keyed by kind, and the one dispatch every output uses.
 *
 * A value shows as: its own `[JUPYTER_DISPLAY]()` first (every `Figure` has one), else the first
 * registered renderer whose `match` accepts it, by descending priority (registration order for
 * ties), else util.inspect text. A failing renderer never kills the cell: the value falls back to
 * util.inspect text and the error goes to stderr.
 *
 * How to add a renderer for a result record:
 *   1. Write the plot as a function returning a `Figure` (src/display/figure.ts), in its own file
 *      under src/plots/<area>/ — e.g. `new Figure({ kind: "scatter", description, vegaLite })` as in
 *      src/plots/mdsMap.ts, or any chart helper (lineChart, scatter, heatmap, scatter3d).
 *   2. Add one entry to the table in src/plots/register.ts:
 *        { kind: "rnn-atlas/my-record", match: isMyRecord, render: (r) => myRecordPlot(r) }
 *      `kind` is unique (the test in test/display/contract.test.ts checks it); a record that carries
 *      a `kind` tag can use the tag as the renderer kind and leave out `match`.
 *   3. Nothing else: src/plots/index.ts registers the table; the result then shows itself as a
 *      cell's last value.
 * In a notebook, `registerRenderer({ kind, match, render })` adds a renderer for a type you do not
 * own; `render` may return a Figure or a plain MIME bundle.
 *
 * The table lives on globalThis, so two copies of rnn-atlas in one kernel (src and dist, or the
 * kernel's and the notebook's) share one registry.
 */
import { JUPYTER_DISPLAY, MIME, MaybePromise, MimeBundle, assertMimeBundle, isDisplayable, isPromiseLike } from "./mime";
import { inspectText } from "./format";
import { applyDisplayPolicy } from "./policy";
import type { Figure } from "./figure";

export interface Renderer<T = any> {
  /**
   * What it draws, unique in the registry (e.g. "rnn-atlas/fixed-points", or a record's `kind` tag).
   * Registering a kind again replaces the old renderer (safe cell re-runs).
   */
  kind: string;
  /**
   * Cheap, synchronous test. Must not load heavy libraries: detect by duck typing
   * (e.g. `typeof v.toHTML === "function"`), and `require` only inside `render`.
   * Default: the value's `kind` property equals the renderer's kind.
   */
  match?(value: unknown): boolean;
  /** The picture of a matched value: a Figure (project renderers), or a MIME bundle with "text/plain". */
  render(value: T): MaybePromise<Figure<any> | MimeBundle>;
  /** Higher runs first (default 0). Built-ins use negative priorities so yours win. */
  priority?: number;
}

/** Older spelling of a renderer: `id` instead of `kind` (still accepted by registerRenderer). */
export type LegacyRenderer<T = any> = Omit<Renderer<T>, "kind"> & { id: string; kind?: undefined };

interface Entry {
  kind: string;
  match: (value: unknown) => boolean;
  render: (value: any) => unknown;
  priority: number;
  seq: number;
}

interface Table {
  entries: Entry[];
  seq: number;
}

const TABLE = Symbol.for("rnn-atlas.display.renderers");

function table(): Table {
  const g = globalThis as any;
  return (g[TABLE] ??= { entries: [], seq: 0 });
}

const hasKindTag = (kind: string) => (v: unknown) => v != null && typeof v === "object" && (v as { kind?: unknown }).kind === kind;

/** Registers a renderer; returns a function that unregisters exactly this registration. */
export function registerRenderer<T = any>(renderer: Renderer<T> | LegacyRenderer<T>): () => void {
  const kind = renderer?.kind ?? (renderer as LegacyRenderer<T> | undefined)?.id;
  if (typeof kind !== "string" || kind === "") {
    throw new TypeError("registerRenderer({ kind, match?, render, priority? }): kind must be a non-empty string.");
  }
  if (typeof renderer.render !== "function" || (renderer.match !== undefined && typeof renderer.match !== "function")) {
    throw new TypeError(`registerRenderer("${kind}"): render (and match, when given) must be functions.`);
  }
  const priority = renderer.priority ?? 0;
  if (!Number.isFinite(priority)) throw new TypeError(`registerRenderer("${kind}"): priority must be a finite number.`);
  const t = table();
  const match = renderer.match ? (v: unknown) => renderer.match!(v) : hasKindTag(kind);
  const entry: Entry = { kind, match, render: (v) => renderer.render(v), priority, seq: t.seq++ };
  t.entries = t.entries.filter((e) => e.kind !== kind).concat(entry);
  t.entries.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
  return () => {
    t.entries = t.entries.filter((e) => e !== entry);
  };
}

/** Registered renderers in dispatch order. */
export function listRenderers(): { kind: string; priority: number }[] {
  return table().entries.map((e) => ({ kind: e.kind, priority: e.priority }));
}

function reportError(what: string, err: unknown): void {
  const msg = err instanceof Error ? err.stack ?? err.message : String(err);
  process.stderr.write(`rnn-atlas display: ${what} failed, showing plain text instead:\n${msg}\n`);
}

/** The first renderer whose `match` accepts the value (a throwing match counts as no match). */
export function findRenderer(value: unknown): { kind: string; render: (value: any) => unknown } | undefined {
  for (const e of table().entries) {
    try {
      if (e.match(value)) return e;
    } catch (err) {
      reportError(`renderer "${e.kind}" match()`, err);
    }
  }
  return undefined;
}

/** True when the value would display richly (own protocol or a matching renderer). */
export function hasRichDisplay(value: unknown): boolean {
  if (value == null) return false;
  return isDisplayable(value) || findRenderer(value) !== undefined;
}

/** A renderer's result as a bundle: a Figure (or anything displayable) shows itself. */
function asBundle(out: unknown): unknown {
  return isDisplayable(out) ? out[JUPYTER_DISPLAY]() : out;
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
 * Same as `toMimeBundle` but synchronous when the renderer is (lets the kernel hooks emit output
 * at once). Never throws or rejects.
 */
export function toMimeBundleMaybeSync(value: unknown): MaybePromise<MimeBundle | null> {
  if (value == null) return null;
  let who: string;
  let run: () => unknown;
  if (isDisplayable(value)) {
    who = "[Symbol.for(\"Jupyter.display\")]()";
    run = () => value[JUPYTER_DISPLAY]();
  } else {
    const r = findRenderer(value);
    if (!r) return null;
    who = `renderer "${r.kind}"`;
    run = () => {
      const out = r.render(value);
      return isPromiseLike(out) ? Promise.resolve(out).then(asBundle) : asBundle(out);
    };
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
