// See eig.h. Mirrors src/analysis/linalg/hessenbergQr.ts; keep the two in step.
#include "eig.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace rnnatlas {

namespace {

constexpr double kEps = 2.220446049250313e-16;

void hessenberg_reduce(double* __restrict a, int n, double* __restrict work, double* __restrict q) {
  double* v = work;
  double* w = work + n;
  if (q) {
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++) q[i * n + j] = i == j ? 1.0 : 0.0;
  }
  for (int k = 0; k < n - 2; k++) {
    double scale = 0;
    for (int i = k + 1; i < n; i++) scale += std::fabs(a[i * n + k]);
    if (scale == 0) continue;
    double h = 0;
    for (int i = k + 1; i < n; i++) {
      const double x = a[i * n + k] / scale;
      v[i] = x;
      h += x * x;
    }
    const double g = v[k + 1] > 0 ? -std::sqrt(h) : std::sqrt(h);
    h -= v[k + 1] * g;
    v[k + 1] -= g;
    const double beta = 1.0 / h;
    for (int j = k + 1; j < n; j++) w[j] = 0;
    for (int i = k + 1; i < n; i++) {
      const double vi = v[i];
      const double* row = a + i * n;
      for (int j = k + 1; j < n; j++) w[j] += vi * row[j];
    }
    for (int i = k + 1; i < n; i++) {
      const double f = beta * v[i];
      double* row = a + i * n;
      for (int j = k + 1; j < n; j++) row[j] -= f * w[j];
    }
    for (int i = 0; i < n; i++) {
      double* row = a + i * n;
      double s = 0;
      for (int j = k + 1; j < n; j++) s += row[j] * v[j];
      s *= beta;
      for (int j = k + 1; j < n; j++) row[j] -= s * v[j];
    }
    a[(k + 1) * n + k] = scale * g;
    for (int i = k + 2; i < n; i++) a[i * n + k] = 0;
    if (q) {
      for (int i = 0; i < n; i++) {
        double* row = q + i * n;
        double s = 0;
        for (int j = k + 1; j < n; j++) s += row[j] * v[j];
        s *= beta;
        for (int j = k + 1; j < n; j++) row[j] -= s * v[j];
      }
    }
  }
}

double hessenberg_norm(const double* h, int n) {
  double norm = 0;
  for (int i = 0; i < n; i++)
    for (int j = std::max(i - 1, 0); j < n; j++) norm += std::fabs(h[i * n + j]);
  return norm;
}

