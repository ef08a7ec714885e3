/**
 * Dense real non-symmetric eigenvalue kernel: Householder reduction to upper Hessenberg form,
 * then Francis double-shift QR iterations (the EISPACK hqr/hqr2 scheme).
 *
 * Everything works in place on one row-major n×n block of a Float64Array at a given offset, so the
 * same routines serve a single matrix, a batch on the main thread, and a worker writing into a
 * SharedArrayBuffer. The C++ addon in native/linalg implements the same steps line for line.
 *
 * Eigenvalues only (`hqrEigenvalues`) restricts each QR sweep to the active window, which is about
 * 2.5× cheaper than the Schur form plus eigenvectors (`hqrSchurVectors`); that saving is why the
 * batched API computes vectors only on request.
 *
 * Real-packed eigenvectors (output of `hqrSchurVectors`, LAPACK convention): a real eigenvalue j has
 * its eigenvector in column j; a complex pair (j, j+1) with im[j] > 0 has v = col j + i·col j+1
 * for λ_j, and its conjugate for λ_{j+1}.
 */

const EPS = 2.220446049250313e-16;

/**
 * Reduces a[off .. off+n²) (row-major) to upper Hessenberg form H = Qᵀ A Q in place.
 * If `q` is given (n×n at qOff), it receives the orthogonal Q; `work` needs n doubles.
 */
export function hessenbergReduce(
  a: Float64Array,
  off: number,
  n: number,
  work: Float64Array,
  q: Float64Array | null,
  qOff: number,
): void {
  const v = work;
  if (q) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[qOff + i * n + j] = i === j ? 1 : 0;
  }
  for (let k = 0; k < n - 2; k++) {
    // Householder vector for column k below the subdiagonal; scaled to avoid overflow.
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale += Math.abs(a[off + i * n + k]);
    if (scale === 0) continue;
    let h = 0;
    for (let i = k + 1; i < n; i++) {
      const x = a[off + i * n + k] / scale;
      v[i] = x;
      h += x * x;
    }
    const g = v[k + 1] > 0 ? -Math.sqrt(h) : Math.sqrt(h);
    h -= v[k + 1] * g; // = ½‖u‖² for u = v − g e₁
    v[k + 1] -= g;
    const beta = 1 / h;
    // Left: A ← (I − β u uᵀ) A on rows k+1.., columns k+1.. (column k is set explicitly).
    // Accumulated row by row so the inner loops run along contiguous rows.
    for (let j = k + 1; j < n; j++) work[n + j] = 0; // never aliased: see eigWorkSize
    const w = work;
    for (let i = k + 1; i < n; i++) {
      const vi = v[i];
      const row = off + i * n;
      for (let j = k + 1; j < n; j++) w[n + j] += vi * a[row + j];
    }
    for (let i = k + 1; i < n; i++) {
      const f = beta * v[i];
      const row = off + i * n;
      for (let j = k + 1; j < n; j++) a[row + j] -= f * w[n + j];
    }
    // Right: A ← A (I − β u uᵀ) on all rows, columns k+1..
    for (let i = 0; i < n; i++) {
      const row = off + i * n;
      let s = 0;
      for (let j = k + 1; j < n; j++) s += a[row + j] * v[j];
      s *= beta;
      for (let j = k + 1; j < n; j++) a[row + j] -= s * v[j];
    }
    a[off + (k + 1) * n + k] = scale * g;
    for (let i = k + 2; i < n; i++) a[off + i * n + k] = 0;
    if (q) {
      for (let i = 0; i < n; i++) {
        const row = qOff + i * n;
        let s = 0;
        for (let j = k + 1; j < n; j++) s += q[row + j] * v[j];
        s *= beta;
        for (let j = k + 1; j < n; j++) q[row + j] -= s * v[j];
      }
    }
  }
}

/** Doubles of scratch space the kernels need for an n×n matrix. */
export function eigWorkSize(n: number): number {
  return 2 * n + 2;
}

function hessenbergNorm(h: Float64Array, off: number, n: number): number {
  let norm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(i - 1, 0); j < n; j++) norm += Math.abs(h[off + i * n + j]);
  }
  return norm;
}

/**
 * Eigenvalues of an upper Hessenberg matrix (destroyed). Writes re/im at [eOff, eOff+n); a complex
 * pair is written with the positive imaginary part first. Throws if QR does not converge.
 */
