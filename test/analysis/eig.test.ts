import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { Rng } from "../../src/core/random";
import { eig, eigBatch, eigvals, EigBatchResult } from "../../src/analysis/linalg/eig";
import { eigBatchParallel } from "../../src/analysis/linalg/eigParallel";
import { loadNativeLinalg } from "../../src/analysis/linalg/native";

const BACKENDS: ("js" | "native")[] = loadNativeLinalg() ? ["js", "native"] : ["js"];

function randn(rng: Rng, len: number): Float64Array {
  return Float64Array.from({ length: len }, () => rng.normal());
}

/** Random orthogonal matrix (Gram–Schmidt of a Gaussian matrix), row-major. */
function randomOrthogonal(rng: Rng, n: number): Float64Array {
  const q = randn(rng, n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += q[i * n + j] * q[i * n + k];
      for (let i = 0; i < n; i++) q[i * n + j] -= d * q[i * n + k];
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += q[i * n + j] ** 2;
    s = Math.sqrt(s);
    for (let i = 0; i < n; i++) q[i * n + j] /= s;
  }
  return q;
}

/** Q·M·Qᵀ. */
function conjugate(m: Float64Array, q: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) t[i * n + j] += q[i * n + k] * m[k * n + j];
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i * n + j] += t[i * n + k] * q[j * n + k];
  return out;
}

/** Max over eigenpairs of ‖Av − λv‖ and ‖uᴴA − λuᴴ‖, and max |uᴴv − 1|, |‖v‖ − 1|. */
function residuals(mats: Float64Array, r: EigBatchResult) {
  const n = r.n;
  let right = 0;
  let left = 0;
  let biorth = 0;
  let norm = 0;
  for (let b = 0; b < r.count; b++) {
    const o = b * n * n;
    for (let k = 0; k < n; k++) {
      const lr = r.re[b * n + k];
      const li = r.im[b * n + k];
      let vn = 0;
      for (let i = 0; i < n; i++) vn += r.rightRe![o + i * n + k] ** 2 + r.rightIm![o + i * n + k] ** 2;
      norm = Math.max(norm, Math.abs(Math.sqrt(vn) - 1));
      for (let i = 0; i < n; i++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < n; j++) {
          sr += mats[o + i * n + j] * r.rightRe![o + j * n + k];
          si += mats[o + i * n + j] * r.rightIm![o + j * n + k];
        }
        sr -= lr * r.rightRe![o + i * n + k] - li * r.rightIm![o + i * n + k];
        si -= lr * r.rightIm![o + i * n + k] + li * r.rightRe![o + i * n + k];
        right = Math.max(right, Math.hypot(sr, si));
      }
      if (r.leftRe) {
        // w = conj(u): wᵀA = λ wᵀ, and wᵀv = 1.
        let dr = 0;
        let di = 0;
        for (let j = 0; j < n; j++) {
          let sr = 0;
          let si = 0;
          for (let i = 0; i < n; i++) {
            sr += r.leftRe[o + i * n + k] * mats[o + i * n + j];
            si -= r.leftIm![o + i * n + k] * mats[o + i * n + j];
          }
          const wr = r.leftRe[o + j * n + k];
          const wi = -r.leftIm![o + j * n + k];
          sr -= lr * wr - li * wi;
          si -= lr * wi + li * wr;
          left = Math.max(left, Math.hypot(sr, si));
          const vr = r.rightRe![o + j * n + k];
          const vi = r.rightIm![o + j * n + k];
          dr += wr * vr - wi * vi;
          di += wr * vi + wi * vr;
        }
        biorth = Math.max(biorth, Math.hypot(dr - 1, di));
      }
    }
  }
  return { right, left, biorth, norm };
}

/** Greedy nearest matching of two eigenvalue multisets; returns the max distance. */
function matchDistance(aRe: ArrayLike<number>, aIm: ArrayLike<number>, bRe: number[], bIm: number[]): number {
  const used = new Array(bRe.length).fill(false);
  let worst = 0;
  for (let i = 0; i < aRe.length; i++) {
    let best = Infinity;
    let bi = -1;
    for (let j = 0; j < bRe.length; j++) {
      if (used[j]) continue;
      const d = Math.hypot(aRe[i] - bRe[j], aIm[i] - bIm[j]);
      if (d < best) {
        best = d;
        bi = j;
      }
    }
    used[bi] = true;
    worst = Math.max(worst, best);
  }
  return worst;
}

