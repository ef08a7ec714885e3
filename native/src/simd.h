// SIMD layer of the training kernel: a vector `vf` of VW float lanes, an explicit fused multiply-add,
// the project's own exp/tanh/sigmoid and a register-blocked GEMM.
//
// Same bits on every ISA. Lanes are independent columns, so the vector width only decides how many
// columns are computed at once; what fixes the numbers is:
//   - every multiply-accumulate is vfma (one rounding: _mm512/_mm256_fmadd_ps, vfmaq_f32, or a
//     correctly rounded scalar std::fma per lane where the ISA has no FMA), everything else is a
//     plain IEEE +, −, ×, ÷, and the build uses -ffp-contract=off so the compiler adds no fusing of
//     its own (see binding.gyp);
//   - the GEMM accumulates each output element over k = 0..K-1 in order, whatever the register tile;
//   - no reduction runs across the lanes of a vector (a dot product is a GEMM with one output column).
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <algorithm>

#if defined(RNN_SIMD_EMULATE_VW)
// Test builds only (selftest.cpp): the generic code with another ISA's width and register tiles,
// e.g. -DRNN_SIMD_EMULATE_VW=16 lays out and tiles like AVX-512 on a machine without it.
#define RNN_SIMD_NAME "emulated"
#define RNN_SIMD_SOFT_FMA 1
constexpr int VW = RNN_SIMD_EMULATE_VW;
#if RNN_SIMD_EMULATE_VW == 16
#define RNN_SIMD_32_REGS 1
#endif
#elif defined(__AVX512F__)
#include <immintrin.h>
#define RNN_SIMD_NAME "avx512"
#define RNN_SIMD_32_REGS 1
constexpr int VW = 16;
#elif defined(__AVX__) && defined(__FMA__)
#include <immintrin.h>
#define RNN_SIMD_NAME "avx2"
constexpr int VW = 8;
#elif defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#define RNN_SIMD_NAME "neon"
#define RNN_SIMD_32_REGS 1
constexpr int VW = 4;
#else
// Baseline x86-64 (SSE2), AVX without FMA, other targets: 4 lanes, software FMA (same results, slower).
#define RNN_SIMD_NAME "generic"
#define RNN_SIMD_SOFT_FMA 1
constexpr int VW = 4;
#endif

typedef float vf __attribute__((vector_size(VW * 4)));
typedef int32_t vi __attribute__((vector_size(VW * 4)));

static inline vf ld(const float* p) { vf v; std::memcpy(&v, p, sizeof v); return v; }
static inline void st(float* p, vf v) { std::memcpy(p, &v, sizeof v); }
// Broadcast. Not `vf{} + s`: without -ffast-math that is a real addition of +0 (which turns −0 into +0)
// and GCC keeps it in the GEMM's inner loop; s − 0 is exact for every s and folds away.
static inline vf splat(float s) {
#if defined(RNN_SIMD_SOFT_FMA)
  return s - vf{};
#elif defined(__AVX512F__)
  return (vf)_mm512_set1_ps(s);
#elif defined(__AVX__)
  return (vf)_mm256_set1_ps(s);
#else
  return (vf)vdupq_n_f32(s);
#endif
}

// a·b + c with a single rounding.
static inline vf vfma(vf a, vf b, vf c) {
#if defined(RNN_SIMD_SOFT_FMA)
  vf r;
  for (int i = 0; i < VW; i++) r[i] = std::fma(a[i], b[i], c[i]);
  return r;
#elif defined(__AVX512F__)
  return (vf)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c);
#elif defined(__AVX__) && defined(__FMA__)
  return (vf)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
#elif defined(__aarch64__) && defined(__ARM_NEON)
  return (vf)vfmaq_f32((float32x4_t)c, (float32x4_t)a, (float32x4_t)b);
#endif
}