export function hqrEigenvalues(
  h: Float64Array,
  off: number,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
  eOff: number,
): void {
  const norm = hessenbergNorm(h, off, n);
  let nn = n - 1;
  let t = 0; // accumulated exceptional shifts
  let its = 0;
  let total = 0;
  const maxTotal = 40 * Math.max(n, 10);
  while (nn >= 0) {
    // Look for a negligible subdiagonal element.
    let l = nn;
    while (l > 0) {
      let s = Math.abs(h[off + (l - 1) * n + l - 1]) + Math.abs(h[off + l * n + l]);
      if (s === 0) s = norm;
      if (Math.abs(h[off + l * n + l - 1]) <= EPS * s) {
        h[off + l * n + l - 1] = 0;
        break;
      }
      l--;
    }
    let x = h[off + nn * n + nn];
    if (l === nn) {
      wr[eOff + nn] = x + t;
      wi[eOff + nn] = 0;
      nn--;
      its = 0;
      continue;
    }
    let y = h[off + (nn - 1) * n + nn - 1];
    let w = h[off + nn * n + nn - 1] * h[off + (nn - 1) * n + nn];
    if (l === nn - 1) {
      const p = 0.5 * (y - x);
      const q = p * p + w;
      const z = Math.sqrt(Math.abs(q));
      x += t;
      if (q >= 0) {
        const zz = p >= 0 ? p + z : p - z;
        wr[eOff + nn - 1] = x + zz;
        wr[eOff + nn] = zz !== 0 ? x - w / zz : x + zz;
        wi[eOff + nn - 1] = 0;
        wi[eOff + nn] = 0;
      } else {
        wr[eOff + nn - 1] = x + p;
        wr[eOff + nn] = x + p;
        wi[eOff + nn - 1] = z;
        wi[eOff + nn] = -z;
      }
      nn -= 2;
      its = 0;
      continue;
    }
    if (total++ > maxTotal) {
      throw new Error(
        `eig: QR iteration did not converge for a ${n}×${n} matrix (NaN/Inf entries or extreme scaling?). ` +
          `Check the matrix is finite.`,
      );
    }
    if (its === 10 || its === 20) {
      // Exceptional shift to break cycles.
      t += x;
      for (let i = 0; i <= nn; i++) h[off + i * n + i] -= x;
      const s = Math.abs(h[off + nn * n + nn - 1]) + Math.abs(h[off + (nn - 1) * n + nn - 2]);
      x = y = 0.75 * s;
      w = -0.4375 * s * s;
    }
    its++;
    francisStep(h, off, n, l, nn, x, y, w, l, nn, null, 0);
  }
}

/**
 * One Francis double-shift sweep on the active block l..nn. Rows are updated over columns
 * [k, colEnd] and columns over rows [rowStart, min(nn, k+3)]; eigenvalue-only callers pass the
 * active window, Schur callers the whole matrix, plus `z` to accumulate the transformations.
 */
