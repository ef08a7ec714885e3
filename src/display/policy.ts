/**
 * Which forms a rich output carries: "interactive" (vega-lite / plotly JSON, live HTML), "static"
 * (SVG picture and its <img> HTML), or "both" (the default). `text/plain` is always kept.
 * Set with `setDisplayPolicy()` or the environment variable RNN_ATLAS_DISPLAY.
 */
import { MIME, MimeBundle } from "./mime";

export type DisplayPolicy = "interactive" | "static" | "both";

const POLICIES: readonly DisplayPolicy[] = ["interactive", "static", "both"];
let explicit: DisplayPolicy | undefined;

function parsePolicy(raw: string, source: string): DisplayPolicy {
  const p = raw.trim().toLowerCase();
  if ((POLICIES as readonly string[]).includes(p)) return p as DisplayPolicy;
  throw new Error(`${source} must be one of ${POLICIES.map((x) => `"${x}"`).join(", ")}, got "${raw}".`);
}

/** Sets the policy for the rest of the session (overrides RNN_ATLAS_DISPLAY). Returns the previous one. */
export function setDisplayPolicy(policy: DisplayPolicy): DisplayPolicy {
  const prev = getDisplayPolicy();
  explicit = parsePolicy(String(policy), "setDisplayPolicy(policy)");
  return prev;
}

/** The policy in force: the last `setDisplayPolicy()`, else RNN_ATLAS_DISPLAY, else "both". */
export function getDisplayPolicy(): DisplayPolicy {
  if (explicit) return explicit;
  const env = process.env.RNN_ATLAS_DISPLAY;
  if (env == null || env.trim() === "") return "both";
  return parsePolicy(env, "RNN_ATLAS_DISPLAY");
}

const INTERACTIVE_TYPES: readonly string[] = [MIME.vegaLite, MIME.plotly, "application/vnd.vega.v5+json", "application/javascript"];

/** HTML that is live (runs scripts, e.g. plotly). */
function isInteractiveHtml(v: unknown): boolean {
  return typeof v === "string" && /<script[\s>]/i.test(v);
}

/** HTML that is only a picture: the `<img>` fallback made by `svgImgHtml`. */
function isPictureHtml(v: unknown): boolean {
  return typeof v === "string" && /^\s*<img\s[^>]*src="data:image\//i.test(v) && !isInteractiveHtml(v);
}

function isInteractiveEntry(k: string, v: unknown): boolean {
  return INTERACTIVE_TYPES.includes(k) || (k === MIME.html && isInteractiveHtml(v));
}

function isPictureEntry(k: string, v: unknown): boolean {
  return k.startsWith("image/") || (k === MIME.html && isPictureHtml(v));
}

/**
 * Filters a bundle by the policy. "static" drops interactive forms (JSON MIME types, HTML with
 * scripts) and puts the SVG <img> in their place; "interactive" drops pictures, but only when an
 * interactive form remains, so an SVG-only output (a graph drawing) still shows. Other entries
 * (tables as HTML, markdown) and text/plain are always kept.
 */
export function applyDisplayPolicy(bundle: MimeBundle, policy: DisplayPolicy = getDisplayPolicy()): MimeBundle {
  if (policy === "both") return bundle;
  const entries = Object.entries(bundle);
  const out: MimeBundle = {};
  if (policy === "static") {
    for (const [k, v] of entries) if (!isInteractiveEntry(k, v)) out[k] = v;
    if (out[MIME.html] === undefined && typeof bundle[MIME.svg] === "string") {
      out[MIME.html] = svgImgHtml(bundle[MIME.svg] as string);
    }
    return out;
  }
  if (!entries.some(([k, v]) => isInteractiveEntry(k, v))) return bundle;
  for (const [k, v] of entries) if (!isPictureEntry(k, v)) out[k] = v;
  return out;
}

/** `<img>` HTML for an SVG string (Debian's nbconvert strips raw SVG; an <img> survives). */
export function svgImgHtml(svg: string, alt = ""): string {
  const b64 = Buffer.from(svg, "utf8").toString("base64");
  return `<img src="data:image/svg+xml;base64,${b64}" alt="${escapeHtml(alt)}">`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * What a notebook stores of a bundle. Every viewer of a saved notebook picks text/html before
 * image/svg+xml (nbconvert's HTML exporter, the classic Notebook, JupyterLab; an untrusted classic
 * Notebook even ignores SVG and shows the sanitised HTML), so when the HTML already holds the SVG
 * as its <img> the raw SVG is a second copy of the same picture and is left out.
 */
export function storedBundle(bundle: MimeBundle): MimeBundle {
  const svg = bundle[MIME.svg];
  const html = bundle[MIME.html];
  if (typeof svg !== "string" || typeof html !== "string") return bundle;
  if (!html.includes(`data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}"`)) return bundle;
  const { [MIME.svg]: _dropped, ...rest } = bundle;
  return rest;
}
