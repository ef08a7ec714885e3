// Fused batched fixed-point search (see fixedpoints.cc and src/analysis/fixedPoints/optimise.ts).
// The result (final states, q, iteration counts, convergence flags) is the same bytes on every CPU
// and for every thread count (simd.h says how).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "../../common/arch_codes.h"

namespace rnnatlas {

struct FpProblem {
  ArchCode arch;
  PhiCode phi;    // vanilla / leaky only
  int N, S, D, K;  // hidden units, state size (2N for LSTM), gate rows (G·N), points
  const double* Whh;   // [D, N] row-major
  const double* bhhn;  // GRU's b_hn [N], else unused
  double* x;           // [K, S]: initial states in, final states out
  const double* drive; // [K, D]
};

struct FpOptions {
  double tolQ, tolDq;
  int maxIters;
  double lrInit;
  bool adaptiveLr;
  double lrDecreaseFactor;
  int lrPatience, lrMinStepsPerIncrease;
  double clipQuantile;
  int clipWindow;
  double clipInit, beta1, beta2, adamEps;
  int progressEvery;
  int threads;
  // Every pass split over the threads in fixed shares (block b on thread b mod threads) instead of
  // claimed by whoever is free and run single-threaded when that measured faster. Same results;
  // for tests that must see every thread compute rows.
  bool fixedSplit = false;
};

struct FpResult {
  double* q;            // [K]
  int32_t* iters;       // [K]
  uint8_t* converged;   // [K]
  int itersRun = 0;
  double finalLr = 0;
};

// The options from the flat array the TS side builds (src/analysis/fixedPoints/fusedOptimise.ts,
// fusedCall): tolQ, tolDq, maxIters, lrInit, adaptiveLr, lrDecreaseFactor, lrPatience,
// lrMinStepsPerIncrease, clipQuantile, clipWindow, clipInit, beta1, beta2, adamEps, progressEvery,
// threads, [fixedSplit]. n is the array's length (16 or 17); threads ≤ 0 is left for the caller to resolve.
FpOptions fp_options_from(const double* opts, size_t n);

// Called every progressEvery iterations; false aborts (a JS exception is pending).
using FpProgress = std::function<bool(int iteration, int active, double meanQ, double lr)>;

// Returns false when progress aborted the run.
bool fp_optimise(const FpProblem& pb, const FpOptions& o, const FpProgress& progress, FpResult& res);

// The tanh the search uses (vmath.h; exposed for accuracy tests).
void fp_tanh(const double* in, double* out, int n);

}  // namespace rnnatlas