for (const backend of BACKENDS) {
  test(`eigBatch (${backend}): random matrices of many sizes have small residuals`, () => {
    const rng = new Rng(1);
    for (const n of [1, 2, 3, 4, 7, 20, 64]) {
      const count = n > 20 ? 3 : 6;
      const mats = randn(rng, n * n * count).map((v) => v / Math.sqrt(n));
      const r = eigBatch(mats, n, count, { vectors: "both", backend });
      assert.equal(r.backend, backend);
      const res = residuals(mats, r);
      assert.ok(res.right < 1e-12 * n, `n=${n} right residual ${res.right}`);
      assert.ok(res.left < 1e-10 * n, `n=${n} left residual ${res.left}`);
      assert.ok(res.biorth < 1e-9, `n=${n} uᴴv − 1 = ${res.biorth}`);
      assert.ok(res.norm < 1e-12, `n=${n} ‖v‖ − 1 = ${res.norm}`);
      // Default order: |λ| descending, conjugate pairs +Im first.
      for (let b = 0; b < count; b++) {
        for (let k = 1; k < n; k++) {
          const prev = Math.hypot(r.re[b * n + k - 1], r.im[b * n + k - 1]);
          const cur = Math.hypot(r.re[b * n + k], r.im[b * n + k]);
          assert.ok(prev >= cur - 1e-12, `order at n=${n}`);
          if (r.im[b * n + k] !== 0 && Math.abs(r.im[b * n + k] + r.im[b * n + k - 1]) < 1e-12 && r.re[b * n + k] === r.re[b * n + k - 1]) {
            assert.ok(r.im[b * n + k - 1] > 0, "pair lists +Im first");
          }
        }
      }
    }
  });

  test(`eigBatch (${backend}): known spectra (rotation blocks, triangular, repeated, defective)`, () => {
    const rng = new Rng(2);
    // Rotation blocks a ± ib and real values, hidden by a random orthogonal similarity.
    const n = 8;
    const blocks: [number, number][] = [[0.9, 0.3], [0.5, -1.2], [1.5, 0.0001]];
    const reals = [2.5, -0.7];
    const m = new Float64Array(n * n);
    const want: [number, number][] = [];
    blocks.forEach(([a, b], k) => {
      const i = 2 * k;
      m[i * n + i] = a;
      m[i * n + i + 1] = -b;
      m[(i + 1) * n + i] = b;
      m[(i + 1) * n + i + 1] = a;
      want.push([a, b], [a, -b]);
    });
    reals.forEach((v, k) => {
      const i = 6 + k;
      m[i * n + i] = v;
      want.push([v, 0]);
    });
    const A = conjugate(m, randomOrthogonal(rng, n), n);
    const r = eigBatch(A, n, 1, { vectors: "both", backend });
    const dist = matchDistance(r.re, r.im, want.map((w) => w[0]), want.map((w) => w[1]));
    assert.ok(dist < 1e-12, `rotation blocks: eigenvalues off by ${dist}`);
    const res = residuals(A, r);
    assert.ok(res.right < 1e-12 && res.left < 1e-11 && res.biorth < 1e-10, JSON.stringify(res));
    assert.deepEqual(
      Array.from(r.re).map((x) => +x.toFixed(6)),
      [2.5, 1.5, 1.5, 0.5, 0.5, 0.9, 0.9, -0.7],
      "sorted by |λ| descending",
    );

    // Upper triangular: eigenvalues are the diagonal.
    const T = new Float64Array(25);
    const diag = [3, -2, 1, 0.5, -0.25];
    for (let i = 0; i < 5; i++) for (let j = i; j < 5; j++) T[i * 5 + j] = i === j ? diag[i] : rng.normal();
    const rt = eigBatch(T, 5, 1, { vectors: "right", backend, sort: "real" });
    assert.deepEqual(Array.from(rt.re).map((x) => +x.toFixed(10)), [3, 1, 0.5, -0.25, -2]);
    assert.ok(Array.from(rt.im).every((x) => x === 0));
    assert.ok(residuals(T, rt).right < 1e-12);

    // Repeated, non-defective: Q diag(2, 2, 2, −1) Qᵀ; eigenvectors must still span the space.
    const R = conjugate(Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, -1]), randomOrthogonal(rng, 4), 4);
    const rr = eigBatch(R, 4, 1, { vectors: "both", backend });
    assert.ok(matchDistance(rr.re, rr.im, [2, 2, 2, -1], [0, 0, 0, 0]) < 1e-12);
    const rres = residuals(R, rr);
    assert.ok(rres.right < 1e-12 && rres.biorth < 1e-8, `repeated: ${JSON.stringify(rres)}`);

    // Identity and zero matrices.
    const I = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const ri = eigBatch(I, 3, 1, { vectors: "both", backend });
    assert.deepEqual(Array.from(ri.re), [1, 1, 1]);
    assert.ok(residuals(I, ri).biorth < 1e-14);
    const rz = eigBatch(new Float64Array(9), 3, 1, { vectors: "right", backend });
    assert.deepEqual(Array.from(rz.re), [0, 0, 0]);

    // Defective Jordan block: eigenvalue 2 twice, one eigenvector; left vectors undefined → NaN.
    const J = Float64Array.from([2, 1, 0, 2]);
    const rj = eigBatch(J, 2, 1, { vectors: "both", backend });
    assert.deepEqual(Array.from(rj.re), [2, 2]);
    assert.ok(residuals(J, { ...rj, leftRe: undefined }).right < 1e-12);
    assert.ok(Number.isNaN(rj.leftRe![0]), "defective matrix → NaN left vectors");
  });
}

