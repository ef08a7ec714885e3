// The native float64 GEMM (linalg addon) against the JS kernel and a naive triple loop, on sizes
// that exercise every tail of the micro-kernels (rows not a multiple of 6, columns not of 16).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../src/core/random";
import { gemm, gemmBackend, gemmJs } from "../../src/analysis/fixedPoints/gemm";
import { loadNativeLinalg, nativeLinalgStatus } from "../../src/analysis/linalg/native";

const SIZES: Array<[number, number, number]> = [
  [1, 1, 1], [2, 3, 5], [7, 1, 17], [13, 17, 19], [6, 100, 16], [37, 100, 101], [1024, 100, 100], [5, 64, 3], [130, 33, 47],
];

function random(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.normal(0, 1));
}

/** Naive reference and the per-element scale Σ|a||b| used for a relative tolerance. */
function reference(a: Float64Array, b: Float64Array, c0: Float64Array, m: number, k: number, n: number, acc: boolean) {
  const c = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = acc ? Math.abs(c0[i * n + j]!) : 0;
      for (let p = 0; p < k; p++) {
        s += a[i * k + p]! * b[p * n + j]!;
        t += Math.abs(a[i * k + p]! * b[p * n + j]!);
      }
      c[i * n + j] = (acc ? c0[i * n + j]! : 0) + s;
      scale[i * n + j] = t;
    }
  }
  return { c, scale };
}

function maxRelErr(x: Float64Array, y: Float64Array, scale: Float64Array): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e = Math.max(e, Math.abs(x[i]! - y[i]!) / Math.max(scale[i]!, 1e-300));
  return e;
}

test("JS gemm matches the naive product (overwrite and accumulate)", () => {
  const rng = new Rng(1);
  for (const [m, k, n] of SIZES) {
    const a = random(rng, m * k), b = random(rng, k * n), c0 = random(rng, m * n);
    for (const acc of [false, true]) {
      const c = c0.slice();
      gemmJs(a, b, c, m, k, n, acc);
      const ref = reference(a, b, c0, m, k, n, acc);
      assert.ok(maxRelErr(c, ref.c, ref.scale) < 1e-12, `JS gemm ${m}×${k}×${n} acc=${acc}`);
    }
  }
});

test("native gemm agrees with the JS kernel to 1e-12 relative on odd sizes, 1 and 2 threads", (t) => {
  const mod = loadNativeLinalg();
  if (!mod || typeof mod.gemm !== "function") {
    t.skip(`linalg addon without gemm: ${nativeLinalgStatus().reason ?? "rebuild with node native/linalg/build.js"}`);
    return;
  }
  assert.equal(gemmBackend(), "native");
  const rng = new Rng(2);
  for (const [m, k, n] of SIZES) {
    const a = random(rng, m * k), b = random(rng, k * n), c0 = random(rng, m * n);
    for (const acc of [false, true]) {
      const cj = c0.slice();
      gemmJs(a, b, cj, m, k, n, acc);
      const { scale } = reference(a, b, c0, m, k, n, acc);
      for (const threads of [1, 2]) {
        const cn = c0.slice();
        mod.gemm(a, b, cn, m, k, n, acc, threads);
        const err = maxRelErr(cn, cj, scale);
        assert.ok(err < 1e-12, `native gemm ${m}×${k}×${n} acc=${acc} threads=${threads}: rel err ${err}`);
      }
      const cd = c0.slice();
      gemm(a, b, cd, m, k, n, acc); // the dispatching entry point
      assert.ok(maxRelErr(cd, cj, scale) < 1e-12, `gemm dispatch ${m}×${k}×${n}`);
    }
  }
  // Views with a byte offset (subarray) and k = 0.
  const big = random(rng, 200);
  const a = big.subarray(10, 10 + 12), b = big.subarray(50, 50 + 12), c = new Float64Array(9).fill(3);
  const cj = c.slice();
  mod.gemm(a, b, c, 3, 4, 3, false, 2);
  gemmJs(a, b, cj, 3, 4, 3, false);
  for (let i = 0; i < 9; i++) assert.ok(Math.abs(c[i]! - cj[i]!) < 1e-14);
  const z = new Float64Array(6).fill(5);
  mod.gemm(new Float64Array(0), new Float64Array(0), z, 2, 0, 3, false, 1);
  assert.deepEqual([...z], [0, 0, 0, 0, 0, 0]);
  assert.throws(() => mod.gemm!(a, b, new Float64Array(2), 3, 4, 3, false, 1), /array lengths/);
});