void francis_step(double* __restrict h, int n, int l, int nn, double x, double y, double w, int row_start,
                  int col_end, double* __restrict zm) {
  int m = nn - 2;
  double p = 0, q = 0, r = 0;
  for (; m >= l; m--) {
    const double z = h[m * n + m];
    const double rr = x - z;
    const double ss = y - z;
    p = (rr * ss - w) / h[(m + 1) * n + m] + h[m * n + m + 1];
    q = h[(m + 1) * n + m + 1] - z - rr - ss;
    r = h[(m + 2) * n + m + 1];
    const double s = std::fabs(p) + std::fabs(q) + std::fabs(r);
    p /= s;
    q /= s;
    r /= s;
    if (m == l) break;
    const double u = std::fabs(h[m * n + m - 1]) * (std::fabs(q) + std::fabs(r));
    const double v = std::fabs(p) * (std::fabs(h[(m - 1) * n + m - 1]) + std::fabs(z) + std::fabs(h[(m + 1) * n + m + 1]));
    if (u < kEps * v) break;
  }
  for (int i = m + 2; i <= nn; i++) {
    h[i * n + i - 2] = 0;
    if (i > m + 2) h[i * n + i - 3] = 0;
  }
  for (int k = m; k <= nn - 1; k++) {
    const bool not_last = k != nn - 1;
    double xs = 0;
    if (k != m) {
      p = h[k * n + k - 1];
      q = h[(k + 1) * n + k - 1];
      r = not_last ? h[(k + 2) * n + k - 1] : 0;
      xs = std::fabs(p) + std::fabs(q) + std::fabs(r);
      if (xs == 0) continue;
      p /= xs;
      q /= xs;
      r /= xs;
    }
    double s = std::sqrt(p * p + q * q + r * r);
    if (p < 0) s = -s;
    if (s == 0) continue;
    if (k == m) {
      if (l != m) h[k * n + k - 1] = -h[k * n + k - 1];
    } else {
      h[k * n + k - 1] = -s * xs;
    }
    p += s;
    const double rx = p / s, ry = q / s, rz = r / s;
    q /= p;
    r /= p;
    double* r0 = h + k * n;
    double* r1 = r0 + n;
    const int i_end = std::min(nn, k + 3);
    if (not_last) {
      double* r2 = r1 + n;
      for (int j = k; j <= col_end; j++) {
        const double pp = r0[j] + q * r1[j] + r * r2[j];
        r0[j] -= pp * rx;
        r1[j] -= pp * ry;
        r2[j] -= pp * rz;
      }
      for (int i = row_start; i <= i_end; i++) {
        double* c = h + i * n + k;
        const double pp = rx * c[0] + ry * c[1] + rz * c[2];
        c[0] -= pp;
        c[1] -= pp * q;
        c[2] -= pp * r;
      }
      if (zm) {
        for (int i = 0; i < n; i++) {
          double* c = zm + i * n + k;
          const double pp = rx * c[0] + ry * c[1] + rz * c[2];
          c[0] -= pp;
          c[1] -= pp * q;
          c[2] -= pp * r;
        }
      }
    } else {
      for (int j = k; j <= col_end; j++) {
        const double pp = r0[j] + q * r1[j];
        r0[j] -= pp * rx;
        r1[j] -= pp * ry;
      }
      for (int i = row_start; i <= i_end; i++) {
        double* c = h + i * n + k;
        const double pp = rx * c[0] + ry * c[1];
        c[0] -= pp;
        c[1] -= pp * q;
      }
      if (zm) {
        for (int i = 0; i < n; i++) {
          double* c = zm + i * n + k;
          const double pp = rx * c[0] + ry * c[1];
          c[0] -= pp;
          c[1] -= pp * q;
        }
      }
    }
  }
}

bool hqr_eigenvalues(double* h, int n, double* wr, double* wi) {
  const double norm = hessenberg_norm(h, n);
  int nn = n - 1;
  double t = 0;
  int its = 0;
  long total = 0;
  const long max_total = 40L * std::max(n, 10);
  while (nn >= 0) {
    int l = nn;
    while (l > 0) {
      double s = std::fabs(h[(l - 1) * n + l - 1]) + std::fabs(h[l * n + l]);
      if (s == 0) s = norm;
      if (std::fabs(h[l * n + l - 1]) <= kEps * s) {
        h[l * n + l - 1] = 0;
        break;
      }
      l--;
    }
    double x = h[nn * n + nn];
    if (l == nn) {
      wr[nn] = x + t;
      wi[nn] = 0;
      nn--;
      its = 0;
      continue;
    }
    double y = h[(nn - 1) * n + nn - 1];
    double w = h[nn * n + nn - 1] * h[(nn - 1) * n + nn];
    if (l == nn - 1) {
      const double p = 0.5 * (y - x);
      const double q = p * p + w;
      const double z = std::sqrt(std::fabs(q));
      x += t;
      if (q >= 0) {
        const double zz = p >= 0 ? p + z : p - z;
        wr[nn - 1] = x + zz;
        wr[nn] = zz != 0 ? x - w / zz : x + zz;
        wi[nn - 1] = 0;
        wi[nn] = 0;
      } else {
        wr[nn - 1] = x + p;
        wr[nn] = x + p;
        wi[nn - 1] = z;
        wi[nn] = -z;
      }
      nn -= 2;
      its = 0;
      continue;
    }
    if (total++ > max_total) return false;
    if (its == 10 || its == 20) {
      t += x;
      for (int i = 0; i <= nn; i++) h[i * n + i] -= x;
      const double s = std::fabs(h[nn * n + nn - 1]) + std::fabs(h[(nn - 1) * n + nn - 2]);
      x = y = 0.75 * s;
      w = -0.4375 * s * s;
    }
    its++;
    francis_step(h, n, l, nn, x, y, w, l, nn, nullptr);
  }
  return true;
}