// exp with ~1e-7 relative error on [-87, 88] (clamped outside); NaN in gives NaN out.
// Round-to-nearest k = x·log2(e), r = x − k·ln2 (two-part ln2), degree-6 Taylor series, 2^k via the exponent.
static inline vf vexp(vf x) {
  x = x < splat(-87.f) ? splat(-87.f) : x;
  x = x > splat(88.f) ? splat(88.f) : x;
  vf t = x * 1.44269504088896341f + 0.5f;
  vf tf = __builtin_convertvector(__builtin_convertvector(t, vi), vf);
  tf = tf > t ? tf - 1.f : tf;  // floor(t)
  vf r = x - tf * 0.693145751953125f - tf * 1.428606765330187e-6f;
  vf p = 1.f + r * (1.f + r * (0.5f + r * (1.f / 6 + r * (1.f / 24 + r * (1.f / 120 + r * (1.f / 720))))));
  vi bits = (__builtin_convertvector(tf, vi) + 127) << 23;
  vf scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// tanh(x) = sign(x) · (−m) / (2 + m) with m = expm1(−2|x|): one polynomial, relative accuracy kept
// near 0 (m ≈ −2|x| has no cancellation). expm1(y) = 2^k·q + (2^k − 1) with k = round(y·log2 e),
// q = expm1(y − k·ln2) by its Taylor series (degree 7 on |r| ≤ ln2/2), 2^k − 1 exact in float.
static inline vf vtanh(vf x) {
  vi xb;
  std::memcpy(&xb, &x, sizeof xb);
  vi ab = xb & 0x7fffffff;
  vf ax;
  std::memcpy(&ax, &ab, sizeof ax);
  vf y = -2.f * ax;
  y = y < splat(-40.f) ? splat(-40.f) : y;  // expm1(−40) = −1 in float; keeps 2^k normal
  vf t = y * 1.44269504088896341f - 0.5f;
  vf kf = __builtin_convertvector(__builtin_convertvector(t, vi), vf);  // t ≤ 0: truncation = ceil
  kf = kf > t ? kf - 1.f : kf;  // floor(t)
  kf = kf + 1.f;                 // floor(y·log2 e − 0.5) + 1 = round(y·log2 e)
  vf r = y - kf * 0.693145751953125f - kf * 1.428606765330187e-6f;
  vf q = r + r * r * (0.5f + r * (1.f / 6 + r * (1.f / 24 + r * (1.f / 120 + r * (1.f / 720 + r * (1.f / 5040))))));
  vi bits = (__builtin_convertvector(kf, vi) + 127) << 23;
  vf p2;
  std::memcpy(&p2, &bits, sizeof p2);
  vf m = p2 * q + (p2 - 1.f);
  vf th = -m / (2.f + m);
  vi tb;
  std::memcpy(&tb, &th, sizeof tb);
  tb = (tb & 0x7fffffff) | (xb & (int32_t)0x80000000);  // |tanh| with the sign of x (tanh(±0) = ±0)
  std::memcpy(&th, &tb, sizeof th);
  return th;
}

static inline vf vsigmoid(vf x) { return 1.f / (1.f + vexp(-x)); }

// relu that keeps NaN (a·0 = NaN for NaN/±Inf).
static inline vf vrelu(vf a) { return a > splat(0.f) ? a : a * 0.f; }

// ---- GEMM: C[rows × cols] = init + A·B, cols a multiple of VW (padded layouts).
// A(r,k) = A[r·ar + k·ak] (row-major or transposed A); init: nullptr → 0; ldi = 0 → one row broadcast
// (bias); else a matrix (may be C itself). Each C element is init + Σ_k A(r,k)·B(k,j) accumulated by
// vfma over k = 0..K-1 in order; the tile (R rows × NV vectors) only changes which elements share registers.

// Register tiles per ISA: R·NV accumulators + NV B vectors + 1 broadcast within the vector registers
// (16 on AVX2 and the generic build, 32 on AVX-512 and NEON).
#if defined(RNN_SIMD_32_REGS)
constexpr int kMaxNv = 4;  // 6×4 or 8×3 accumulators
#else
constexpr int kMaxNv = 2;  // 6×2 accumulators
#endif

template <int R, int NV>
static void mk(int K, const float* __restrict A, long ar, long ak, const float* __restrict Bm, long ldb,
               float* C, long ldc, const float* init, long ldi) {
  vf acc[R][NV];
#pragma GCC unroll 8
  for (int r = 0; r < R; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[r][v] = init ? ld(init + r * ldi + v * VW) : vf{};
  for (int k = 0; k < K; k++) {
    const float* b = Bm + (long)k * ldb;
    vf bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) bv[v] = ld(b + v * VW);
    const float* a = A + (long)k * ak;
#pragma GCC unroll 8
    for (int r = 0; r < R; r++) {
      const vf s = splat(a[r * ar]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[r][v] = vfma(s, bv[v], acc[r][v]);
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < R; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) st(C + r * ldc + v * VW, acc[r][v]);
}

typedef void (*MkFn)(int, const float*, long, long, const float*, long, float*, long, const float*, long);

template <int R>
static MkFn mkRow(int nv) {
  switch (nv) {
    case 1: return mk<R, 1>;
    case 2: return mk<R, 2>;
#if defined(RNN_SIMD_32_REGS)
    case 3: return mk<R, 3>;
    case 4: return mk<R, 4>;
#endif
    default: return nullptr;
  }
}

static MkFn mkFor(int r, int nv) {
  switch (r) {
    case 1: return mkRow<1>(nv);
    case 2: return mkRow<2>(nv);
    case 3: return mkRow<3>(nv);
    case 4: return mkRow<4>(nv);
    case 5: return mkRow<5>(nv);
    case 6: return mkRow<6>(nv);
    case 7: return mkRow<7>(nv);
    default: return mkRow<8>(nv);
  }
}

// Column-block width (in vectors) for the remaining `rem` vectors, and the row tile for it: as many
// accumulators as the registers allow (≥ 8 where possible, to cover the FMA latency), never a lone
// narrow block when a wider split exists.
static inline int pickNv(int rem) {
#if defined(RNN_SIMD_32_REGS)
  if (rem % 3 == 0) return 3;
  if (rem % 4 == 0) return 4;
  if (rem % 3 == 1) return rem >= 4 ? 4 : 1;
  return rem == 2 ? 2 : 3;
#else
  return rem >= 2 ? 2 : 1;
#endif
}
static inline int rowsFor(int nv) {
  if (kMaxNv == 4) return nv == 4 ? 6 : 8;
  return nv == 2 ? 6 : 8;
}

static void gemm(int rows, int cols, int K, const float* A, long ar, long ak, const float* Bm, long ldb, float* C,
                 long ldc, const float* init, long ldi) {
  int rem = cols / VW, j = 0;
  while (rem > 0) {
    const int nv = pickNv(rem), R = rowsFor(nv);
    // Row tiles of near-equal height ≤ R (16 rows → 5, 5, 6 rather than 6, 6, 4).
    const int nt = (rows + R - 1) / R;
    for (int t = 0; t < nt; t++) {
      const int i = (int)((long)rows * t / nt), r = (int)((long)rows * (t + 1) / nt) - i;
      mkFor(r, nv)(K, A + (long)i * ar, ar, ak, Bm + j * VW, ldb, C + (long)i * ldc + j * VW, ldc,
                   init ? init + (ldi ? (long)i * ldi : 0) + j * VW : nullptr, ldi);
    }
    j += nv;
    rem -= nv;
  }
}

// gemm with K cut into blocks of kKBlock (C stored and reloaded between blocks, which is exact): the same
// sums in the same order, with the operands of one block kept in L2 for long K (sums over all steps).
constexpr long kKBlock = 128;
static void gemmK(long rows, int cols, long K, const float* A, long ar, long ak, const float* Bm, long ldb, float* C,
                  long ldc, const float* init, long ldi) {
  if (K == 0) {
    gemm((int)rows, cols, 0, A, ar, ak, Bm, ldb, C, ldc, init, ldi);
    return;
  }
  for (long k0 = 0; k0 < K; k0 += kKBlock) {
    const int kb = (int)std::min(kKBlock, K - k0);
    gemm((int)rows, cols, kb, A + k0 * ak, ar, ak, Bm + k0 * ldb, ldb, C, ldc, k0 ? C : init, k0 ? ldc : ldi);
  }
}
