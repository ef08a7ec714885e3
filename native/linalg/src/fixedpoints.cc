// Fused batched fixed-point search: the whole Adam minimisation of q over K states in one call, the
// native twin of optimiseStates + Dynamics.qGrad in src/analysis/fixedPoints: same algorithm, same
// stopping, clipping and learning-rate rules, float64 throughout. Results agree with the JS loop to
// rounding: tanh/exp/sigmoid are vectorised polynomials within a few ulp of V8's, products may be
// fused (FMA), the Adam step's √ and division use Newton-refined estimates, and per-row sums are
// added in another order.
//
// Rows are processed in blocks small enough to stay in cache: per block the Adam step of the
// previous iteration (it needs the global gradient norm, known only after every row's gradient),
// the forward product, the elementwise work and the gradient product, so one pass over the data
// and one thread hand-off per iteration. The bookkeeping between iterations is serial.
#include "fixedpoints.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "gemm.h"

namespace rnnatlas {
namespace {

typedef double v8 __attribute__((vector_size(64)));
typedef long long v8l __attribute__((vector_size(64)));

inline v8 splat(double x) { return v8{x, x, x, x, x, x, x, x}; }

// 1/d: on AVX-512 the 14-bit estimate and two Newton steps (≤ 2 ulp; a division costs ~16 cycles
// per vector on Skylake, this ~6 FMA-port operations), else a division.
inline v8 recip_v(v8 d) {
#if defined(__AVX512F__)
  __m512d dv;
  std::memcpy(&dv, &d, sizeof dv);
  const __m512d y0 = _mm512_rcp14_pd(dv);
  v8 y;
  std::memcpy(&y, &y0, sizeof y);
  const v8 one = splat(1.0);
  y = y + y * (one - d * y);
  y = y + y * (one - d * y);
  return y;
#else
  return 1.0 / d;
#endif
}

// exp(x) for x in [-700, 700] (callers clamp): x = n ln2 + r, |r| ≤ ln2/2, Taylor to r^13
// (truncation < 1e-17 relative), times 2^n built in the exponent bits.
inline v8 exp_v(v8 x) {
  const v8 magic = splat(6755399441055744.0);  // 1.5·2^52: adding it rounds to an integer
  const v8 t = x * splat(1.4426950408889634) + magic;
  const v8 n = t - magic;
  v8 r = x - n * splat(6.93145751953125E-1);
  r = r - n * splat(1.42860682030941723212E-6);
  v8 p = splat(1.0 / 6227020800.0);
  p = p * r + splat(1.0 / 479001600.0);
  p = p * r + splat(1.0 / 39916800.0);
  p = p * r + splat(1.0 / 3628800.0);
  p = p * r + splat(1.0 / 362880.0);
  p = p * r + splat(1.0 / 40320.0);
  p = p * r + splat(1.0 / 5040.0);
  p = p * r + splat(1.0 / 720.0);
  p = p * r + splat(1.0 / 120.0);
  p = p * r + splat(1.0 / 24.0);
  p = p * r + splat(1.0 / 6.0);
  p = p * r + splat(0.5);
  p = p * r + splat(1.0);
  p = p * r + splat(1.0);
  const v8l ni = __builtin_convertvector(n, v8l);
  const v8l bits = (ni + 1023) << 52;
  v8 scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// e^y − 1 for y in [0, 40]: y = n ln2 + r, |r| ≤ ln2/2, e^y − 1 = (2^n − 1) + 2^n·expm1(r) with
// expm1(r) = r·P(r), P the Taylor polynomial to r^12 (truncation < 2e-17 relative) evaluated by
// Estrin's scheme (short dependency chains: the row loops keep several vectors in flight). No
// cancellation for small y (n = 0 gives r·P(r) itself).
inline v8 expm1_pos_v(v8 y) {
  const v8 magic = splat(6755399441055744.0);
  const v8 n = (y * splat(1.4426950408889634) + magic) - magic;
  v8 r = y - n * splat(6.93145751953125E-1);
  r = r - n * splat(1.42860682030941723212E-6);
  const v8 r2 = r * r;
  const v8 r4 = r2 * r2;
  const v8 r8 = r4 * r4;
  // P(r) = Σ_{k=0..12} r^k / (k+1)!
  const v8 p01 = splat(1.0) + r * splat(1.0 / 2);
  const v8 p23 = splat(1.0 / 6) + r * splat(1.0 / 24);
  const v8 p45 = splat(1.0 / 120) + r * splat(1.0 / 720);
  const v8 p67 = splat(1.0 / 5040) + r * splat(1.0 / 40320);
  const v8 p89 = splat(1.0 / 362880) + r * splat(1.0 / 3628800);
  const v8 p1011 = splat(1.0 / 39916800) + r * splat(1.0 / 479001600);
  const v8 p12 = splat(1.0 / 6227020800.0);
  const v8 p03 = p01 + r2 * p23;
  const v8 p47 = p45 + r2 * p67;
  const v8 p811 = p89 + r2 * p1011;
  const v8 p07 = p03 + r4 * p47;
  const v8 p812 = p811 + r4 * p12;
  const v8 em1 = r * (p07 + r8 * p812);
  const v8l ni = __builtin_convertvector(n, v8l);
  const v8l bits = (ni + 1023) << 52;
  v8 two_n;
  std::memcpy(&two_n, &bits, sizeof two_n);
  return (two_n - 1.0) + two_n * em1;
}

// tanh(x) = sign(x)·e/(e + 2), e = expm1(2|x|); |x| clamped at 20 (tanh = 1 in float64 beyond).
// NaN and ±0 pass through.
inline v8 tanh_v(v8 x) {
  const v8 neg = x < 0 ? splat(-1.0) : splat(1.0);
  v8 ax = x * neg;
  ax = ax < 20.0 ? ax : splat(20.0);
  const v8 e = expm1_pos_v(ax + ax);
  const v8 t = neg * (e * recip_v(e + 2.0));
  return (x == x) & (x != 0.0) ? t : x;  // NaN, and ±0 with its sign
}

// 1/(1 + e^{−x}), as the JS `sigmoid`.
inline v8 sigmoid_v(v8 x) {
  v8 m = -x;
  m = m < 700.0 ? m : splat(700.0);
  m = m > -700.0 ? m : splat(-700.0);
  const v8 r = recip_v(1.0 + exp_v(m));
  return x == x ? r : x;
}

template <class F>
inline void map_array(const double* in, double* out, int n, F f) {
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    v8 v;
    std::memcpy(&v, in + i, sizeof v);
    v = f(v);
    std::memcpy(out + i, &v, sizeof v);
  }
  if (i < n) {
    double tmp[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(tmp, in + i, (n - i) * sizeof(double));
    v8 v;
    std::memcpy(&v, tmp, sizeof v);
    v = f(v);
    std::memcpy(tmp, &v, sizeof v);
    std::memcpy(out + i, tmp, (n - i) * sizeof(double));
  }
}

void tanh_array(const double* in, double* out, int n) { map_array(in, out, n, tanh_v); }
void sigmoid_array(const double* in, double* out, int n) { map_array(in, out, n, sigmoid_v); }

inline double sum_sq(const double* a, int n) {
  double s = 0;
#pragma omp simd reduction(+ : s)
  for (int i = 0; i < n; i++) s += a[i] * a[i];
  return s;
}

// Adam step on n values (TF form: x −= step·m / (√v + ε)). On AVX-512, √v = v·rsqrt(v) and the
// division go through 14-bit estimates and Newton steps (a few ulp from the JS loop's; sqrt and
// div cost ~40 cycles per vector on Skylake, more than the rest of the step).
void adam_rows(double* x, double* m, double* v, const double* g, int n, double scale, double step, double b1, double b2, double eps) {
  int i = 0;
#if defined(__AVX512F__)
  const __m512d vs = _mm512_set1_pd(scale), vb1 = _mm512_set1_pd(b1), vb2 = _mm512_set1_pd(b2), vc1 = _mm512_set1_pd(1 - b1),
                vc2 = _mm512_set1_pd(1 - b2), vst = _mm512_set1_pd(step), veps = _mm512_set1_pd(eps), one = _mm512_set1_pd(1.0),
                half = _mm512_set1_pd(0.5), three = _mm512_set1_pd(3.0), zero = _mm512_setzero_pd(),
                inf = _mm512_set1_pd(INFINITY);
  for (; i + 8 <= n; i += 8) {
    const __m512d gi = _mm512_mul_pd(_mm512_loadu_pd(g + i), vs);
    const __m512d mi = _mm512_fmadd_pd(vb1, _mm512_loadu_pd(m + i), _mm512_mul_pd(vc1, gi));
    const __m512d vi = _mm512_fmadd_pd(vb2, _mm512_loadu_pd(v + i), _mm512_mul_pd(_mm512_mul_pd(vc2, gi), gi));
    _mm512_storeu_pd(m + i, mi);
    _mm512_storeu_pd(v + i, vi);
    // r ≈ 1/√v: y ← y·(3 − v·y²)/2, twice
    __m512d y = _mm512_rsqrt14_pd(vi);
    y = _mm512_mul_pd(_mm512_mul_pd(half, y), _mm512_fnmadd_pd(_mm512_mul_pd(vi, y), y, three));
    y = _mm512_mul_pd(_mm512_mul_pd(half, y), _mm512_fnmadd_pd(_mm512_mul_pd(vi, y), y, three));
    __m512d sq = _mm512_mul_pd(vi, y);
    // √0 = 0 (v·rsqrt(v) = 0·∞) and √∞ = ∞; both exactly as std::sqrt
    const __mmask8 special = _mm512_cmp_pd_mask(vi, zero, _CMP_EQ_OQ) | _mm512_cmp_pd_mask(vi, inf, _CMP_EQ_OQ);
    sq = _mm512_mask_mov_pd(sq, special, vi);
    const __m512d den = _mm512_add_pd(sq, veps);
    __m512d z = _mm512_rcp14_pd(den);
    z = _mm512_fmadd_pd(z, _mm512_fnmadd_pd(den, z, one), z);
    z = _mm512_fmadd_pd(z, _mm512_fnmadd_pd(den, z, one), z);
    _mm512_storeu_pd(x + i, _mm512_fnmadd_pd(_mm512_mul_pd(vst, mi), z, _mm512_loadu_pd(x + i)));
  }
#endif
  for (; i < n; i++) {
    const double gi = g[i] * scale;
    const double mi = b1 * m[i] + (1 - b1) * gi;
    const double vi = b2 * v[i] + (1 - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    x[i] -= (step * mi) / (std::sqrt(vi) + eps);
  }
}

inline double hsum(v8 v) {
  double t[8];
  std::memcpy(t, &v, sizeof t);
  return ((t[0] + t[1]) + (t[2] + t[3])) + ((t[4] + t[5]) + (t[6] + t[7]));
}

inline v8 load(const double* p) {
  v8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline void store(double* p, v8 v) { std::memcpy(p, &v, sizeof v); }

// Vanilla rows (SS a multiple of 8): f = φ(a + drive), r = f − x, δ = φ'·r, q = ½‖r‖².
template <FpPhi P>
void vanilla_rows(const double* a, const double* drive, int ds, const double* x, int SS, int R, double* r, double* d, double* q) {
  for (int k = 0; k < R; k++) {
    const double* ak = a + k * SS;
    const double* dk = drive + k * ds;
    const double* xk = x + k * SS;
    double* rk = r + k * SS;
    double* dd = d + k * SS;
    v8 acc = splat(0.0);
    for (int i = 0; i < SS; i += 8) {
      const v8 pre = load(ak + i) + load(dk + i);
      v8 f, dphi;
      if (P == FpPhi::Tanh) {
        f = tanh_v(pre);
        dphi = 1.0 - f * f;
      } else if (P == FpPhi::Relu) {
        f = pre > 0.0 ? pre : splat(0.0);
        dphi = pre > 0.0 ? splat(1.0) : splat(0.0);
      } else {
        f = pre;
        dphi = splat(1.0);
      }
      const v8 ri = f - load(xk + i);
      store(rk + i, ri);
      store(dd + i, dphi * ri);
      acc += ri * ri;
    }
    q[k] = 0.5 * hsum(acc);
  }
}

// g −= r over n (a multiple of 8) values; returns ‖g‖².
inline double sub_sum_sq(double* g, const double* r, int n) {
  v8 acc = splat(0.0);
  for (int i = 0; i < n; i += 8) {
    const v8 gi = load(g + i) - load(r + i);
    store(g + i, gi);
    acc += gi * gi;
  }
  return hsum(acc);
}

#ifndef FP_ROWS_PER_BLOCK
#define FP_ROWS_PER_BLOCK 24
#endif
constexpr int RB = FP_ROWS_PER_BLOCK;  // rows per block: a multiple of the GEMM micro-kernel's 8 rows; block data stays in L1/L2

struct Net {
  FpArch arch;
  FpPhi phi;
  int N, S, D;
  int SS;  // row stride of the state arrays: N rounded up to 8 for vanilla nets, else S
  std::vector<double> WT;  // W_hhᵀ [N, D] packed: pre-activations = h · W_hhᵀ
  std::vector<double> W;   // W_hh [D, N] packed: gradient = δ · W_hh
  const double* bhhn;      // GRU: b_hn [N]
};

struct Scratch {
  std::vector<double> a, b, c, d;
  explicit Scratch(const Net& n) {
    const size_t sz = static_cast<size_t>(RB) * std::max(std::max(n.D, n.S), n.SS);
    a.resize(sz);
    b.resize(sz);
    c.resize(sz);
    d.resize(sz);
  }
};

// q and ∇q for R rows (x [R,S], drive rows ds apart: D, or 0 when every point has the same drive)
// into q [R], g [R,S], gsq [R] = ‖g_row‖².
void qgrad_block(const Net& net, const double* x, const double* drive, int ds, int R, double* q, double* g, double* gsq, Scratch& sc) {
  const int N = net.N, S = net.S, D = net.D;
  switch (net.arch) {
    case FpArch::Vanilla: {
      // Rows are SS = N rounded up to 8 apart, zero-padded (see fp_optimise), so every row is whole
      // vectors; padding stays 0 through every step.
      const int SS = net.SS;
      double* a = sc.a.data();
      double* d = sc.b.data();
      double* r = sc.c.data();
      gemm_packed(x, SS, net.WT.data(), a, SS, R, N, N, false);
      if (net.phi == FpPhi::Tanh) vanilla_rows<FpPhi::Tanh>(a, drive, ds, x, SS, R, r, d, q);
      else if (net.phi == FpPhi::Relu) vanilla_rows<FpPhi::Relu>(a, drive, ds, x, SS, R, r, d, q);
      else vanilla_rows<FpPhi::Identity>(a, drive, ds, x, SS, R, r, d, q);
      gemm_packed(d, SS, net.W.data(), g, SS, R, N, N, false);
      for (int k = 0; k < R; k++) gsq[k] = sub_sum_sq(g + k * SS, r + k * SS, SS);
      break;
    }
    case FpArch::Leaky: {
      double* p = sc.a.data();
      double* dp = sc.b.data();
      double* r = sc.c.data();
      double* t = sc.d.data();
      const int n = R * N;
      if (net.phi == FpPhi::Tanh) {
        tanh_array(x, p, n);
#pragma omp simd
        for (int i = 0; i < n; i++) dp[i] = 1 - p[i] * p[i];
      } else {
        std::memcpy(p, x, sizeof(double) * n);
        std::fill(dp, dp + n, 1.0);
      }
      for (int k = 0; k < R; k++) {
        const double* dk = drive + k * ds;
        const double* xk = x + k * N;
        double* rk = r + k * N;
#pragma omp simd
        for (int i = 0; i < N; i++) rk[i] = dk[i] - xk[i];
      }
      gemm_packed(p, N, net.WT.data(), r, N, R, N, N, true);
      for (int k = 0; k < R; k++) q[k] = 0.5 * sum_sq(r + k * N, N);
      gemm_packed(r, N, net.W.data(), t, N, R, N, N, false);
#pragma omp simd
      for (int i = 0; i < n; i++) g[i] = dp[i] * t[i] - r[i];
      for (int k = 0; k < R; k++) gsq[k] = sum_sq(g + k * N, N);
      break;
    }
    case FpArch::Gru: {
      double* gh = sc.a.data();   // W_hh h [R, 3N]
      double* sg = sc.b.data();   // σ(r, z) pre-activations → gates, and tanh argument
      double* dgh = sc.c.data();  // δ [R, 3N]
      const double* bn = net.bhhn;
      gemm_packed(x, N, net.WT.data(), gh, D, R, N, D, false);
      for (int k = 0; k < R; k++) {
        const double* dk = drive + k * ds;
        const double* gk = gh + k * D;
        double* sk = sg + k * D;
#pragma omp simd
        for (int i = 0; i < 2 * N; i++) sk[i] = dk[i] + gk[i];
      }
      // σ over the r and z blocks of every row (rows are D apart; do the whole [R, 2N] slab row by row)
      for (int k = 0; k < R; k++) sigmoid_array(sg + k * D, sg + k * D, 2 * N);
      for (int k = 0; k < R; k++) {
        const double* dk = drive + k * ds;
        const double* gk = gh + k * D;
        double* sk = sg + k * D;
#pragma omp simd
        for (int i = 0; i < N; i++) sk[2 * N + i] = dk[2 * N + i] + sk[i] * (gk[2 * N + i] + bn[i]);
        tanh_array(sk + 2 * N, sk + 2 * N, N);
      }
      for (int k = 0; k < R; k++) {
        const double* gk = gh + k * D;
        const double* sk = sg + k * D;
        const double* xk = x + k * N;
        double* dk = dgh + k * D;
        double* grk = g + k * N;
        double s = 0;
#pragma omp simd reduction(+ : s)
        for (int i = 0; i < N; i++) {
          const double r = sk[i];
          const double z = sk[N + i];
          const double n = sk[2 * N + i];
          const double ghn = gk[2 * N + i] + bn[i];
          const double h = xk[i];
          const double v = (1 - z) * n + z * h - h;
          s += v * v;
          const double dan = v * (1 - z) * (1 - n * n);
          dk[i] = dan * ghn * r * (1 - r);
          dk[N + i] = v * (h - n) * z * (1 - z);
          dk[2 * N + i] = dan * r;
          grk[i] = v * z - v;
        }
        q[k] = 0.5 * s;
      }
      gemm_packed(dgh, D, net.W.data(), g, N, R, D, N, true);
      for (int k = 0; k < R; k++) gsq[k] = sum_sq(g + k * N, N);
      break;
    }
    case FpArch::Lstm: {
      double* a = sc.a.data();   // pre-activations [R, 4N] → gate values
      double* da = sc.b.data();  // δ [R, 4N]
      for (int k = 0; k < R; k++) std::memcpy(a + k * D, drive + k * ds, sizeof(double) * D);
      gemm_packed(x, S, net.WT.data(), a, D, R, N, D, true);  // h is the first N of each [h, c] row
      for (int k = 0; k < R; k++) {
        double* ak = a + k * D;
        sigmoid_array(ak, ak, 2 * N);
        tanh_array(ak + 2 * N, ak + 2 * N, N);
        sigmoid_array(ak + 3 * N, ak + 3 * N, N);
      }
      double* tcb = sc.c.data();  // c' then tanh(c') [R, N]
      for (int k = 0; k < R; k++) {
        const double* ak = a + k * D;
        const double* ck = x + k * S + N;
        double* tk = tcb + k * N;
#pragma omp simd
        for (int j = 0; j < N; j++) tk[j] = ak[N + j] * ck[j] + ak[j] * ak[2 * N + j];
      }
      double* c2b = sc.d.data();
      std::memcpy(c2b, tcb, sizeof(double) * R * N);
      tanh_array(tcb, tcb, R * N);
      for (int k = 0; k < R; k++) {
        const double* ak = a + k * D;
        const double* xk = x + k * S;
        const double* tk = tcb + k * N;
        const double* c2k = c2b + k * N;
        double* dk = da + k * D;
        double* gk = g + k * S;
        double s = 0;
#pragma omp simd reduction(+ : s)
        for (int j = 0; j < N; j++) {
          const double ig = ak[j], fg = ak[N + j], gg = ak[2 * N + j], og = ak[3 * N + j];
          const double c = xk[N + j];
          const double c2 = c2k[j];
          const double tc = tk[j];
          const double vh = og * tc - xk[j];
          const double vc = c2 - c;
          s += vh * vh + vc * vc;
          const double dc = vh * og * (1 - tc * tc) + vc;
          dk[j] = dc * gg * ig * (1 - ig);
          dk[N + j] = dc * c * fg * (1 - fg);
          dk[2 * N + j] = dc * ig * (1 - gg * gg);
          dk[3 * N + j] = vh * tc * og * (1 - og);
          gk[N + j] = dc * fg - vc;
          gk[j] = -vh;
        }
        q[k] = 0.5 * s;
      }
      gemm_packed(da, D, net.W.data(), g, S, R, D, N, true);
      for (int k = 0; k < R; k++) gsq[k] = sum_sq(g + k * S, S);
      break;
    }
  }
}

// Workers for the block passes. Blocks are claimed one at a time, so the caller never waits for a
// worker that has not been scheduled yet (on a loaded 2-core machine that can take a whole time
// slice): it processes whatever is left itself and waits only for blocks a worker has claimed.
// The caller claims from the front and workers from the back, so with steady timing each thread
// gets the same rows every pass and they stay in its L2. The state word packs epoch (20 bits) |
// parts (4) | front (20) | back (20); a claim is a CAS on it, so a late worker cannot take a block
// of a newer pass.
class BlockPool {
 public:
  static BlockPool& get() {
    static BlockPool* pool = new BlockPool();  // never destroyed: workers may sleep in a wait
    return *pool;
  }

  // Runs f(block, slot) for block = 0..nblocks−1 over at most `parts` threads; slot < parts.
  void run(int nblocks, int parts, const std::function<void(int, int)>& f) {
    // One pass at a time (e.g. searches started from several Node worker threads): others run
    // their blocks on their own thread.
    std::unique_lock<std::mutex> busy(run_mu_, std::try_to_lock);
    if (!busy.owns_lock()) {
      for (int b = 0; b < nblocks; b++) f(b, 0);
      return;
    }
    parts = std::min(parts, 15);
    ensure(parts - 1);
    f_ = &f;
    done_.store(0, std::memory_order_relaxed);
    epoch_ = (epoch_ + 1) & 0xFFFFF;
    state_.store(pack(epoch_, parts, 0, nblocks), std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      std::lock_guard<std::mutex> lk(mu_);
      cv_.notify_all();
    }
    const int mine = work(0, epoch_);
    int spins = 0;
    while (done_.load(std::memory_order_acquire) + mine < nblocks) {
      if (++spins < 4000) {
        pause();
      } else {
        std::this_thread::yield();
      }
    }
  }

 private:
  static uint64_t pack(uint64_t epoch, uint64_t parts, uint64_t front, uint64_t back) {
    return (epoch << 44) | (parts << 40) | (front << 20) | back;
  }
  static void pause() {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
  }

  // Claims and runs blocks of pass `epoch` until none is left; returns how many it ran.
  int work(int slot, uint64_t epoch) {
    int ran = 0;
    for (;;) {
      uint64_t s = state_.load(std::memory_order_acquire);
      const uint64_t ep = s >> 44, parts = (s >> 40) & 0xF, front = (s >> 20) & 0xFFFFF, back = s & 0xFFFFF;
      if (ep != epoch || front >= back || static_cast<uint64_t>(slot) >= parts) break;
      const uint64_t claimed = slot == 0 ? s + (uint64_t{1} << 20) : s - 1;
      if (!state_.compare_exchange_weak(s, claimed, std::memory_order_acq_rel)) continue;
      // The caller waits for this block, so f_ stays valid until done_ counts it.
      (*f_)(static_cast<int>(slot == 0 ? front : back - 1), slot);
      ran++;
      if (slot != 0) done_.fetch_add(1, std::memory_order_acq_rel);
    }
    return ran;
  }

  void ensure(int workers) {
    while (static_cast<int>(threads_.size()) < workers) {
      const int slot = static_cast<int>(threads_.size()) + 1;
      threads_.emplace_back([this, slot] { loop(slot); });
      threads_.back().detach();
    }
  }

  void loop(int slot) {
    uint64_t seen = state_.load(std::memory_order_acquire) >> 44;
    int idle = 0;
    for (;;) {
      const uint64_t ep = state_.load(std::memory_order_acquire) >> 44;
      if (ep != seen) {
        seen = ep;
        work(slot, ep);
        idle = 0;
        continue;
      }
      // Spin through the short serial step between passes, then back off, then sleep.
      if (++idle < 20000) {
        pause();
      } else if (idle < 40000) {
        std::this_thread::yield();
      } else {
        std::unique_lock<std::mutex> lk(mu_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        cv_.wait_for(lk, std::chrono::milliseconds(5),
                     [&] { return (state_.load(std::memory_order_acquire) >> 44) != seen; });
        sleepers_.fetch_sub(1, std::memory_order_acq_rel);
        idle = 0;
      }
    }
  }

  std::atomic<uint64_t> state_{0};
  std::atomic<int> done_{0};
  std::atomic<int> sleepers_{0};
  const std::function<void(int, int)>* f_ = nullptr;
  uint64_t epoch_ = 0;
  std::mutex mu_;
  std::mutex run_mu_;
  std::condition_variable cv_;
  std::vector<std::thread> threads_;
};

}  // namespace

void fp_tanh(const double* in, double* out, int n) { tanh_array(in, out, n); }

bool fp_optimise(const FpProblem& pb, const FpOptions& o, const FpProgress& progress, FpResult& res) {
  Net net;
  net.arch = pb.arch;
  net.phi = pb.phi;
  net.N = pb.N;
  net.S = pb.S;
  net.D = pb.D;
  net.bhhn = pb.bhhn;
  net.SS = pb.arch == FpArch::Vanilla ? (pb.N + 7) / 8 * 8 : pb.S;
  {
    std::vector<double> wt(static_cast<size_t>(pb.N) * pb.D);
    for (int i = 0; i < pb.D; i++)
      for (int j = 0; j < pb.N; j++) wt[static_cast<size_t>(j) * pb.D + i] = pb.Whh[static_cast<size_t>(i) * pb.N + j];
    pack_b(wt.data(), pb.N, pb.D, net.WT);
    pack_b(pb.Whh, pb.D, pb.N, net.W);
  }
  const int K = pb.K, S = pb.S, D = pb.D;
  double* x = pb.x;
  res.itersRun = 0;
  res.finalLr = o.lrInit;
  if (K == 0) return true;

  int Ka = K;
  std::vector<int> act(K);
  for (int k = 0; k < K; k++) act[k] = k;
  // State rows SS apart (zero padding for vanilla nets, whose row kernels then need no tails).
  const int SS = net.SS;
  const int DS = pb.arch == FpArch::Vanilla ? SS : D;
  std::vector<double> xa(static_cast<size_t>(K) * SS, 0.0);
  for (int k = 0; k < K; k++) std::memcpy(xa.data() + static_cast<size_t>(k) * SS, x + static_cast<size_t>(k) * S, sizeof(double) * S);
  // One shared drive row (the usual case: every point at the same input) keeps the working set
  // smaller by a fifth; then compaction need not move drive rows.
  bool shared = true;
  for (int k = 1; k < K && shared; k++) shared = std::memcmp(pb.drive, pb.drive + static_cast<size_t>(k) * D, sizeof(double) * D) == 0;
  const int ds = shared ? 0 : DS;
  std::vector<double> da(static_cast<size_t>(shared ? 1 : K) * DS, 0.0);
  for (int k = 0; k < (shared ? 1 : K); k++)
    std::memcpy(da.data() + static_cast<size_t>(k) * DS, pb.drive + static_cast<size_t>(k) * D, sizeof(double) * D);
  std::vector<double> m(static_cast<size_t>(K) * SS, 0.0), v(static_cast<size_t>(K) * SS, 0.0), g(static_cast<size_t>(K) * SS, 0.0);
  std::vector<double> q(K), gsq(K), qPrev(K, INFINITY);

  const int threads = std::max(1, std::min(o.threads, (K + RB - 1) / RB));
  std::vector<Scratch> scratch;
  for (int t = 0; t < threads; t++) scratch.emplace_back(net);

  double lr = o.lrInit;
  std::vector<double> lossHist;
  int lastLrChange = 0;
  std::vector<double> normHist;
  std::vector<double> sorted;
  double frozenSum = 0;
  double b1t = 1, b2t = 1;
  const double b1 = o.beta1, b2 = o.beta2, eps = o.adamEps;
  // Adam step pending from the previous iteration (applied at the start of the next parallel pass).
  bool pending = false;
  double scale = 1, step = 0;

  // One block of RB rows: the pending Adam step, then q and ∇q there.
  std::function<void(int, int)> block = [&](int b, int slot) {
    const int a = b * RB;
    const int R = std::min(RB, Ka - a);
    double* xb = xa.data() + static_cast<size_t>(a) * SS;
    if (pending) {
      double* mb = m.data() + static_cast<size_t>(a) * SS;
      double* vb = v.data() + static_cast<size_t>(a) * SS;
      const double* gb = g.data() + static_cast<size_t>(a) * SS;
      adam_rows(xb, mb, vb, gb, R * SS, scale, step, b1, b2, eps);
    }
    qgrad_block(net, xb, da.data() + static_cast<size_t>(a) * ds, ds, R, q.data() + a, g.data() + static_cast<size_t>(a) * SS,
                gsq.data() + a, scratch[slot]);
  };
  // Threads or not, chosen by measurement: on a loaded machine a worker can be preempted holding a
  // block, and the whole pass waits for it (measured: 2 threads slower than 1 at load 4 on 2
  // cores). Seconds per row are tracked for both modes (moving averages), the faster is used, and
  // the other is re-tried every 64 passes. Results do not depend on the mode.
  double secPerRow[2] = {0, 0};
  int passes = 0;
  auto run_pass = [&]() {
    const int nblocks = (Ka + RB - 1) / RB;
    // Below ~1M multiply-adds per pass the thread hand-off costs more than it saves.
    const double madds = 2.0 * Ka * static_cast<double>(net.N) * D;
    const int parts = madds < 1e6 ? 1 : std::min(threads, nblocks);
    if (parts <= 1) {
      for (int b = 0; b < nblocks; b++) block(b, 0);
    } else {
      const int n = passes++;
      int mode;
      if (n < 6) mode = 1 - n % 2;  // parallel first, then alternate for first estimates
      else {
        mode = secPerRow[1] <= secPerRow[0] ? 1 : 0;
        if (n % 64 == 0) mode = 1 - mode;
      }
      const auto t0 = std::chrono::steady_clock::now();
      if (mode == 1) {
        BlockPool::get().run(nblocks, parts, block);
      } else {
        for (int b = 0; b < nblocks; b++) block(b, 0);
      }
      const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / Ka;
      secPerRow[mode] = secPerRow[mode] == 0 ? sec : 0.75 * secPerRow[mode] + 0.25 * sec;
    }
    pending = false;
  };

  int it;
  for (it = 1; it <= o.maxIters; it++) {
    run_pass();

    // Per-point stopping: stopped rows leave the working set with their current x.
    int nStop = 0;
    double activeSum = 0;
    for (int a = 0; a < Ka; a++) {
      const double qa = q[a];
      const bool fin = std::isfinite(qa);
      const bool stop = !fin || qa < o.tolQ || std::fabs(qa - qPrev[a]) < o.tolDq * lr;
      if (stop) {
        const int k = act[a];
        std::memcpy(x + static_cast<size_t>(k) * S, xa.data() + static_cast<size_t>(a) * SS, sizeof(double) * S);
        res.q[k] = qa;
        res.iters[k] = it - 1;
        res.converged[k] = fin ? 1 : 0;
        if (fin) frozenSum += qa;
        act[a] = -1;
        nStop++;
      } else {
        activeSum += qa;
      }
    }
    if (nStop > 0) {
      int w = 0;
      for (int a = 0; a < Ka; a++) {
        if (act[a] < 0) continue;
        if (w != a) {
          act[w] = act[a];
          const size_t so = static_cast<size_t>(a) * SS, sw = static_cast<size_t>(w) * SS;
          std::memmove(xa.data() + sw, xa.data() + so, sizeof(double) * SS);
          std::memmove(m.data() + sw, m.data() + so, sizeof(double) * SS);
          std::memmove(v.data() + sw, v.data() + so, sizeof(double) * SS);
          std::memmove(g.data() + sw, g.data() + so, sizeof(double) * SS);
          if (!shared) std::memmove(da.data() + static_cast<size_t>(w) * DS, da.data() + static_cast<size_t>(a) * DS, sizeof(double) * DS);
          q[w] = q[a];
          gsq[w] = gsq[a];
        }
        w++;
      }
      Ka = w;
      if (Ka == 0) break;
    }
    for (int a = 0; a < Ka; a++) qPrev[a] = q[a];
    const double meanQ = (activeSum + frozenSum) / K;

    // Global gradient norm, clipped at a quantile of the recent norms.
    double sq = 0;
    for (int a = 0; a < Ka; a++) sq += gsq[a];
    const double norm = std::sqrt(sq) / K;
    double clip = o.clipInit;
    if (!normHist.empty()) {
      sorted.assign(normHist.begin(), normHist.end());
      // TypedArray sort order: numbers ascending, NaN last.
      std::sort(sorted.begin(), sorted.end(), [](double p, double r) {
        if (std::isnan(p)) return false;
        if (std::isnan(r)) return true;
        return p < r;
      });
      const int len = static_cast<int>(sorted.size());
      const int idx = std::min(len - 1, static_cast<int>(std::floor(o.clipQuantile * (len - 1) + 0.5)));
      clip = sorted[idx];
    }
    normHist.push_back(norm);
    if (static_cast<int>(normHist.size()) > o.clipWindow) normHist.erase(normHist.begin());
    scale = (norm > clip && norm > 0 ? clip / norm : 1) / K;

    b1t *= b1;
    b2t *= b2;
    step = (lr * std::sqrt(1 - b2t)) / (1 - b1t);
    pending = true;

    // Adaptive learning rate (FixedPointFinder TF rule), from the loss before this step.
    lossHist.push_back(meanQ);
    if (static_cast<int>(lossHist.size()) > o.lrPatience + 1) lossHist.erase(lossHist.begin());
    if (o.adaptiveLr && static_cast<int>(lossHist.size()) == o.lrPatience + 1) {
      const double newest = lossHist.back();
      bool worseThanAll = true, monotone = true;
      for (size_t i = 0; i + 1 < lossHist.size(); i++) {
        if (!(newest > lossHist[i])) worseThanAll = false;
        if (!(lossHist[i + 1] < lossHist[i])) monotone = false;
      }
      if (worseThanAll) {
        lr *= o.lrDecreaseFactor;
        lastLrChange = it;
      } else if (monotone && it - lastLrChange >= o.lrMinStepsPerIncrease) {
        lr /= o.lrDecreaseFactor;
        lastLrChange = it;
      }
    }
    if (progress && o.progressEvery > 0 && it % o.progressEvery == 0) {
      if (!progress(it, Ka, meanQ, lr)) return false;
    }
  }
  const int itersRun = std::min(it, o.maxIters);
  if (Ka > 0) {
    run_pass();  // applies the last pending step and evaluates q there
    for (int a = 0; a < Ka; a++) {
      const int k = act[a];
      std::memcpy(x + static_cast<size_t>(k) * S, xa.data() + static_cast<size_t>(a) * SS, sizeof(double) * S);
      res.q[k] = q[a];
      res.iters[k] = itersRun;
    }
  }
  res.itersRun = itersRun;
  res.finalLr = lr;
  return true;
}

}  // namespace rnnatlas