inline void cdiv(double ar, double ai, double br, double bi, double& cr, double& ci) {
  if (std::fabs(br) > std::fabs(bi)) {
    const double r = bi / br, d = br + r * bi;
    cr = (ar + r * ai) / d;
    ci = (ai - r * ar) / d;
  } else {
    const double r = br / bi, d = bi + r * br;
    cr = (r * ar + ai) / d;
    ci = (r * ai - ar) / d;
  }
}

void back_substitute(double* h, int n, const double* wr, const double* wi, double norm) {
  if (norm == 0) return;
#define H(i, j) h[(i) * n + (j)]
  for (int nn = n - 1; nn >= 0; nn--) {
    const double p = wr[nn];
    const double q = wi[nn];
    if (q == 0) {
      int l = nn;
      H(nn, nn) = 1;
      double zz = 0, s = 0;
      for (int i = nn - 1; i >= 0; i--) {
        const double w = H(i, i) - p;
        double r = 0;
        for (int j = l; j <= nn; j++) r += H(i, j) * H(j, nn);
        if (wi[i] < 0) {
          zz = w;
          s = r;
        } else {
          l = i;
          if (wi[i] == 0) {
            H(i, nn) = w != 0 ? -r / w : -r / (kEps * norm);
          } else {
            const double x = H(i, i + 1), y = H(i + 1, i);
            const double dq = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i];
            const double t = (x * s - zz * r) / dq;
            H(i, nn) = t;
            H(i + 1, nn) = std::fabs(x) > std::fabs(zz) ? (-r - w * t) / x : (-s - y * t) / zz;
          }
          const double t = std::fabs(H(i, nn));
          if (kEps * t * t > 1)
            for (int j = i; j <= nn; j++) H(j, nn) /= t;
        }
      }
    } else if (q < 0) {
      int l = nn - 1;
      if (std::fabs(H(nn, nn - 1)) > std::fabs(H(nn - 1, nn))) {
        H(nn - 1, nn - 1) = q / H(nn, nn - 1);
        H(nn - 1, nn) = -(H(nn, nn) - p) / H(nn, nn - 1);
      } else {
        double cr, ci;
        cdiv(0, -H(nn - 1, nn), H(nn - 1, nn - 1) - p, q, cr, ci);
        H(nn - 1, nn - 1) = cr;
        H(nn - 1, nn) = ci;
      }
      H(nn, nn - 1) = 0;
      H(nn, nn) = 1;
      double zz = 0, r = 0, s = 0;
      for (int i = nn - 2; i >= 0; i--) {
        double ra = 0, sa = 0;
        for (int j = l; j <= nn; j++) {
          ra += H(i, j) * H(j, nn - 1);
          sa += H(i, j) * H(j, nn);
        }
        const double w = H(i, i) - p;
        if (wi[i] < 0) {
          zz = w;
          r = ra;
          s = sa;
        } else {
          l = i;
          double cr, ci;
          if (wi[i] == 0) {
            cdiv(-ra, -sa, w, q, cr, ci);
            H(i, nn - 1) = cr;
            H(i, nn) = ci;
          } else {
            const double x = H(i, i + 1), y = H(i + 1, i);
            double vr = (wr[i] - p) * (wr[i] - p) + wi[i] * wi[i] - q * q;
            const double vi = (wr[i] - p) * 2 * q;
            if (vr == 0 && vi == 0)
              vr = kEps * norm * (std::fabs(w) + std::fabs(q) + std::fabs(x) + std::fabs(y) + std::fabs(zz));
            cdiv(x * r - zz * ra + q * sa, x * s - zz * sa - q * ra, vr, vi, cr, ci);
            H(i, nn - 1) = cr;
            H(i, nn) = ci;
            if (std::fabs(x) > std::fabs(zz) + std::fabs(q)) {
              H(i + 1, nn - 1) = (-ra - w * H(i, nn - 1) + q * H(i, nn)) / x;
              H(i + 1, nn) = (-sa - w * H(i, nn) - q * H(i, nn - 1)) / x;
            } else {
              cdiv(-r - y * H(i, nn - 1), -s - y * H(i, nn), zz, q, cr, ci);
              H(i + 1, nn - 1) = cr;
              H(i + 1, nn) = ci;
            }
          }
          const double t = std::max(std::fabs(H(i, nn - 1)), std::fabs(H(i, nn)));
          if (kEps * t * t > 1) {
            for (int j = i; j <= nn; j++) {
              H(j, nn - 1) /= t;
              H(j, nn) /= t;
            }
          }
        }
      }
    }
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < i; j++) H(i, j) = 0;
#undef H
}

