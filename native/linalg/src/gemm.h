// Dense float64 matrix product C (+)= A·B, row-major A [m×k], B [k×n], C [m×n]. Register-blocked
// micro-kernel on packed B panels (16 columns wide, vectorised by the compiler for the target ISA);
// rows are split over a small persistent thread pool when the product is large enough to pay for it.
#pragma once

namespace rnnatlas {

// threads: 1 = calling thread only; >1 = that many threads (pool workers + caller).
void gemm(const double* a, const double* b, double* c, int m, int k, int n, bool accumulate, int threads);

}  // namespace rnnatlas
