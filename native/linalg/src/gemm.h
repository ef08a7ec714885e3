// Dense float64 matrix product C (+)= A·B, row-major A [m×k], B [k×n], C [m×n], the same bytes on
// every CPU: each C element is one chain s = fma(a_ip, b_pj, s) for p = 0..k−1 from s = +0, then
// C = s or C = C + s. Only the register tile (how many elements run side by side) depends on the
// ISA (simd.h); rows are split over a small persistent thread pool, which changes nothing either.
#pragma once

#include <vector>

namespace rnnatlas {

// The micro-kernel's register tile for this build: rows × columns (e.g. 4×12 on AVX2).
int gemm_tile_rows();
int gemm_tile_cols();

// B [k×n] row-major into zero-padded panels of gemm_tile_cols() columns, for gemm_packed.
void pack_b(const double* b, int k, int n, std::vector<double>& out);

// C (+)= A·B on the calling thread with B pre-packed by pack_b; A rows lda apart, C rows ldc apart.
void gemm_packed(const double* a, int lda, const double* packed, double* c, int ldc, int m, int k, int n, bool acc);

// threads: 1 = calling thread only; >1 = that many threads (pool workers + caller).
void gemm(const double* a, const double* b, double* c, int m, int k, int n, bool accumulate, int threads);

}  // namespace rnnatlas
