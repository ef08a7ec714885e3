// Dense float64 matrix product C (+)= A·B, row-major A [m×k], B [k×n], C [m×n]. Register-blocked
// micro-kernel on packed B panels (16 columns wide, vectorised by the compiler for the target ISA);
// rows are split over a small persistent thread pool when the product is large enough to pay for it.
#pragma once

#include <vector>

namespace rnnatlas {

// B [k×n] row-major into zero-padded panels of 16 columns, for gemm_packed.
void pack_b(const double* b, int k, int n, std::vector<double>& out);

// C (+)= A·B on the calling thread with B pre-packed by pack_b; A rows lda apart, C rows ldc apart.
// Same summation order per element as gemm.
void gemm_packed(const double* a, int lda, const double* packed, double* c, int ldc, int m, int k, int n, bool acc);

// threads: 1 = calling thread only; >1 = that many threads (pool workers + caller).
void gemm(const double* a, const double* b, double* c, int m, int k, int n, bool accumulate, int threads);

}  // namespace rnnatlas