bool hqr_schur_vectors(double* h, int n, double* wr, double* wi, double* z) {
  const double norm = hessenberg_norm(h, n);
  int nn = n - 1;
  double exshift = 0;
  int its = 0;
  long total = 0;
  const long max_total = 40L * std::max(n, 10);
#define H(i, j) h[(i) * n + (j)]
  while (nn >= 0) {
    int l = nn;
    while (l > 0) {
      double s = std::fabs(H(l - 1, l - 1)) + std::fabs(H(l, l));
      if (s == 0) s = norm;
      if (std::fabs(H(l, l - 1)) <= kEps * s) {
        H(l, l - 1) = 0;
        break;
      }
      l--;
    }
    double x = H(nn, nn);
    if (l == nn) {
      H(nn, nn) = x + exshift;
      wr[nn] = x + exshift;
      wi[nn] = 0;
      nn--;
      its = 0;
      continue;
    }
    double y = H(nn - 1, nn - 1);
    double w = H(nn, nn - 1) * H(nn - 1, nn);
    if (l == nn - 1) {
      const double p = 0.5 * (y - x);
      const double q = p * p + w;
      const double zr = std::sqrt(std::fabs(q));
      H(nn, nn) = x + exshift;
      H(nn - 1, nn - 1) = y + exshift;
      x = H(nn, nn);
      if (q >= 0) {
        const double zz = p >= 0 ? p + zr : p - zr;
        wr[nn - 1] = x + zz;
        wr[nn] = zz != 0 ? x - w / zz : x + zz;
        wi[nn - 1] = 0;
        wi[nn] = 0;
        const double hx = H(nn, nn - 1);
        const double s = std::fabs(hx) + std::fabs(zz);
        double pr = hx / s, qr = zz / s;
        const double rr = std::sqrt(pr * pr + qr * qr);
        pr /= rr;
        qr /= rr;
        for (int j = nn - 1; j < n; j++) {
          const double a0 = H(nn - 1, j);
          H(nn - 1, j) = qr * a0 + pr * H(nn, j);
          H(nn, j) = qr * H(nn, j) - pr * a0;
        }
        for (int i = 0; i <= nn; i++) {
          const double a0 = H(i, nn - 1);
          H(i, nn - 1) = qr * a0 + pr * H(i, nn);
          H(i, nn) = qr * H(i, nn) - pr * a0;
        }
        for (int i = 0; i < n; i++) {
          double* c = z + i * n;
          const double a0 = c[nn - 1];
          c[nn - 1] = qr * a0 + pr * c[nn];
          c[nn] = qr * c[nn] - pr * a0;
        }
      } else {
        wr[nn - 1] = x + p;
        wr[nn] = x + p;
        wi[nn - 1] = zr;
        wi[nn] = -zr;
      }
      nn -= 2;
      its = 0;
      continue;
    }
    if (total++ > max_total) return false;
    if (its == 10 || its == 20) {
      exshift += x;
      for (int i = 0; i <= nn; i++) H(i, i) -= x;
      const double s = std::fabs(H(nn, nn - 1)) + std::fabs(H(nn - 1, nn - 2));
      x = y = 0.75 * s;
      w = -0.4375 * s * s;
    }
    its++;
    francis_step(h, n, l, nn, x, y, w, 0, n - 1, z);
  }
#undef H
  back_substitute(h, n, wr, wi, norm);
  // z ← z · X, X = eigenvectors of T (upper triangular, in h). Row by row, accumulating along
  // contiguous rows of X so the inner loop vectorises.
  std::vector<double> row(n);
  for (int i = 0; i < n; i++) {
    double* zr = z + i * n;
    std::fill(row.begin(), row.end(), 0.0);
    for (int k = 0; k < n; k++) {
      const double f = zr[k];
      if (f == 0) continue;
      const double* xk = h + k * n;
      for (int j = k; j < n; j++) row[j] += f * xk[j];
    }
    std::copy(row.begin(), row.end(), zr);
  }
  return true;
}

}  // namespace