test("eigBatch: native and JS agree", { skip: BACKENDS.length < 2 ? "native addon not built" : false }, () => {
  const rng = new Rng(3);
  const n = 30;
  const count = 8;
  const mats = randn(rng, n * n * count);
  const a = eigBatch(mats, n, count, { vectors: "both", backend: "js" });
  const b = eigBatch(mats, n, count, { vectors: "both", backend: "native" });
  for (const k of ["re", "im", "rightRe", "rightIm", "leftRe", "leftIm"] as const) {
    let d = 0;
    for (let i = 0; i < a[k]!.length; i++) d = Math.max(d, Math.abs(a[k]![i] - b[k]![i]));
    assert.ok(d < (k.startsWith("left") ? 1e-7 : 1e-9), `${k} differs by ${d}`);
  }
});

test("eigvals agree with ml-matrix EigenvalueDecomposition", () => {
  const rng = new Rng(4);
  for (const n of [5, 16, 40]) {
    const a = randn(rng, n * n);
    const m = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
    const e = new EigenvalueDecomposition(m);
    const r = eigBatch(a, n, 1, { backend: "js" });
    const d = matchDistance(r.re, r.im, e.realEigenvalues, e.imaginaryEigenvalues);
    assert.ok(d < 1e-10, `n=${n}: ${d}`);
  }
});

test("eigvals agree with NumPy (spawns /usr/bin/python3)", () => {
  const probe = spawnSync("/usr/bin/python3", ["-c", "import numpy"], { encoding: "utf8" });
  assert.equal(probe.status, 0, `NumPy is needed for this reference check: ${probe.stderr}`);
  const rng = new Rng(5);
  const n = 50;
  const count = 4;
  const mats = randn(rng, n * n * count);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eig-np-"));
  const file = path.join(dir, "a.bin");
  fs.writeFileSync(file, Buffer.from(mats.buffer));
  const py = spawnSync(
    "/usr/bin/python3",
    [
      "-c",
      `import numpy as np, json; a=np.fromfile(${JSON.stringify(file)}).reshape(${count},${n},${n}); ` +
        `w=np.linalg.eigvals(a); print(json.dumps({'re':w.real.tolist(),'im':w.imag.tolist()}))`,
    ],
    { encoding: "utf8" },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(py.status, 0, py.stderr);
  const ref = JSON.parse(py.stdout) as { re: number[][]; im: number[][] };
  for (const backend of BACKENDS) {
    const r = eigBatch(mats, n, count, { backend });
    for (let b = 0; b < count; b++) {
      const d = matchDistance(r.re.subarray(b * n, b * n + n), r.im.subarray(b * n, b * n + n), ref.re[b], ref.im[b]);
      assert.ok(d < 1e-10, `${backend} matrix ${b}: differs from NumPy by ${d}`);
    }
  }
});

test("eig: single matrix API, sort orders and input checks", () => {
  const r = eig([[0, -2], [2, 0]]);
  assert.deepEqual(Array.from(r.values.re).map((x) => +x.toFixed(12)), [0, 0]);
  assert.deepEqual(Array.from(r.values.im).map((x) => +x.toFixed(12)), [2, -2]);
  assert.ok(r.right && r.left);
  const v = eigvals([[1, 0, 0], [0, -3, 0], [0, 0, 2]]);
  assert.deepEqual(Array.from(v.re), [-3, 2, 1]);
  const vr = eigvals([[1, 0, 0], [0, -3, 0], [0, 0, 2]], "real");
  assert.deepEqual(Array.from(vr.re), [2, 1, -3]);
  assert.throws(() => eig([[1, 2, 3], [4, 5, 6]]), /square/);
  assert.throws(() => eig([[1, NaN], [0, 1]]), /NaN/);
  assert.throws(() => eigBatch(new Float64Array(7), 2, 2), /need 8/);
});

test("eigBatchParallel (workers) matches the single-thread JS kernel", async () => {
  const rng = new Rng(6);
  const n = 12;
  const count = 9;
  const mats = randn(rng, n * n * count);
  const a = eigBatch(mats, n, count, { vectors: "both", backend: "js" });
  const b = await eigBatchParallel(mats, n, count, { vectors: "both", backend: "js", workers: 2 });
  assert.equal(b.backend, "workers");
  for (const k of ["re", "im", "rightRe", "rightIm", "leftRe", "leftIm"] as const) {
    assert.deepEqual(Array.from(b[k]!), Array.from(a[k]!), k);
  }
});