function francisStep(
  h: Float64Array,
  off: number,
  n: number,
  l: number,
  nn: number,
  x: number,
  y: number,
  w: number,
  rowStart: number,
  colEnd: number,
  zm: Float64Array | null,
  zOff: number,
): void {
  // Find two consecutive small subdiagonal elements (start of the bulge).
  let m = nn - 2;
  let p = 0;
  let q = 0;
  let r = 0;
  for (; m >= l; m--) {
    const z = h[off + m * n + m];
    const rr = x - z;
    const ss = y - z;
    p = (rr * ss - w) / h[off + (m + 1) * n + m] + h[off + m * n + m + 1];
    q = h[off + (m + 1) * n + m + 1] - z - rr - ss;
    r = h[off + (m + 2) * n + m + 1];
    const s = Math.abs(p) + Math.abs(q) + Math.abs(r);
    p /= s;
    q /= s;
    r /= s;
    if (m === l) break;
    const u = Math.abs(h[off + m * n + m - 1]) * (Math.abs(q) + Math.abs(r));
    const v =
      Math.abs(p) *
      (Math.abs(h[off + (m - 1) * n + m - 1]) + Math.abs(z) + Math.abs(h[off + (m + 1) * n + m + 1]));
    if (u < EPS * v) break;
  }
  for (let i = m + 2; i <= nn; i++) {
    h[off + i * n + i - 2] = 0;
    if (i > m + 2) h[off + i * n + i - 3] = 0;
  }
  for (let k = m; k <= nn - 1; k++) {
    const notLast = k !== nn - 1;
    let xs = 0;
    if (k !== m) {
      p = h[off + k * n + k - 1];
      q = h[off + (k + 1) * n + k - 1];
      r = notLast ? h[off + (k + 2) * n + k - 1] : 0;
      xs = Math.abs(p) + Math.abs(q) + Math.abs(r);
      if (xs === 0) continue;
      p /= xs;
      q /= xs;
      r /= xs;
    }
    let s = Math.sqrt(p * p + q * q + r * r);
    if (p < 0) s = -s;
    if (s === 0) continue;
    if (k === m) {
      if (l !== m) h[off + k * n + k - 1] = -h[off + k * n + k - 1];
    } else {
      h[off + k * n + k - 1] = -s * xs;
    }
    p += s;
    const rx = p / s;
    const ry = q / s;
    const rz = r / s;
    q /= p;
    r /= p;
    const r0 = off + k * n;
    const r1 = r0 + n;
    if (notLast) {
      const r2 = r1 + n;
      for (let j = k; j <= colEnd; j++) {
        const pp = h[r0 + j] + q * h[r1 + j] + r * h[r2 + j];
        h[r0 + j] -= pp * rx;
        h[r1 + j] -= pp * ry;
        h[r2 + j] -= pp * rz;
      }
      const iEnd = Math.min(nn, k + 3);
      for (let i = rowStart; i <= iEnd; i++) {
        const c = off + i * n + k;
        const pp = rx * h[c] + ry * h[c + 1] + rz * h[c + 2];
        h[c] -= pp;
        h[c + 1] -= pp * q;
        h[c + 2] -= pp * r;
      }
      if (zm) {
        for (let i = 0; i < n; i++) {
          const c = zOff + i * n + k;
          const pp = rx * zm[c] + ry * zm[c + 1] + rz * zm[c + 2];
          zm[c] -= pp;
          zm[c + 1] -= pp * q;
          zm[c + 2] -= pp * r;
        }
      }
    } else {
      for (let j = k; j <= colEnd; j++) {
        const pp = h[r0 + j] + q * h[r1 + j];
        h[r0 + j] -= pp * rx;
        h[r1 + j] -= pp * ry;
      }
      const iEnd = Math.min(nn, k + 3);
      for (let i = rowStart; i <= iEnd; i++) {
        const c = off + i * n + k;
        const pp = rx * h[c] + ry * h[c + 1];
        h[c] -= pp;
        h[c + 1] -= pp * q;
      }
      if (zm) {
        for (let i = 0; i < n; i++) {
          const c = zOff + i * n + k;
          const pp = rx * zm[c] + ry * zm[c + 1];
          zm[c] -= pp;
          zm[c + 1] -= pp * q;
        }
      }
    }
  }
}

/** Complex division (ar + i·ai) / (br + i·bi), result in out[0], out[1]. */
function cdiv(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  if (Math.abs(br) > Math.abs(bi)) {
    const r = bi / br;
    const d = br + r * bi;
    out[0] = (ar + r * ai) / d;
    out[1] = (ai - r * ar) / d;
  } else {
    const r = br / bi;
    const d = bi + r * br;
    out[0] = (r * ar + ai) / d;
    out[1] = (r * ai - ar) / d;
  }
}

/**
 * Eigenvalues and real-packed right eigenvectors of an upper Hessenberg matrix h (destroyed: it
 * becomes the quasi-triangular Schur form, then scratch). On entry z holds the Hessenberg
 * transformation Q; on exit the eigenvectors (unnormalised, see module doc for the packing).
 */
