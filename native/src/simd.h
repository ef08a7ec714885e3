// Portable SIMD helpers (GCC/Clang vector extensions) and a register-blocked GEMM micro-kernel.
// Width follows the build machine: 16 lanes with AVX-512, 8 with AVX, else 4.
#pragma once
#include <cstring>
#include <cstdint>
#if defined(__AVX512F__) || defined(__AVX__)
#include <immintrin.h>
#endif

#if defined(__AVX512F__)
constexpr int VW = 16;
constexpr int MAXNV = 4;  // 32 zmm registers: up to 6x4 or 8x3 accumulators
#elif defined(__AVX__)
constexpr int VW = 8;
constexpr int MAXNV = 2;  // 16 ymm registers
#else
constexpr int VW = 4;
constexpr int MAXNV = 2;
#endif

typedef float vf __attribute__((vector_size(VW * 4)));
typedef int32_t vi __attribute__((vector_size(VW * 4)));

static inline vf ld(const float* p) { vf v; std::memcpy(&v, p, sizeof v); return v; }
static inline void st(float* p, vf v) { std::memcpy(p, &v, sizeof v); }
static inline vf splat(float s) { return vf{} + s; }

// 1/d: hardware reciprocal estimate + one Newton step (~1e-8 relative; vdivps is ~5x slower).
static inline vf vrcp(vf d) {
#if defined(__AVX512F__)
  vf r = (vf)_mm512_rcp14_ps((__m512)d);
  return r * (2.f - d * r);
#else
  return 1.f / d;
#endif
}

// exp with ~1e-7 relative error on [-87, 88]; NaN in gives NaN out (no -ffast-math anywhere).
static inline vf vexp(vf x) {
  x = x < splat(-87.f) ? splat(-87.f) : x;
  x = x > splat(88.f) ? splat(88.f) : x;
  vf t = x * 1.44269504088896341f + 0.5f;
  vf tf = __builtin_convertvector(__builtin_convertvector(t, vi), vf);
  tf = tf > t ? tf - 1.f : tf;  // floor(t): round-to-nearest of x·log2(e)
  vf r = x - tf * 0.693145751953125f - tf * 1.428606765330187e-6f;
  vf p = 1.f + r * (1.f + r * (0.5f + r * (1.f / 6 + r * (1.f / 24 + r * (1.f / 120 + r * (1.f / 720))))));
  vi bits = (__builtin_convertvector(tf, vi) + 127) << 23;
  vf scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// tanh: odd Taylor series near 0 (keeps relative accuracy), (1 − e)/(1 + e) with e = exp(−2|x|) elsewhere.
static inline vf vtanh(vf x) {
  vi xb;
  std::memcpy(&xb, &x, sizeof xb);
  vi ab = xb & 0x7fffffff;
  vf ax;
  std::memcpy(&ax, &ab, sizeof ax);
  vf x2 = x * x;
  vf ps = x * (1.f + x2 * (-1.f / 3 + x2 * (2.f / 15 + x2 * (-17.f / 315 + x2 * (62.f / 2835 + x2 * (-1382.f / 155925))))));
  vf e = vexp(-2.f * ax);
  vf tb = (1.f - e) * vrcp(1.f + e);
  vi tbb;
  std::memcpy(&tbb, &tb, sizeof tbb);
  tbb |= xb & (int32_t)0x80000000;
  std::memcpy(&tb, &tbb, sizeof tb);
  return ax < splat(0.4f) ? ps : tb;
}

static inline vf vsigmoid(vf x) { return vrcp(1.f + vexp(-x)); }

// relu that keeps NaN (a·0 = NaN for NaN/±Inf).
static inline vf vrelu(vf a) { return a > splat(0.f) ? a : a * 0.f; }

static inline float hsum(vf v) {
#if defined(__AVX512F__)
  return _mm512_reduce_add_ps((__m512)v);
#endif
  float s = 0;
  for (int i = 0; i < VW; i++) s += v[i];
  return s;
}

// C[R×(NV·VW)] = init + Σ_k A(r,k)·B[k, :], A(r,k) = A[r·ar + k·ak] (row-major or transposed A).
// init: nullptr → 0; ldi = 0 → one row broadcast (bias); else a matrix (may be C itself).
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
      const float s = a[r * ar];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) acc[r][v] += s * bv[v];
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
#if defined(__AVX512F__)
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

// Column-block width (in vectors) for the remaining `rem` vectors, and the row tile for it.
static inline int pickNv(int rem) {
#if defined(__AVX512F__)
  if (rem % 3 == 0) return 3;
  if (rem % 4 == 0) return 4;
  if (rem % 3 == 1) return rem >= 4 ? 4 : 1;
  return rem == 2 ? 2 : 3;
#else
  return rem >= 2 ? 2 : 1;
#endif
}
static inline int rowsFor(int nv) {
#if defined(__AVX512F__)
  return nv == 4 ? 6 : 8;
#else
  return nv == 2 ? 6 : 8;
#endif
}

// C[rows × cols] = init + A·B with cols a multiple of VW (padded layouts).
static void gemm(int rows, int cols, int K, const float* A, long ar, long ak, const float* Bm, long ldb, float* C,
                 long ldc, const float* init, long ldi) {
  int rem = cols / VW, j = 0;
  while (rem > 0) {
    const int nv = pickNv(rem), R = rowsFor(nv);
    for (int i = 0; i < rows; i += R) {
      const int r = rows - i < R ? rows - i : R;
      mkFor(r, nv)(K, A + (long)i * ar, ar, ak, Bm + j * VW, ldb, C + (long)i * ldc + j * VW, ldc,
                   init ? init + (ldi ? (long)i * ldi : 0) + j * VW : nullptr, ldi);
    }
    j += nv;
    rem -= nv;
  }
}
