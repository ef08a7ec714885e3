// Arguments of one fused kernel call (all arrays borrowed from JS typed arrays; see src/kernels/types.ts).
#pragma once

struct RnnArgs {
  int arch;  // rnnatlas::ArchCode (native/common/arch_codes.h); linear = vanilla with phi identity
  int phi;   // rnnatlas::PhiCode (vanilla/leaky)
  int N, I, O, M, B, T;
  double dt, lossScale;
  bool perNetworkData, sharedH0, readoutState, grad;
  const float *wih, *whh, *bih, *bhh, *wout, *bout;  // bih null for leaky; wout/bout null for readout "state"
  const float *inputs, *targets, *mask, *h0;         // targets/mask/h0 may be null
  float* outputs;                                    // [M,B,T,O]
  float* states;                                     // [M,B,T,S] or null
  double* loss;                                      // [M] or null
  float *gwih, *gwhh, *gbih, *gbhh, *gwout, *gbout;  // grads (when grad)
};

// Runs forward (+ backward when args.grad) on `threads` threads. Throws std::exception on failure.
void rnnRun(const RnnArgs& args, int threads);

// What this binary was compiled for: SIMD flavour ("avx512" | "avx2" | "neon" | "generic"), whether its
// FMA is a hardware instruction (false: correctly rounded software fma, same results, slower), and the
// batch chunk size of the reproducibility contract (see rnn.cpp).
const char* rnnSimdName();
bool rnnHardwareFma();
int rnnChunkTrials();