export function hqrSchurVectors(
  h: Float64Array,
  off: number,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
  eOff: number,
  z: Float64Array,
  zOff: number,
): void {
  const norm = hessenbergNorm(h, off, n);
  let nn = n - 1;
  let exshift = 0;
  let its = 0;
  let total = 0;
  const maxTotal = 40 * Math.max(n, 10);
  const H = (i: number, j: number) => off + i * n + j;
  while (nn >= 0) {
    let l = nn;
    while (l > 0) {
      let s = Math.abs(h[H(l - 1, l - 1)]) + Math.abs(h[H(l, l)]);
      if (s === 0) s = norm;
      if (Math.abs(h[H(l, l - 1)]) <= EPS * s) {
        h[H(l, l - 1)] = 0;
        break;
      }
      l--;
    }
    let x = h[H(nn, nn)];
    if (l === nn) {
      h[H(nn, nn)] = x + exshift;
      wr[eOff + nn] = x + exshift;
      wi[eOff + nn] = 0;
      nn--;
      its = 0;
      continue;
    }
    let y = h[H(nn - 1, nn - 1)];
    let w = h[H(nn, nn - 1)] * h[H(nn - 1, nn)];
    if (l === nn - 1) {
      const p = 0.5 * (y - x);
      const q = p * p + w;
      const zr = Math.sqrt(Math.abs(q));
      h[H(nn, nn)] = x + exshift;
      h[H(nn - 1, nn - 1)] = y + exshift;
      x = h[H(nn, nn)];
      if (q >= 0) {
        const zz = p >= 0 ? p + zr : p - zr;
        wr[eOff + nn - 1] = x + zz;
        wr[eOff + nn] = zz !== 0 ? x - w / zz : x + zz;
        wi[eOff + nn - 1] = 0;
        wi[eOff + nn] = 0;
        // Rotate the 2×2 block to upper triangular so back-substitution sees two 1×1 blocks.
        const hx = h[H(nn, nn - 1)];
        const s = Math.abs(hx) + Math.abs(zz);
        let pr = hx / s;
        let qr = zz / s;
        const rr = Math.sqrt(pr * pr + qr * qr);
        pr /= rr;
        qr /= rr;
        for (let j = nn - 1; j < n; j++) {
          const a0 = h[H(nn - 1, j)];
          h[H(nn - 1, j)] = qr * a0 + pr * h[H(nn, j)];
          h[H(nn, j)] = qr * h[H(nn, j)] - pr * a0;
        }
        for (let i = 0; i <= nn; i++) {
          const a0 = h[H(i, nn - 1)];
          h[H(i, nn - 1)] = qr * a0 + pr * h[H(i, nn)];
          h[H(i, nn)] = qr * h[H(i, nn)] - pr * a0;
        }
        for (let i = 0; i < n; i++) {
          const c = zOff + i * n;
          const a0 = z[c + nn - 1];
          z[c + nn - 1] = qr * a0 + pr * z[c + nn];
          z[c + nn] = qr * z[c + nn] - pr * a0;
        }
      } else {
        wr[eOff + nn - 1] = x + p;
        wr[eOff + nn] = x + p;
        wi[eOff + nn - 1] = zr;
        wi[eOff + nn] = -zr;
      }
      nn -= 2;
      its = 0;
      continue;
    }
    if (total++ > maxTotal) {
      throw new Error(
        `eig: QR iteration did not converge for a ${n}×${n} matrix (NaN/Inf entries or extreme scaling?). ` +
          `Check the matrix is finite.`,
      );
    }
    if (its === 10 || its === 20) {
      exshift += x;
      for (let i = 0; i <= nn; i++) h[H(i, i)] -= x;
      const s = Math.abs(h[H(nn, nn - 1)]) + Math.abs(h[H(nn - 1, nn - 2)]);
      x = y = 0.75 * s;
      w = -0.4375 * s * s;
    }
    its++;
    francisStep(h, off, n, l, nn, x, y, w, 0, n - 1, z, zOff);
  }
  backSubstitute(h, off, n, wr, wi, eOff, norm);
  // Eigenvectors of A = Z · (eigenvectors of T); columns of T hold the latter (upper triangular).
  for (let j = n - 1; j >= 0; j--) {
    for (let i = 0; i < n; i++) {
      const zr = zOff + i * n;
      let s = 0;
      for (let k = 0; k <= j; k++) s += z[zr + k] * h[off + k * n + j];
      z[zr + j] = s;
    }
  }
}

