import assert from "node:assert/strict";
import { MimeBundle } from "../../src/display";
import { parseXml, XmlSummary } from "./xml";

/** Checks the static picture of a bundle: well-formed SVG, <img> html that decodes to it, text. */
export function checkStaticPicture(b: MimeBundle): XmlSummary {
  assert.equal(typeof b["text/plain"], "string");
  assert.ok((b["text/plain"] as string).length > 0);
  const svg = b["image/svg+xml"];
  assert.equal(typeof svg, "string", "image/svg+xml present");
  const x = parseXml(svg as string);
  assert.equal(x.root, "svg");
  const html = b["text/html"] as string;
  const m = /<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/.exec(html);
  assert.ok(m, "text/html has an <img> with a base64 SVG data URI");
  assert.equal(Buffer.from(m![1], "base64").toString("utf8"), svg);
  return x;
}

/** Captures what `fn` writes to process.stderr (sync or async). */
export async function captureStderr<T>(fn: () => T | Promise<T>): Promise<{ value: T; stderr: string }> {
  const orig = process.stderr.write.bind(process.stderr);
  let out = "";
  (process.stderr as any).write = (chunk: any, ...rest: any[]) => {
    out += String(chunk);
    const cb = rest.find((r) => typeof r === "function");
    if (cb) cb();
    return true;
  };
  try {
    const value = await fn();
    return { value, stderr: out };
  } finally {
    (process.stderr as any).write = orig;
  }
}

/** Number of elements whose class attribute contains `cls`. */
export function countClass(x: XmlSummary, cls: string): number {
  return x.elements.filter((e) => (e.attrs.class ?? "").split(/\s+/).includes(cls)).length;
}

/** Drawn marks: elements (paths, rects, ...) inside vega's `<g class="mark-KIND ...">` groups. */
export function countMarks(x: XmlSummary, kind: "line" | "symbol" | "rect" | "area" | "text"): number {
  const groups = new Set<number>();
  x.elements.forEach((e, i) => {
    if ((e.attrs.class ?? "").split(/\s+/).includes(`mark-${kind}`) && (e.attrs.class ?? "").includes("role-mark")) groups.add(i);
  });
  return x.elements.filter((e) => groups.has(e.parent) && (e.name === "path" || e.name === "use" || e.name === "rect" || e.name === "line")).length;
}
