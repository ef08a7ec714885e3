// Shared fixtures for the plot tests: a synthetic FixedPoints record with known eigen-structure and
// a hand-made network whose fixed points are known (W = a·I: the corners, edges, faces and centre
// of a cube, like a 3-bit flip-flop).
import assert from "node:assert/strict";
import type { Model } from "../../src/core/types";
import { FixedPoints } from "../../src/analysis/fixedPoints/FixedPoints";
import { MimeBundle, toMimeBundle } from "../../src/display";
import { parseXml, XmlSummary } from "../display/xml";

export const PLOTLY = "application/vnd.plotly.v1+json";
export const VL = "application/vnd.vegalite.v5+json";

/**
 * Three points in S = 3 with diagonal Jacobians (eigenvectors = unit axes):
 *  0: stable (0.5, 0.4, 0.3); 1: index 1 (1.5, 0.5, 0.2); 2: index 2 from a complex pair 1.2 ± 0.3i (+ 0.1).
 */
export function syntheticFixedPoints(): FixedPoints {
  const K = 3;
  const S = 3;
  const eigRe = Float64Array.from([0.5, 0.4, 0.3, 1.5, 0.5, 0.2, 1.2, 1.2, 0.1]);
  const eigIm = Float64Array.from([0, 0, 0, 0, 0, 0, 0.3, -0.3, 0]);
  const rightRe = new Float64Array(K * S * S);
  const rightIm = new Float64Array(K * S * S);
  for (let k = 0; k < K; k++) for (let i = 0; i < S; i++) rightRe[k * S * S + i * S + i] = 1;
  // point 2: the complex pair's eigenvectors (e0 ± i e1)/√2, e.g. a rotation in the (0, 1) plane
  rightRe.fill(0, 2 * S * S, 3 * S * S);
  rightRe[2 * S * S + 0 * S + 0] = Math.SQRT1_2;
  rightRe[2 * S * S + 0 * S + 1] = Math.SQRT1_2;
  rightIm[2 * S * S + 1 * S + 0] = Math.SQRT1_2;
  rightIm[2 * S * S + 1 * S + 1] = -Math.SQRT1_2;
  rightRe[2 * S * S + 2 * S + 2] = 1;
  const xstar = Float64Array.from([0, 0, 0, 1, 0, 0, 0, 2, 0]);
  return new FixedPoints({
    arch: "vanilla",
    continuous: false,
    dt: 1,
    count: K,
    stateSize: S,
    inputSize: 1,
    xstar,
    inputs: new Float64Array(K),
    xinit: Float64Array.from(xstar),
    q: Float64Array.from([1e-14, 2e-14, 3e-14]),
    iterations: Int32Array.from([10, 20, 30]),
    gradNorm: new Float64Array(K),
    F: Float64Array.from(xstar),
    eigRe,
    eigIm,
    rightRe,
    rightIm,
    leftRe: Float64Array.from(rightRe),
    leftIm: Float64Array.from(rightIm),
    fixedTolQ: 1e-10,
    slowGradTol: 1e-2,
  });
}

/** Identity projection on the 3 state axes (so projected = state coordinates). */
export const IDENTITY3 = { mean: new Float64Array(3), components: { rows: 3, cols: 3, data: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]) } };

/** Vanilla tanh net h' = tanh(a·h + Win·u), N units, readout = identity. */
export function cubeModel(N = 3, a = 2): Model {
  const W = new Float32Array(N * N);
  for (let i = 0; i < N; i++) W[i * N + i] = a;
  const eye = new Float32Array(N * N);
  for (let i = 0; i < N; i++) eye[i * N + i] = 1;
  return {
    spec: { arch: "vanilla", inputSize: N, hiddenSize: N, outputSize: N },
    params: {
      weight_ih_l0: eye.slice(),
      weight_hh_l0: W,
      bias_ih_l0: new Float32Array(N),
      bias_hh_l0: new Float32Array(N),
      "readout.weight": eye.slice(),
      "readout.bias": new Float32Array(N),
    },
  };
}

export async function bundleOf(v: unknown): Promise<MimeBundle> {
  const b = await toMimeBundle(v);
  assert.ok(b, "value gives a rich bundle");
  return b!;
}

/** Well-formed static picture: SVG + <img> of it + text. */
export function staticPicture(b: MimeBundle): XmlSummary {
  assert.equal(typeof b["text/plain"], "string");
  const svg = b["image/svg+xml"] as string;
  assert.equal(typeof svg, "string", "image/svg+xml present");
  const x = parseXml(svg);
  assert.equal(x.root, "svg");
  const m = /<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/.exec(b["text/html"] as string);
  assert.ok(m, "text/html carries the SVG as an <img>");
  assert.equal(Buffer.from(m![1]!, "base64").toString("utf8"), svg);
  return x;
}

/** Drawn items of vega's `<g class="mark-KIND role-mark">` groups (paths, lines, rects, texts). */
export function marks(x: XmlSummary, kind: "line" | "symbol" | "rect" | "rule"): number {
  const groups = new Set<number>();
  x.elements.forEach((e, i) => {
    const cls = (e.attrs.class ?? "").split(/\s+/);
    if (cls.includes(`mark-${kind}`) && cls.includes("role-mark")) groups.add(i);
  });
  return x.elements.filter((e) => groups.has(e.parent) && ["path", "use", "rect", "line"].includes(e.name)).length;
}

/**
 * Text marks, counted in the SVG source: test/display/xml.ts records an element with content
 * (<text>…</text>) as its own parent, so the structural count above cannot see them.
 */
export function textMarks(svg: string): number {
  let n = 0;
  for (const m of svg.matchAll(/<g class="mark-text role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)) n += (m[1]!.match(/<text\b/g) ?? []).length;
  return n;
}

/** Segments in a plotly lines trace whose points are separated by nulls. */
export function nullSeparatedSegments(xs: ReadonlyArray<number | null>): number {
  let n = 0;
  let run = 0;
  for (const v of [...xs, null]) {
    if (v === null) {
      if (run >= 2) n++;
      run = 0;
    } else run++;
  }
  return n;
}