/** Eigenvectors of the quasi-triangular Schur form, written over its upper triangle (column j). */
function backSubstitute(
  h: Float64Array,
  off: number,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
  eOff: number,
  norm: number,
): void {
  if (norm === 0) return;
  const H = (i: number, j: number) => off + i * n + j;
  const c = new Float64Array(2);
  for (let nn = n - 1; nn >= 0; nn--) {
    const p = wr[eOff + nn];
    const q = wi[eOff + nn];
    if (q === 0) {
      let l = nn;
      h[H(nn, nn)] = 1;
      let zz = 0;
      let s = 0;
      for (let i = nn - 1; i >= 0; i--) {
        const w = h[H(i, i)] - p;
        let r = 0;
        for (let j = l; j <= nn; j++) r += h[H(i, j)] * h[H(j, nn)];
        if (wi[eOff + i] < 0) {
          zz = w;
          s = r;
        } else {
          l = i;
          if (wi[eOff + i] === 0) {
            h[H(i, nn)] = w !== 0 ? -r / w : -r / (EPS * norm);
          } else {
            const x = h[H(i, i + 1)];
            const y = h[H(i + 1, i)];
            const dq = (wr[eOff + i] - p) * (wr[eOff + i] - p) + wi[eOff + i] * wi[eOff + i];
            const t = (x * s - zz * r) / dq;
            h[H(i, nn)] = t;
            h[H(i + 1, nn)] = Math.abs(x) > Math.abs(zz) ? (-r - w * t) / x : (-s - y * t) / zz;
          }
          const t = Math.abs(h[H(i, nn)]);
          if (EPS * t * t > 1) for (let j = i; j <= nn; j++) h[H(j, nn)] /= t;
        }
      }
    } else if (q < 0) {
      // Second member of a complex pair (q < 0): the eigenvector of the first member, λ = p − i·q
      // (positive imaginary part), goes to columns nn-1 (real part) and nn (imaginary part).
      let l = nn - 1;
      if (Math.abs(h[H(nn, nn - 1)]) > Math.abs(h[H(nn - 1, nn)])) {
        h[H(nn - 1, nn - 1)] = q / h[H(nn, nn - 1)];
        h[H(nn - 1, nn)] = -(h[H(nn, nn)] - p) / h[H(nn, nn - 1)];
      } else {
        cdiv(0, -h[H(nn - 1, nn)], h[H(nn - 1, nn - 1)] - p, q, c);
        h[H(nn - 1, nn - 1)] = c[0];
        h[H(nn - 1, nn)] = c[1];
      }
      h[H(nn, nn - 1)] = 0;
      h[H(nn, nn)] = 1;
      let zz = 0;
      let r = 0;
      let s = 0;
      for (let i = nn - 2; i >= 0; i--) {
        let ra = 0;
        let sa = 0;
        for (let j = l; j <= nn; j++) {
          ra += h[H(i, j)] * h[H(j, nn - 1)];
          sa += h[H(i, j)] * h[H(j, nn)];
        }
        const w = h[H(i, i)] - p;
        if (wi[eOff + i] < 0) {
          zz = w;
          r = ra;
          s = sa;
        } else {
          l = i;
          if (wi[eOff + i] === 0) {
            cdiv(-ra, -sa, w, q, c);
            h[H(i, nn - 1)] = c[0];
            h[H(i, nn)] = c[1];
          } else {
            const x = h[H(i, i + 1)];
            const y = h[H(i + 1, i)];
            let vr = (wr[eOff + i] - p) * (wr[eOff + i] - p) + wi[eOff + i] * wi[eOff + i] - q * q;
            const vi = (wr[eOff + i] - p) * 2 * q;
            if (vr === 0 && vi === 0) {
              vr = EPS * norm * (Math.abs(w) + Math.abs(q) + Math.abs(x) + Math.abs(y) + Math.abs(zz));
            }
            cdiv(x * r - zz * ra + q * sa, x * s - zz * sa - q * ra, vr, vi, c);
            h[H(i, nn - 1)] = c[0];
            h[H(i, nn)] = c[1];
            if (Math.abs(x) > Math.abs(zz) + Math.abs(q)) {
              h[H(i + 1, nn - 1)] = (-ra - w * h[H(i, nn - 1)] + q * h[H(i, nn)]) / x;
              h[H(i + 1, nn)] = (-sa - w * h[H(i, nn)] - q * h[H(i, nn - 1)]) / x;
            } else {
              cdiv(-r - y * h[H(i, nn - 1)], -s - y * h[H(i, nn)], zz, q, c);
              h[H(i + 1, nn - 1)] = c[0];
              h[H(i + 1, nn)] = c[1];
            }
          }
          const t = Math.max(Math.abs(h[H(i, nn - 1)]), Math.abs(h[H(i, nn)]));
          if (EPS * t * t > 1) {
            for (let j = i; j <= nn; j++) {
              h[H(j, nn - 1)] /= t;
              h[H(j, nn)] /= t;
            }
          }
        }
      }
    }
  }
  // Zero the strictly lower part so the final Z·T product can run over k ≤ j only.
  // Everything below the diagonal is now stale Schur data or a zero vector component.
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) h[H(i, j)] = 0;
}