std::size_t eig_scratch_size(int n) { return static_cast<std::size_t>(n) * n + 2 * n + 2; }

bool eig_one(const double* a, int n, double* wr, double* wi, double* z, double* scratch) {
  double* h = scratch;
  double* work = scratch + static_cast<std::size_t>(n) * n;
  for (int i = 0; i < n * n; i++) {
    if (!std::isfinite(a[i])) return false;
    h[i] = a[i];
  }
  hessenberg_reduce(h, n, work, z);
  if (z) return hqr_schur_vectors(h, n, wr, wi, z);
  return hqr_eigenvalues(h, n, wr, wi);
}

bool invert(const double* a, int n, double* w, double* lu, int* piv) {
  const int nn = n * n;
  double amax = 0;
  for (int i = 0; i < nn; i++) {
    lu[i] = a[i];
    amax = std::max(amax, std::fabs(a[i]));
  }
  for (int k = 0; k < n; k++) {
    int p = k;
    double best = std::fabs(lu[k * n + k]);
    for (int i = k + 1; i < n; i++) {
      const double v = std::fabs(lu[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (best <= 1e-14 * amax || best == 0) return false;
    if (p != k)
      for (int j = 0; j < n; j++) std::swap(lu[k * n + j], lu[p * n + j]);
    const double d = 1.0 / lu[k * n + k];
    for (int i = k + 1; i < n; i++) {
      const double f = (lu[i * n + k] *= d);
      if (f == 0) continue;
      double* ri = lu + i * n;
      const double* rk = lu + k * n;
      for (int j = k + 1; j < n; j++) ri[j] -= f * rk[j];
    }
  }
  for (int i = 0; i < nn; i++) w[i] = 0;
  for (int i = 0; i < n; i++) w[i * n + i] = 1;
  for (int k = 0; k < n; k++) {
    const int p = piv[k];
    if (p != k)
      for (int j = 0; j < n; j++) std::swap(w[k * n + j], w[p * n + j]);
  }
  for (int i = 0; i < n; i++) {
    double* wi = w + i * n;
    for (int k = 0; k < i; k++) {
      const double f = lu[i * n + k];
      if (f == 0) continue;
      const double* wk = w + k * n;
      for (int j = 0; j < n; j++) wi[j] -= f * wk[j];
    }
  }
  for (int i = n - 1; i >= 0; i--) {
    double* wi = w + i * n;
    for (int k = i + 1; k < n; k++) {
      const double f = lu[i * n + k];
      if (f == 0) continue;
      const double* wk = w + k * n;
      for (int j = 0; j < n; j++) wi[j] -= f * wk[j];
    }
    const double d = 1.0 / lu[i * n + i];
    for (int j = 0; j < n; j++) wi[j] *= d;
  }
  return true;
}

}  // namespace rnnatlas
