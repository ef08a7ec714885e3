// The addon's own exp, e^y − 1, tanh and sigmoid on the machine's vectors (simd.h), so that the fixed-point
// search gives the same bytes on every CPU: libm's versions differ between glibc builds and CPUs
// (glibc picks FMA variants at run time), these are fixed sequences of +, −, ×, ÷ and fma.
// Accuracy: a few ulp (test/analysis/fixedPoints/fused.test.ts checks tanh against Math.tanh).
#pragma once

#include "simd.h"

namespace rnnatlas {
namespace vmath {

using simd::fmaw;
using simd::vw;

inline vw splat(double x) { return simd::splatw(x); }

constexpr double kRoundMagic = 6755399441055744.0;  // 1.5·2^52: t = y + magic rounds y to an integer n
constexpr double kLog2e = 1.4426950408889634;
constexpr double kLn2Hi = 6.93145751953125E-1;  // few significant bits: n·kLn2Hi is exact for |n| < 2^11
constexpr double kLn2Lo = 1.42860682030941723212E-6;

// 2^n for t = n + kRoundMagic, |n| ≤ 1022: n sits in the low bits of t's significand.
inline vw pow2_from_rounded(vw t) {
  const simd::vwl n = simd::as_bits(t) - simd::as_bits(splat(kRoundMagic));
  return simd::from_bits((n + 1023) << 52);
}

// e^x for x in [−700, 700] (callers clamp): x = n ln2 + r, |r| ≤ ln2/2, Taylor to r^13
// (truncation < 1e-17 relative), times 2^n.
inline vw exp_v(vw x) {
  const vw t = fmaw(x, splat(kLog2e), splat(kRoundMagic));
  const vw n = t - splat(kRoundMagic);
  vw r = fmaw(n, splat(-kLn2Hi), x);
  r = fmaw(n, splat(-kLn2Lo), r);
  vw p = splat(1.0 / 6227020800.0);
  p = fmaw(p, r, splat(1.0 / 479001600.0));
  p = fmaw(p, r, splat(1.0 / 39916800.0));
  p = fmaw(p, r, splat(1.0 / 3628800.0));
  p = fmaw(p, r, splat(1.0 / 362880.0));
  p = fmaw(p, r, splat(1.0 / 40320.0));
  p = fmaw(p, r, splat(1.0 / 5040.0));
  p = fmaw(p, r, splat(1.0 / 720.0));
  p = fmaw(p, r, splat(1.0 / 120.0));
  p = fmaw(p, r, splat(1.0 / 24.0));
  p = fmaw(p, r, splat(1.0 / 6.0));
  p = fmaw(p, r, splat(0.5));
  p = fmaw(p, r, splat(1.0));
  p = fmaw(p, r, splat(1.0));
  return p * pow2_from_rounded(t);
}

// e^y − 1 for y in [0, 40]: y = n ln2 + r, e^y − 1 = (2^n − 1) + 2^n·r·P(r), P the Taylor
// polynomial of (e^r − 1)/r to r^12 by Estrin's scheme (short dependency chains). No cancellation
// for small y (n = 0 gives r·P(r) itself).
inline vw expm1_pos_v(vw y) {
  const vw t = fmaw(y, splat(kLog2e), splat(kRoundMagic));
  const vw n = t - splat(kRoundMagic);
  vw r = fmaw(n, splat(-kLn2Hi), y);
  r = fmaw(n, splat(-kLn2Lo), r);
  const vw r2 = r * r;
  const vw r4 = r2 * r2;
  const vw r8 = r4 * r4;
  const vw p01 = fmaw(r, splat(1.0 / 2), splat(1.0));
  const vw p23 = fmaw(r, splat(1.0 / 24), splat(1.0 / 6));
  const vw p45 = fmaw(r, splat(1.0 / 720), splat(1.0 / 120));
  const vw p67 = fmaw(r, splat(1.0 / 40320), splat(1.0 / 5040));
  const vw p89 = fmaw(r, splat(1.0 / 3628800), splat(1.0 / 362880));
  const vw p1011 = fmaw(r, splat(1.0 / 479001600), splat(1.0 / 39916800));
  const vw p12 = splat(1.0 / 6227020800.0);
  const vw p03 = fmaw(r2, p23, p01);
  const vw p47 = fmaw(r2, p67, p45);
  const vw p811 = fmaw(r2, p1011, p89);
  const vw p07 = fmaw(r4, p47, p03);
  const vw p812 = fmaw(r4, p12, p811);
  const vw em1 = r * fmaw(r8, p812, p07);
  const vw two_n = pow2_from_rounded(t);
  return fmaw(two_n, em1, two_n - 1.0);
}

// tanh(x) = sign(x)·e/(e + 2), e = expm1(2|x|); |x| clamped at 20 (tanh = 1 in float64 beyond).
// NaN and ±0 pass through.
inline vw tanh_v(vw x) {
  const vw sign = x < 0 ? splat(-1.0) : splat(1.0);
  vw ax = x * sign;
  ax = ax < 20.0 ? ax : splat(20.0);
  const vw e = expm1_pos_v(ax + ax);
  const vw t = sign * (e / (e + 2.0));
  return (x == x) & (x != 0.0) ? t : x;
}

// 1/(1 + e^{−x}), as the JS `sigmoid`; NaN passes through.
inline vw sigmoid_v(vw x) {
  vw m = -x;
  m = m < 700.0 ? m : splat(700.0);
  m = m > -700.0 ? m : splat(-700.0);
  const vw s = 1.0 / (1.0 + exp_v(m));
  return x == x ? s : x;
}

// out[i] = f(in[i]) for n values (in may equal out); a last partial vector is padded with +0.
template <class F>
inline void map_array(const double* in, double* out, int n, F f) {
  int i = 0;
  for (; i + simd::W <= n; i += simd::W) simd::storew(out + i, f(simd::loadw(in + i)));
  if (i < n) simd::storew_partial(out + i, f(simd::loadw_partial(in + i, n - i)), n - i);
}

inline void tanh_array(const double* in, double* out, int n) { map_array(in, out, n, tanh_v); }
inline void sigmoid_array(const double* in, double* out, int n) { map_array(in, out, n, sigmoid_v); }

}  // namespace vmath
}  // namespace rnnatlas
