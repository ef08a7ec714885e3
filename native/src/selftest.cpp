// Standalone reproducibility probe of the training kernel (no Node needed): runs a fixed set of problems
// (every architecture, odd sizes, batches that are not a multiple of the chunk, M = 1 and 5) and writes
// every loss, output, state and gradient byte to stdout, so builds for different ISAs can be compared
// byte for byte. Each problem also runs with 1 and 3 threads; a difference exits with status 1.
//
//   c++ -O3 -ffp-contract=off -std=gnu++17 [-march=native] native/src/selftest.cpp native/src/rnn.cpp -pthread -o probe
//   ./probe | sha256sum        (aarch64: aarch64-linux-gnu-g++ … -static, then qemu-aarch64 ./probe)
//
// Not part of the addon (binding.gyp does not list it); test/determinism/trainingBuilds.test.ts uses it.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <vector>

#include "../common/arch_codes.h"
#include "rnn.h"

using rnnatlas::ArchCode;
using rnnatlas::PhiCode;

namespace {

// Integer LCG → floats in [-1, 1) that are exact in float32, so the inputs are the same bits everywhere.
struct Lcg {
  uint64_t s;
  float next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (float)(int32_t)(s >> 40) * (1.f / 8388608.f) - 1.f;
  }
  void fill(std::vector<float>& v, float scale) {
    for (auto& x : v) x = next() * scale;
  }
};

struct Problem {
  ArchCode arch;
  PhiCode phi;
  bool readoutState;
  int N, M, B, T;
  bool perNet, h0, mask;
};

struct Result {
  std::vector<double> loss;
  std::vector<float> outputs, states, g[6];
};

Result runOnce(const Problem& p, int threads) {
  const int I = 3, O = p.readoutState ? p.N : 2;
  const int G = rnnatlas::gateCount(p.arch);
  const int S = rnnatlas::stateFactor(p.arch) * p.N;
  const bool leaky = p.arch == ArchCode::Leaky;
  const long M = p.M, N = p.N, D = p.perNet ? M : 1;
  const long sizes[6] = {G * N * I, G * N * N, leaky ? 0 : G * N, G * N, p.readoutState ? 0 : O * N, p.readoutState ? 0 : O};
  Lcg rng{(uint64_t)(p.N * 1000003 + p.M * 7919 + p.B * 131 + p.T * 17 + (int)p.arch * 3 + (int)p.phi)};
  std::vector<float> w[6];
  const float scale = 1.3f / (float)p.N;
  for (int q = 0; q < 6; q++) {
    w[q].resize(M * sizes[q]);
    rng.fill(w[q], q == 1 ? 1.5f * scale * 4 : scale * 4);
  }
  std::vector<float> x(D * p.B * p.T * I), y(D * p.B * p.T * O), mk(p.mask ? D * p.B * p.T * O : 0), h0(p.h0 ? M * p.B * S : 0);
  rng.fill(x, 1.f);
  rng.fill(y, 0.8f);
  for (auto& v : mk) v = rng.next() < 0.2f ? 1.f : 0.f;
  rng.fill(h0, 0.5f);

  Result r;
  r.loss.assign(M, 0);
  r.outputs.assign(M * p.B * p.T * O, 0);
  r.states.assign(M * p.B * p.T * S, 0);
  for (int q = 0; q < 6; q++) r.g[q].assign(M * sizes[q], 0);
  RnnArgs a{};
  a.arch = (int)p.arch; a.phi = (int)p.phi;
  a.N = p.N; a.I = I; a.O = O; a.M = p.M; a.B = p.B; a.T = p.T;
  a.dt = leaky ? 0.2 : 1.0;
  a.lossScale = 0.5;
  a.perNetworkData = p.perNet; a.sharedH0 = false; a.readoutState = p.readoutState; a.grad = true;
  const float* ws[6];
  float* gs[6];
  for (int q = 0; q < 6; q++) { ws[q] = sizes[q] ? w[q].data() : nullptr; gs[q] = sizes[q] ? r.g[q].data() : nullptr; }
  a.wih = ws[0]; a.whh = ws[1]; a.bih = ws[2]; a.bhh = ws[3]; a.wout = ws[4]; a.bout = ws[5];
  a.gwih = gs[0]; a.gwhh = gs[1]; a.gbih = gs[2]; a.gbhh = gs[3]; a.gwout = gs[4]; a.gbout = gs[5];
  a.inputs = x.data(); a.targets = y.data(); a.mask = p.mask ? mk.data() : nullptr; a.h0 = p.h0 ? h0.data() : nullptr;
  a.outputs = r.outputs.data(); a.states = r.states.data(); a.loss = r.loss.data();
  rnnRun(a, threads);
  return r;
}

template <class V>
bool same(const V& a, const V& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(a[0])) == 0;
}
template <class V>
void put(const V& v) {
  std::fwrite(v.data(), sizeof(v[0]), v.size(), stdout);
}

}  // namespace

int main() {
  std::vector<Problem> ps;
  const struct { ArchCode a; PhiCode f; bool ro; } archs[] = {
      {ArchCode::Vanilla, PhiCode::Tanh, false}, {ArchCode::Vanilla, PhiCode::Relu, false},
      {ArchCode::Vanilla, PhiCode::Identity, false}, {ArchCode::Gru, PhiCode::Tanh, false},
      {ArchCode::Lstm, PhiCode::Tanh, false}, {ArchCode::Leaky, PhiCode::Tanh, false},
      {ArchCode::Leaky, PhiCode::Identity, false}, {ArchCode::Leaky, PhiCode::Tanh, true}};
  // The last shape has more steps than one weight-gradient block (see rnn.cpp) and a ragged last block.
  const struct { int N, B, T; } shapes[] = {{7, 37, 9}, {13, 20, 7}, {100, 33, 5}, {9, 37, 23}};
  int k = 0;
  for (const auto& s : shapes)
    for (const auto& ar : archs)
      for (int M : {1, 5}) {
        ps.push_back({ar.a, ar.f, ar.ro, s.N, M, s.B, s.T, k % 2 == 0, k % 3 == 0, k % 2 == 1});
        k++;
      }
  // UGRNN after the others, so the earlier problems (and their bytes in the output) are unchanged.
  for (const auto& s : shapes)
    for (int M : {1, 5}) {
      ps.push_back({ArchCode::Ugrnn, PhiCode::Tanh, false, s.N, M, s.B, s.T, k % 2 == 0, k % 3 == 0, k % 2 == 1});
      k++;
    }
  int bad = 0;
  try {
    for (size_t i = 0; i < ps.size(); i++) {
      const Result r1 = runOnce(ps[i], 1), r3 = runOnce(ps[i], 3);
      bool eq = same(r1.loss, r3.loss) && same(r1.outputs, r3.outputs) && same(r1.states, r3.states);
      for (int q = 0; q < 6; q++) eq = eq && same(r1.g[q], r3.g[q]);
      if (!eq) {
        std::fprintf(stderr, "problem %zu: 1 and 3 threads differ\n", i);
        bad++;
      }
      put(r1.loss); put(r1.outputs); put(r1.states);
      for (int q = 0; q < 6; q++) put(r1.g[q]);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "probe failed: %s\n", e.what());
    return 2;
  }
  std::fprintf(stderr, "%s build: %zu problems, %d thread-count differences\n", rnnSimdName(), ps.size(), bad);
  return bad ? 1 : 0;
}
