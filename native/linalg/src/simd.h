// The one place in the linalg addon that knows the instruction set.
//
// Same bytes on every CPU: every floating-point operation the addon performs is one of
//   +, −, ×, ÷, √ (IEEE-754, correctly rounded on every ISA), and
//   fmaw below: a fused multiply-add, correctly rounded on every ISA too
//   (_mm512_fmadd_pd, _mm256_fmadd_pd, vfmaq_f64, or std::fma in the portable build),
// applied in an order fixed by the source, never by the vector width. The build passes
// -ffp-contract=off so the compiler fuses nothing on its own (it would on FMA machines only), and
// no -ffast-math, so it reorders nothing. Sums run in the fixed 8-lane order of sum_sq: element i
// goes to lane i mod 8, lanes are added in one fixed tree, and a wider or narrower machine holds the
// same 8 lanes in fewer or more registers. libm is not used for anything but √ (vmath.h has the
// addon's own exp and tanh). Threads only split independent rows or matrices.
#pragma once

#include <cmath>
#include <cstring>

#if defined(__AVX512F__)
#include <immintrin.h>
#define RNN_ATLAS_SIMD_AVX512 1
#elif defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define RNN_ATLAS_SIMD_AVX2 1
#elif defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#define RNN_ATLAS_SIMD_NEON 1
#else
#define RNN_ATLAS_SIMD_SCALAR 1
#endif

#if defined(__FAST_MATH__)
#error "the linalg addon must be built without -ffast-math: it reorders sums, and results would depend on the CPU"
#endif

namespace rnnatlas {
namespace simd {

// Kernels of this build: "avx512", "avx2+fma", "neon" or "scalar" (the portable x86-64 build).
#if defined(RNN_ATLAS_SIMD_AVX512)
constexpr const char* kIsa = "avx512";
#elif defined(RNN_ATLAS_SIMD_AVX2)
constexpr const char* kIsa = "avx2+fma";
#elif defined(RNN_ATLAS_SIMD_NEON)
constexpr const char* kIsa = "neon";
#else
constexpr const char* kIsa = "scalar";
#endif

// The machine's vector: W doubles (vw), W = 8 (AVX-512), 4 (AVX2), 2 (NEON) or 1 (scalar). All
// elementwise code is written once in vw; since each lane is computed on its own, the width does
// not change a result. fmaw is the one fused multiply-add.
#if defined(RNN_ATLAS_SIMD_AVX512)
constexpr int W = 8;
typedef double vw __attribute__((vector_size(64)));
typedef long long vwl __attribute__((vector_size(64)));
inline vw fmaw(vw a, vw b, vw c) { return (vw)_mm512_fmadd_pd((__m512d)a, (__m512d)b, (__m512d)c); }
inline vw splatw(double x) { return (vw)_mm512_set1_pd(x); }
#elif defined(RNN_ATLAS_SIMD_AVX2)
constexpr int W = 4;
typedef double vw __attribute__((vector_size(32)));
typedef long long vwl __attribute__((vector_size(32)));
inline vw fmaw(vw a, vw b, vw c) { return (vw)_mm256_fmadd_pd((__m256d)a, (__m256d)b, (__m256d)c); }
inline vw splatw(double x) { return (vw)_mm256_set1_pd(x); }
#elif defined(RNN_ATLAS_SIMD_NEON)
constexpr int W = 2;
typedef double vw __attribute__((vector_size(16)));
typedef long long vwl __attribute__((vector_size(16)));
inline vw fmaw(vw a, vw b, vw c) { return (vw)vfmaq_f64((float64x2_t)c, (float64x2_t)a, (float64x2_t)b); }
inline vw splatw(double x) { return (vw)vdupq_n_f64(x); }
#else
constexpr int W = 1;
typedef double vw;
typedef long long vwl;
inline vw fmaw(vw a, vw b, vw c) { return std::fma(a, b, c); }
inline vw splatw(double x) { return x; }
#endif

inline vw loadw(const double* p) {
  vw v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline void storew(double* p, vw v) { std::memcpy(p, &v, sizeof v); }

// The first n (< W) values of p, the other lanes +0.
inline vw loadw_partial(const double* p, int n) {
  double t[W] = {};
  std::memcpy(t, p, sizeof(double) * n);
  return loadw(t);
}

inline void storew_partial(double* p, vw v, int n) {
  double t[W];
  storew(t, v);
  std::memcpy(p, t, sizeof(double) * n);
}

// Bit patterns, for building 2^n in the exponent field.
inline vwl as_bits(vw v) {
  vwl r;
  std::memcpy(&r, &v, sizeof r);
  return r;
}

inline vw from_bits(vwl v) {
  vw r;
  std::memcpy(&r, &v, sizeof r);
  return r;
}

// Row sums: 8 lanes whatever W is (G = 8/W vectors); element i goes to lane i mod 8, and the lanes
// are added in this fixed tree.
constexpr int kSumLanes = 8;
constexpr int G = kSumLanes / W;
static_assert(kSumLanes % W == 0, "the vector width must divide the 8 sum lanes");

inline double lane_sum(const vw (&s)[G]) {
  double t[kSumLanes];
  for (int g = 0; g < G; g++) storew(t + W * g, s[g]);
  return ((t[0] + t[1]) + (t[2] + t[3])) + ((t[4] + t[5]) + (t[6] + t[7]));
}

// Σ a_i² over n values: lane i mod 8 accumulates fma(a_i, a_i, ·) in increasing i; lanes past n
// see +0 (fma(0, 0, s) = s).
inline double sum_sq(const double* a, int n) {
  vw s[G];
  for (int g = 0; g < G; g++) s[g] = splatw(0.0);
  int i = 0;
  for (; i + kSumLanes <= n; i += kSumLanes) {
    for (int g = 0; g < G; g++) {
      const vw v = loadw(a + i + W * g);
      s[g] = fmaw(v, v, s[g]);
    }
  }
  if (i < n) {
    double t[kSumLanes] = {};
    std::memcpy(t, a + i, sizeof(double) * (n - i));
    for (int g = 0; g < G; g++) {
      const vw v = loadw(t + W * g);
      s[g] = fmaw(v, v, s[g]);
    }
  }
  return lane_sum(s);
}

}  // namespace simd
}  // namespace rnnatlas
