/**
 * MIME bundles and the display protocol shared by every renderer.
 *
 * A value is "displayable" when it has a `[JUPYTER_DISPLAY]()` method (Deno's protocol): it returns
 * a MIME bundle, or a promise of one.
 */

/** Deno's Jupyter display protocol key; the same symbol in every realm. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as any;

/** A Jupyter MIME bundle: MIME type -> string (text, html, svg) or a JSON object (vega-lite, plotly). */
export type MimeBundle = Record<string, unknown> & { "text/plain"?: string };

export type MaybePromise<T> = T | Promise<T>;

/** An object that knows how to display itself. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MaybePromise<MimeBundle>;
}

export const MIME = {
  text: "text/plain",
  html: "text/html",
  svg: "image/svg+xml",
  vegaLite: "application/vnd.vegalite.v5+json",
  plotly: "application/vnd.plotly.v1+json",
} as const;

export function isDisplayable(value: unknown): value is Displayable {
  return (
    value != null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as any)[JUPYTER_DISPLAY] === "function"
  );
}

export function isPromiseLike<T>(v: unknown): v is PromiseLike<T> {
  return v != null && typeof (v as any).then === "function";
}

/** Checks a renderer's result; a clear error names what is wrong. */
export function assertMimeBundle(value: unknown, who: string): MimeBundle {
  if (value == null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${who} must return a MIME bundle object like {"text/plain": "..."}, got ${typeof value}.`);
  }
  for (const key of Object.keys(value)) {
    if (!/^[a-z]+\/[\w.+-]+$/i.test(key)) {
      throw new TypeError(`${who} returned a bundle with key "${key}", which is not a MIME type (e.g. "text/html").`);
    }
  }
  return value as MimeBundle;
}
