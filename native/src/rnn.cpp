// Fused forward + BPTT for populations of RNNs (vanilla/linear, GRU, LSTM, leaky, UGRNN), float32.
// Same semantics as src/kernels/jsKernel.ts; see src/kernels/types.ts for layouts.
//
// Reproducibility contract: for the same inputs, the loss, outputs, states and gradients are the same
// bits on every ISA this compiles for (see simd.h), for any thread count, and for network m whatever
// other networks share the call. To that end:
//   - work items are (network, batch chunk) pairs; the chunks depend only on the batch size B
//     (kChunkTrials), never on the thread count or the number of networks M;
//   - each item writes its own loss and gradient block; blocks are summed after all items finish,
//     chunk 0 + chunk 1 + … in chunk order;
//   - reductions run over real sizes only (N, I, batch), never over SIMD padding, whose width
//     depends on the ISA; padded lanes are computed and discarded.
//
// Inside an item everything is time-major and padded to the SIMD width, so each step is a few GEMMs
// over [batch, units] blocks that stay in L1/L2:
//   forward   pre = x_t·W_ihᵀ + b,  pre_h = h_{t-1}·W_hhᵀ + b_h          (weights pre-transposed)
//   backward  dW_hh += dAᵀ·h_{t-1},  dW_ih += x_tᵀ·dA,  dh_{t-1} = dA·W_hh
// with the architecture's own equations in between (one block per architecture below).
#include "rnn.h"
#include "simd.h"
#include "../common/arch_codes.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using rnnatlas::ArchCode;
using rnnatlas::PhiCode;

namespace {

inline int padUp(int n) { return (n + VW - 1) / VW * VW; }

inline vf phiV(PhiCode code, vf a) { return code == PhiCode::Tanh ? vtanh(a) : code == PhiCode::Relu ? vrelu(a) : a; }
// φ' from the pre-activation a and p = φ(a).
inline vf dphiV(PhiCode code, vf a, vf p) {
  if (code == PhiCode::Tanh) return 1.f - p * p;
  if (code == PhiCode::Relu) return a > splat(0.f) ? splat(1.f) : splat(0.f);
  return splat(1.f);
}

// ============================================================================================
// Architecture equations, one block per architecture. Each function handles one trial row of one
// time step over its nv unit vectors; Np is the padded unit count, gates are blocks of Np.
// Forward inputs: pi = x·W_ihᵀ + b_ih (GRU only), ph = h·W_hhᵀ + b_hh (+ the x part and b_ih for
// the others). Backward input d = ∂L/∂h_t (leaky: ∂L/∂s_t); outputs dah = ∂L/∂(W_hh pre-activation),
// dai = ∂L/∂(W_ih pre-activation) where it differs (GRU), dir = the direct path to the previous state.
// ============================================================================================

// ---- Vanilla / linear:  h_t = φ(W_ih x + b_ih + W_hh h_{t-1} + b_hh)
void vanillaForward(PhiCode phi, int nv, const float* ph, float* h) {
  for (int v = 0; v < nv; v++) st(h + v * VW, phiV(phi, ld(ph + v * VW)));
}
void vanillaBackward(PhiCode phi, int nv, const float* d, const float* h, float* dah) {
  for (int v = 0; v < nv; v++) {
    const vf hv = ld(h + v * VW);
    st(dah + v * VW, ld(d + v * VW) * dphiV(phi, hv, hv));
  }
}

// ---- GRU (PyTorch gate order r, z, n):
//   r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r ⊙ h_n), h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
// with x_* = W_i* x + b_i*, h_* = W_h* h_{t-1} + b_h*. Keeps r, z, n and h_n for the backward pass.
void gruForward(int nv, int Np, const float* pi, const float* ph, const float* hp, float* gates, float* hnS, float* h) {
  for (int v = 0; v < nv; v++) {
    const int n = v * VW;
    const vf rg = vsigmoid(ld(pi + n) + ld(ph + n));
    const vf zg = vsigmoid(ld(pi + Np + n) + ld(ph + Np + n));
    const vf hn = ld(ph + 2 * Np + n);
    const vf ng = vtanh(ld(pi + 2 * Np + n) + rg * hn);
    st(gates + n, rg); st(gates + Np + n, zg); st(gates + 2 * Np + n, ng);
    st(hnS + n, hn);
    st(h + n, (1.f - zg) * ng + zg * ld(hp + n));
  }
}
void gruBackward(int nv, int Np, const float* d, const float* hp, const float* gates, const float* hnS, float* dah,
                 float* dai, float* dir) {
  for (int v = 0; v < nv; v++) {
    const int n = v * VW;
    const vf dv = ld(d + n);
    const vf rg = ld(gates + n), zg = ld(gates + Np + n), ng = ld(gates + 2 * Np + n);
    const vf dan = dv * (1.f - zg) * (1.f - ng * ng);
    const vf daz = dv * (ld(hp + n) - ng) * zg * (1.f - zg);
    const vf dar = dan * ld(hnS + n) * rg * (1.f - rg);
    st(dah + n, dar); st(dah + Np + n, daz); st(dah + 2 * Np + n, dan * rg);
    st(dai + n, dar); st(dai + Np + n, daz); st(dai + 2 * Np + n, dan);
    st(dir + n, dv * zg);
  }
}

// ---- LSTM (PyTorch gate order i, f, g, o), state [h, c]:
//   i, f, o = σ(·), g = tanh(·) of W_ih x + b_ih + W_hh h_{t-1} + b_hh;  c_t = f ⊙ c_{t-1} + i ⊙ g;  h_t = o ⊙ tanh(c_t)
void lstmForward(int nv, int Np, const float* ph, const float* cp, float* gates, float* c, float* tcS, float* h) {
  for (int v = 0; v < nv; v++) {
    const int n = v * VW;
    const vf ig = vsigmoid(ld(ph + n));
    const vf fg = vsigmoid(ld(ph + Np + n));
    const vf gg = vtanh(ld(ph + 2 * Np + n));
    const vf og = vsigmoid(ld(ph + 3 * Np + n));
    st(gates + n, ig); st(gates + Np + n, fg); st(gates + 2 * Np + n, gg); st(gates + 3 * Np + n, og);
    const vf cv = fg * ld(cp + n) + ig * gg;
    st(c + n, cv);
    const vf tc = vtanh(cv);
    st(tcS + n, tc);
    st(h + n, og * tc);
  }
}
// dC: in ∂L/∂c_t, out ∂L/∂c_{t-1}.
void lstmBackward(int nv, int Np, const float* d, const float* gates, const float* tcS, const float* cp, float* dC,
                  float* dah) {
  for (int v = 0; v < nv; v++) {
    const int n = v * VW;
    const vf dv = ld(d + n);
    const vf ig = ld(gates + n), fg = ld(gates + Np + n), gg = ld(gates + 2 * Np + n), og = ld(gates + 3 * Np + n);
    const vf tc = ld(tcS + n);
    const vf dct = ld(dC + n) + dv * og * (1.f - tc * tc);
    st(dah + n, dct * gg * ig * (1.f - ig));
    st(dah + Np + n, dct * ld(cp + n) * fg * (1.f - fg));
    st(dah + 2 * Np + n, dct * ig * (1.f - gg * gg));
    st(dah + 3 * Np + n, dv * tc * og * (1.f - og));
    st(dC + n, dct * fg);
  }
}

// ---- UGRNN (gate blocks c, u; both biases are plain offsets, so ph holds the whole pre-activation):
//   c = tanh(a_c), u = σ(a_u), h_t = u ⊙ h_{t-1} + (1 − u) ⊙ c.  Keeps c and u for the backward pass.
void ugrnnForward(int nv, int Np, const float* ph, const float* hp, float* gates, float* h) {
  for (int v = 0; v < nv; v++) {
    const int n = v * VW;
    const vf cg = vtanh(ld(ph + n));
    const vf ug = vsigmoid(ld(ph + Np + n));
    st(gates + n, cg); st(gates + Np + n, ug);
    st(h + n, ug * ld(hp + n) + (1.f - ug) * cg);
  }
}
void ugrnnBackward(int nv, int Np, const float* d, const float* hp, const float* gates, float* dah, float* dir) {
  for (int v = 0; v < nv; v++) {
    const int n = v * VW;
    const vf dv = ld(d + n);
    const vf cg = ld(gates + n), ug = ld(gates + Np + n);
    st(dah + n, dv * (1.f - ug) * (1.f - cg * cg));
    st(dah + Np + n, dv * (ld(hp + n) - cg) * ug * (1.f - ug));
    st(dir + n, dv * ug);
  }
}

// ---- Leaky (rate) RNN:  s_t = (1 − dt) s_{t-1} + dt (W_hh φ(s_{t-1}) + W_ih x + b_hh);  readout of φ(s_t) or s_t
void leakyForward(PhiCode phi, float dt, int nv, const float* ph, const float* sp, float* s, float* p) {
  for (int v = 0; v < nv; v++) {
    const int n = v * VW;
    const vf sv = (1.f - dt) * ld(sp + n) + dt * ld(ph + n);
    st(s + n, sv);
    st(p + n, phiV(phi, sv));
  }
}
void leakyBackward(float dt, int nv, const float* d, float* dah, float* dir) {
  for (int v = 0; v < nv; v++) {
    const int n = v * VW;
    st(dah + n, dt * ld(d + n));
    st(dir + n, (1.f - dt) * ld(d + n));
  }
}

// ============================================================================================
// Work items, buffers and the driver.
// ============================================================================================

// Batch chunk size: a network's batch is cut into ceil(B / kChunkTrials) near-equal chunks. Part of the
// reproducibility contract (the gradient is summed chunk by chunk), so it must not depend on anything
// but B.
constexpr int kChunkTrials = 16;
inline int chunkCount(int B) { return (B + kChunkTrials - 1) / kChunkTrials; }
inline int chunkStart(int B, int c) { return (int)((long)B * c / chunkCount(B)); }

// 64-byte aligned float buffer that only grows.
struct Buf {
  float* p = nullptr;
  size_t n = 0;
  ~Buf() { std::free(p); }
  float* get(size_t want) {
    if (want > n) {
      std::free(p);
      size_t bytes = ((want * sizeof(float)) + 63) / 64 * 64;
      p = static_cast<float*>(std::aligned_alloc(64, bytes));
      if (!p) throw std::bad_alloc();
      n = want;
    }
    return p;
  }
  float* zeroed(size_t want) {
    float* q = get(want);
    std::memset(q, 0, want * sizeof(float));
    return q;
  }
};

struct Workspace {
  Buf wihT, whhT, whhP, bI, bH, bS, woutP, woutT, boutP;  // padded weights
  Buf H, C, P, gates, hn, tc, xT, preI, Y, dy;            // forward storage (all steps)
  Buf preH, dH, dC, dHn, dai, dah, dir, tmp;              // backward storage and per-step scratch
  Buf gWihT, gWhhP, gbI, gbH, gWoutP, gbout;              // padded grad accumulators
};

std::mutex poolMu;
std::vector<std::unique_ptr<Workspace>> pool;

std::unique_ptr<Workspace> acquire() {
  std::lock_guard<std::mutex> g(poolMu);
  if (pool.empty()) return std::make_unique<Workspace>();
  auto w = std::move(pool.back());
  pool.pop_back();
  return w;
}
void release(std::unique_ptr<Workspace> w) {
  std::lock_guard<std::mutex> g(poolMu);
  pool.push_back(std::move(w));
}

struct Item {
  int m, chunk, b0, b1;
};

class Runner {
 public:
  explicit Runner(const RnnArgs& a) : a_(a) {
    arch = static_cast<ArchCode>(a.arch);
    phi = static_cast<PhiCode>(a.phi);
    N = a.N; I = a.I; O = a.O;
    G = rnnatlas::gateCount(arch);
    Np = padUp(N); GNp = G * Np; S = rnnatlas::stateFactor(arch) * N;
    sizes[0] = (long)G * N * I; sizes[1] = (long)G * N * N; sizes[2] = arch == ArchCode::Leaky ? 0 : (long)G * N;
    sizes[3] = (long)G * N; sizes[4] = a.readoutState ? 0 : (long)O * N; sizes[5] = a.readoutState ? 0 : O;
    total = 0;
    for (long s : sizes) total += s;
  }

  void run(int threads);

 private:
  const RnnArgs& a_;
  ArchCode arch;
  PhiCode phi;
  int N, I, O, G, Np, GNp, S;
  long sizes[6];
  long total;
  std::vector<Item> items;
  std::unique_ptr<float[]> partGrad;  // gradient blocks of chunks ≥ 1, [item][total]
  std::vector<double> itemLoss;
  std::vector<double> maskSum;
  std::vector<char> bad;

  void item(size_t k, Workspace& w, float* const* gout);
  void itemForward(size_t k, Workspace& w);
  bool finiteParams(int m) const;
};

bool Runner::finiteParams(int m) const {
  const float* ps[6] = {a_.wih, a_.whh, a_.bih, a_.bhh, a_.wout, a_.bout};
  for (int k = 0; k < 6; k++) {
    if (!sizes[k]) continue;
    const float* p = ps[k] + m * sizes[k];
    for (long i = 0; i < sizes[k]; i++)
      if (!std::isfinite(p[i])) return false;
  }
  return true;
}

void Runner::run(int threads) {
  const int M = a_.M, B = a_.B, T = a_.T;
  if (threads < 1) threads = 1;
  // Σ mask per network and the non-finite parameter check.
  maskSum.assign(M, (double)B * T * O);
  bad.assign(M, 0);
  for (int m = 0; m < M; m++) {
    bad[m] = !finiteParams(m);
    if (a_.mask) {
      const float* mk = a_.mask + (a_.perNetworkData ? (long)m * B * T * O : 0);
      double s = 0;
      for (long k = 0; k < (long)B * T * O; k++) s += mk[k];
      maskSum[m] = s;
    }
  }
  const int chunks = chunkCount(B);
  for (int m = 0; m < M; m++) {
    if (bad[m]) continue;
    for (int c = 0; c < chunks; c++) items.push_back({m, c, chunkStart(B, c), chunkStart(B, c + 1)});
  }
  const bool grad = a_.grad;
  float* outs[6] = {a_.gwih, a_.gwhh, a_.gbih, a_.gbhh, a_.gwout, a_.gbout};
  if (grad && chunks > 1) partGrad.reset(new float[items.size() * total]);
  itemLoss.assign(items.size(), 0.0);

  std::atomic<size_t> next{0};
  std::vector<std::string> errors(threads);
  auto worker = [&](int tid) {
    try {
      auto w = acquire();
      for (size_t k; (k = next.fetch_add(1)) < items.size();) {
        const Item& it = items[k];
        float* gout[6] = {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
        if (grad) {
          if (it.chunk == 0) {  // chunk 0 writes straight into the network's gradient
            for (int q = 0; q < 6; q++) gout[q] = sizes[q] ? outs[q] + it.m * sizes[q] : nullptr;
          } else {
            float* base = partGrad.get() + k * total;
            for (int q = 0; q < 6; q++) { gout[q] = sizes[q] ? base : nullptr; base += sizes[q]; }
          }
        }
        item(k, *w, gout);
      }
      release(std::move(w));
    } catch (const std::exception& e) {
      errors[tid] = e.what();
    }
  };
  const int nThreads = std::min<int>(threads, std::max<size_t>(items.size(), 1));
  std::vector<std::thread> pool_;
  for (int t = 1; t < nThreads; t++) pool_.emplace_back(worker, t);
  worker(0);
  for (auto& th : pool_) th.join();
  for (auto& e : errors)
    if (!e.empty()) throw std::runtime_error(e);

  // Reduce in item order = per network, chunk 0, 1, 2, …: the loss in double, gradient blocks in float.
  const double nan = std::nan("");
  if (a_.loss) for (int m = 0; m < M; m++) a_.loss[m] = bad[m] ? nan : 0.0;
  for (size_t k = 0; k < items.size(); k++) {
    const Item& it = items[k];
    if (a_.loss) a_.loss[it.m] += itemLoss[k];
    if (grad && it.chunk > 0) {
      const float* src = partGrad.get() + k * total;
      for (int q = 0; q < 6; q++) {
        if (!sizes[q]) continue;
        float* dst = outs[q] + it.m * sizes[q];
        for (long i = 0; i < sizes[q]; i++) dst[i] = dst[i] + src[i];
        src += sizes[q];
      }
    }
  }
  for (int m = 0; m < M; m++) {
    if (a_.loss && !bad[m]) a_.loss[m] = maskSum[m] > 0 ? a_.lossScale * a_.loss[m] / maskSum[m] : 0.0;
    if (!bad[m]) continue;
    const long ny = (long)B * T * O;
    for (long i = 0; i < ny; i++) a_.outputs[m * ny + i] = (float)nan;
    if (a_.states) {
      const long ns = (long)B * T * S;
      for (long i = 0; i < ns; i++) a_.states[m * ns + i] = (float)nan;
    }
    if (grad)
      for (int q = 0; q < 6; q++)
        if (sizes[q])
          for (long i = 0; i < sizes[q]; i++) outs[q][m * sizes[q] + i] = (float)nan;
  }
}

void Runner::item(size_t itemIndex, Workspace& w, float* const* gout) {
  if (!a_.grad) return itemForward(itemIndex, w);
  const Item& it = items[itemIndex];
  const RnnArgs& a = a_;
  const int m = it.m, B = a.B, T = a.T, Bc = it.b1 - it.b0;
  const bool grad = a.grad;
  const bool leaky = arch == ArchCode::Leaky;
  const float dt = (float)a.dt;
  const long pm = (long)m;
  const int Op = padUp(std::max(O, 1));  // padded readout width (readout GEMM columns)

  // ---- padded, transposed weights of network m
  const float* wih = a.wih + pm * sizes[0];
  const float* whh = a.whh + pm * sizes[1];
  const float* bih = a.bih ? a.bih + pm * sizes[2] : nullptr;
  const float* bhh = a.bhh + pm * sizes[3];
  const float* wout = a.readoutState ? nullptr : a.wout + pm * sizes[4];
  const float* bout = a.readoutState ? nullptr : a.bout + pm * sizes[5];
  float* wihT = w.wihT.zeroed((size_t)std::max(I, 1) * GNp);  // [I][GNp]
  float* whhT = w.whhT.zeroed((size_t)Np * GNp);             // [Np][GNp]
  float* whhP = w.whhP.zeroed((size_t)GNp * Np);             // [GNp][Np]
  float* bI = w.bI.zeroed(GNp);
  float* bH = w.bH.zeroed(GNp);
  float* woutP = w.woutP.zeroed((size_t)std::max(O, 1) * Np);  // [O][Np]
  float* woutT = w.woutT.zeroed((size_t)Np * Op);              // [Np][Op]
  float* boutP = w.boutP.zeroed(Op);
  for (int g = 0; g < G; g++)
    for (int n = 0; n < N; n++) {
      const int j = g * N + n, jp = g * Np + n;
      for (int i = 0; i < I; i++) wihT[(long)i * GNp + jp] = wih[(long)j * I + i];
      for (int k = 0; k < N; k++) {
        const float v = whh[(long)j * N + k];
        whhT[(long)k * GNp + jp] = v;
        whhP[(long)jp * Np + k] = v;
      }
      bI[jp] = bih ? bih[j] : 0.f;
      bH[jp] = bhh[j];
    }
  if (wout)
    for (int o = 0; o < O; o++) {
      boutP[o] = bout[o];
      for (int n = 0; n < N; n++) woutP[(long)o * Np + n] = woutT[(long)n * Op + o] = wout[(long)o * N + n];
    }

  // ---- forward storage, time-major: slot t+1 = state after step t; row k = t·Bc + b
  const long L = (long)Bc * Np;  // one time slice
  const long TB = (long)T * Bc;  // rows over the whole chunk
  float* H = w.H.get((size_t)(T + 1) * L);
  float* Cc = arch == ArchCode::Lstm ? w.C.get((size_t)(T + 1) * L) : nullptr;
  float* P = leaky ? w.P.get((size_t)(T + 1) * L) : nullptr;
  float* gates = (arch == ArchCode::Gru || arch == ArchCode::Lstm || arch == ArchCode::Ugrnn) ? w.gates.get((size_t)TB * GNp) : nullptr;
  float* hnS = arch == ArchCode::Gru ? w.hn.get((size_t)T * L) : nullptr;
  float* tcS = arch == ArchCode::Lstm ? w.tc.get((size_t)T * L) : nullptr;
  float* xT = w.xT.get((size_t)TB * std::max(I, 1));  // inputs time-major [T][Bc][I]
  float* preI = w.preI.get((size_t)Bc * GNp);
  float* preH = w.preH.get((size_t)Bc * GNp);
  float* Y = w.Y.get((size_t)TB * Op);                 // readout, [T][Bc][Op]
  float* dy = w.dy.get((size_t)TB * std::max(O, 1));   // ∂L/∂y, [T][Bc][O]
  float* bSum = w.bS.get(GNp);
  for (int j = 0; j < GNp; j++) bSum[j] = bI[j] + bH[j];
  float* rec = leaky ? P : H;   // what multiplies W_hh
  float* feat = leaky ? P : H;  // what the readout reads

  const long dOff = a.perNetworkData ? pm * B : 0;  // trial offset into data
  const long xStride = (long)T * I;                  // between trials
  const float* x0 = a.inputs + (dOff + it.b0) * xStride;
  for (int t = 0; t < T; t++)
    for (int b = 0; b < Bc; b++) std::memcpy(xT + ((long)t * Bc + b) * I, x0 + b * xStride + (long)t * I, I * sizeof(float));
  std::memset(H, 0, L * sizeof(float));
  if (Cc) std::memset(Cc, 0, L * sizeof(float));
  if (a.h0) {
    for (int b = 0; b < Bc; b++) {
      const float* h0 = a.h0 + (a.sharedH0 ? (long)(it.b0 + b) * S : ((long)m * B + it.b0 + b) * S);
      for (int n = 0; n < N; n++) H[(long)b * Np + n] = h0[n];
      if (Cc) for (int n = 0; n < N; n++) Cc[(long)b * Np + n] = h0[N + n];
    }
  }
  if (P)
    for (long k = 0; k < L; k += VW) st(P + k, phiV(phi, ld(H + k)));
  const int nvN = Np / VW;

  for (int t = 0; t < T; t++) {
    // input part: preI = bias + x·W_ihᵀ (GRU: b_ih only; the others: b_ih + b_hh)
    const float* pI = preI;
    gemm(Bc, GNp, I, xT + (long)t * Bc * I, I, 1, wihT, GNp, preI, GNp, arch == ArchCode::Gru ? bI : bSum, 0);
    // K = N, not Np: the recurrent sum runs over real units only (padding differs between ISAs).
    if (arch == ArchCode::Gru)  // GRU keeps the two halves apart: n = tanh(x-part + r ⊙ h-part)
      gemm(Bc, GNp, N, rec + t * L, Np, 1, whhT, GNp, preH, GNp, bH, 0);
    else  // pre = (b + x·W_ihᵀ) + h·W_hhᵀ
      gemm(Bc, GNp, N, rec + t * L, Np, 1, whhT, GNp, preH, GNp, pI, GNp);
    float* hc = H + (t + 1) * L;
    const float* hp = H + t * L;
    for (int b = 0; b < Bc; b++) {
      const float* pi = pI + (long)b * GNp;
      const float* ph = preH + (long)b * GNp;
      const long r = (long)b * Np;
      float* gt = gates ? gates + ((long)t * Bc + b) * GNp : nullptr;
      switch (arch) {
        case ArchCode::Vanilla: vanillaForward(phi, nvN, ph, hc + r); break;
        case ArchCode::Gru: gruForward(nvN, Np, pi, ph, hp + r, gt, hnS + t * L + r, hc + r); break;
        case ArchCode::Lstm: lstmForward(nvN, Np, ph, Cc + t * L + r, gt, Cc + (t + 1) * L + r, tcS + t * L + r, hc + r); break;
        case ArchCode::Leaky: leakyForward(phi, dt, nvN, ph, hp + r, hc + r, P + (t + 1) * L + r); break;
        case ArchCode::Ugrnn: ugrnnForward(nvN, Np, ph, hp + r, gt, hc + r); break;
      }
    }
  }
  // Readout of every step at once: y = b_out + Σ_n W_out[o,n]·f[n] (n ascending); or the state itself.
  if (!a.readoutState) gemmK(TB, Op, N, feat + L, Np, 1, woutT, Op, Y, Op, boutP, 0);

  // Outputs, states, loss (in double, step-major: t, then trial, then output) and ∂L/∂y.
  const bool hasT = a.targets != nullptr;
  const double sm = maskSum[m];
  const float scale = sm > 0 ? (float)(2.0 * a.lossScale / sm) : 0.f;
  double lossSum = 0;
  for (int t = 0; t < T; t++)
    for (int b = 0; b < Bc; b++) {
      const long k = (long)t * Bc + b;
      const long trial = dOff + it.b0 + b;
      const long yo = (((long)m * B + it.b0 + b) * T + t) * O;
      const long to = (trial * T + t) * O;
      const float* yr = a.readoutState ? H + (t + 1) * L + (long)b * Np : Y + k * Op;
      for (int o = 0; o < O; o++) {
        const float y = yr[o];
        a.outputs[yo + o] = y;
        if (hasT) {
          const float mk = a.mask ? a.mask[to + o] : 1.f;
          const float e = y - a.targets[to + o];
          lossSum += (double)mk * (double)e * (double)e;
          dy[k * O + o] = scale * mk * e;
        }
      }
      if (a.states) {
        float* so = a.states + (((long)m * B + it.b0 + b) * T + t) * S;
        std::memcpy(so, H + (t + 1) * L + (long)b * Np, N * sizeof(float));
        if (Cc) std::memcpy(so + N, Cc + (t + 1) * L + (long)b * Np, N * sizeof(float));
      }
    }
  // Loss is accumulated unnormalised per item; Runner::run normalises per network.
  itemLoss[itemIndex] = lossSum;
  if (!grad) return;

  // ---- backward through time
  // The weight gradients are sums over rows k = t·Bc + b. They are taken every `span` steps (a block of
  // steps [t0, t1), rows ascending inside it, blocks from the last one back), from a ring that holds the
  // pre-activation gradients of the block: long GEMMs (K = span·Bc ≈ kKBlock) on data that stays in L2.
  const int span = std::max(1, (int)(kKBlock / Bc));
  float* dH = w.dH.zeroed(L);
  float* dC = arch == ArchCode::Lstm ? w.dC.zeroed(L) : nullptr;
  float* dHn = w.dHn.get(L);
  float* dahRing = w.dah.get((size_t)span * Bc * GNp);                                  // [span][Bc][GNp]
  float* daiRing = arch == ArchCode::Gru ? w.dai.get((size_t)span * Bc * GNp) : dahRing;  // GRU: x-side differs
  float* dir = w.dir.get(L);
  float* dF = leaky ? w.tmp.get(L) : nullptr;
  float* gWhhP = w.gWhhP.zeroed((size_t)GNp * Np);
  float* gWihT = w.gWihT.zeroed((size_t)std::max(I, 1) * GNp);
  float* gWoutP = w.gWoutP.zeroed((size_t)std::max(O, 1) * Np);
  float* gbI = w.gbI.zeroed(GNp);
  float* gbH = w.gbH.zeroed(GNp);
  float* gbout = w.gbout.zeroed(std::max(O, 1));
  auto weightGrads = [&](int t0, int t1) {  // Σ over the rows of steps [t0, t1), k ascending
    const long K = (long)(t1 - t0) * Bc;
    gemm(GNp, Np, (int)K, dahRing, 1, GNp, rec + t0 * L, Np, gWhhP, Np, gWhhP, Np);  // dW_hh += dAᵀ·h_{t-1}
    if (I > 0) gemm(I, GNp, (int)K, xT + (long)t0 * Bc * I, 1, I, daiRing, GNp, gWihT, GNp, gWihT, GNp);  // dW_ih += xᵀ·dA
    if (!a.readoutState)  // dW_out += dyᵀ·f
      gemm(O, Np, (int)K, dy + (long)t0 * Bc * O, 1, O, feat + (t0 + 1) * L, Np, gWoutP, Np, gWoutP, Np);
    for (long k = 0; k < K; k++) {
      const float* ah = dahRing + k * GNp;
      const float* ai = daiRing + k * GNp;
      for (int j = 0; j < GNp; j += VW) {
        st(gbH + j, ld(gbH + j) + ld(ah + j));
        st(gbI + j, ld(gbI + j) + ld(ai + j));
      }
      for (int o = 0; o < O; o++) gbout[o] += dy[((long)t0 * Bc + k) * O + o];
    }
  };

  int t1 = T, t0 = std::max(0, T - span);  // current block of steps
  for (int t = T - 1; t >= 0; t--) {
    const float* hc = H + (t + 1) * L;
    const float* hp = H + t * L;
    const float* dyt = dy + (long)t * Bc * O;
    float* dah = dahRing + (long)(t - t0) * Bc * GNp;
    float* dai = daiRing + (long)(t - t0) * Bc * GNp;
    // readout gradient into dH (leaky: ∂L/∂φ(s) then through φ' into ∂L/∂s)
    if (a.readoutState) {
      for (int b = 0; b < Bc; b++)
        for (int o = 0; o < O; o++) dH[(long)b * Np + o] += dyt[(long)b * O + o];
    } else if (!leaky) {
      gemm(Bc, Np, O, dyt, O, 1, woutP, Np, dH, Np, dH, Np);
    } else {
      gemm(Bc, Np, O, dyt, O, 1, woutP, Np, dF, Np, nullptr, 0);
      const float* f = feat + (t + 1) * L;
      for (long k = 0; k < L; k += VW) st(dH + k, vfma(ld(dF + k), dphiV(phi, ld(hc + k), ld(f + k)), ld(dH + k)));
    }
    // gate pre-activation gradients
    for (int b = 0; b < Bc; b++) {
      const long r = (long)b * Np;
      float* ah = dah + (long)b * GNp;
      const float* gt = gates ? gates + ((long)t * Bc + b) * GNp : nullptr;
      switch (arch) {
        case ArchCode::Vanilla: vanillaBackward(phi, nvN, dH + r, hc + r, ah); break;
        case ArchCode::Gru: gruBackward(nvN, Np, dH + r, hp + r, gt, hnS + t * L + r, ah, dai + (long)b * GNp, dir + r); break;
        case ArchCode::Lstm: lstmBackward(nvN, Np, dH + r, gt, tcS + t * L + r, Cc + t * L + r, dC + r, ah); break;
        case ArchCode::Leaky: leakyBackward(dt, nvN, dH + r, ah, dir + r); break;
        case ArchCode::Ugrnn: ugrnnBackward(nvN, Np, dH + r, hp + r, gt, ah, dir + r); break;
      }
    }
    if (t == t0) {
      weightGrads(t0, t1);
      t1 = t0;
      t0 = std::max(0, t0 - span);
    }
    if (t == 0) break;
    // ∂L/∂(previous state) = Σ_g dA_g·W_hh,g: one GEMM per gate block with K = N (no padded terms)
    for (int g = 0; g < G; g++)
      gemm(Bc, Np, N, dah + (long)g * Np, GNp, 1, whhP + (long)g * Np * Np, Np, dHn, Np, g ? dHn : nullptr, Np);
    const float* pp = leaky ? P + t * L : nullptr;
    for (long k = 0; k < L; k += VW) {
      switch (arch) {
        case ArchCode::Vanilla:
        case ArchCode::Lstm: st(dH + k, ld(dHn + k)); break;
        case ArchCode::Gru:
        case ArchCode::Ugrnn: st(dH + k, ld(dHn + k) + ld(dir + k)); break;
        case ArchCode::Leaky: st(dH + k, vfma(ld(dHn + k), dphiV(phi, ld(hp + k), ld(pp + k)), ld(dir + k))); break;
      }
    }
  }

  // ---- unpad into this item's gradient block
  for (int g = 0; g < G; g++)
    for (int n = 0; n < N; n++) {
      const int j = g * N + n, jp = g * Np + n;
      for (int i = 0; i < I; i++) gout[0][(long)j * I + i] = gWihT[(long)i * GNp + jp];
      std::memcpy(gout[1] + (long)j * N, gWhhP + (long)jp * Np, N * sizeof(float));
      if (gout[2]) gout[2][j] = gbI[jp];
      gout[3][j] = gbH[jp];
    }
  if (gout[4]) {
    for (int o = 0; o < O; o++) std::memcpy(gout[4] + (long)o * N, gWoutP + (long)o * Np, N * sizeof(float));
    for (int o = 0; o < O; o++) gout[5][o] = gbout[o];
  }
}

// Forward only (no gradient): the same sums as item()'s forward pass in a trial-major layout. The
// lanes of a vector are the chunk's trials (kChunkTrials of them, unused lanes zero), so no unit is padded:
// at N = 20 on AVX-512 the unit-major layout computes 32 lanes per trial for 20 units. Every element gets
// the same operations in the same order as there (bias, then Σ_i x_i·W_ih[j,i], then Σ_k h_k·W_hh[j,k] by
// vfma, the same gate functions, the readout b_out + Σ_n W_out[o,n]·f_n), so the bits are those of item().
// Rows are [unit][lane]; a gate block is N·kLanes long, which is what the gate functions take as Np.
void Runner::itemForward(size_t itemIndex, Workspace& w) {
  constexpr int kLanes = kChunkTrials;
  const Item& it = items[itemIndex];
  const RnnArgs& a = a_;
  const int m = it.m, B = a.B, T = a.T, Bc = it.b1 - it.b0;
  const bool leaky = arch == ArchCode::Leaky;
  const float dt = (float)a.dt;
  const long pm = (long)m;
  const int GN = G * N;
  const long L = (long)N * kLanes;  // one state slice
  const int nv = (int)(L / VW);
  const float* wih = a.wih + pm * sizes[0];  // [GN][I], row-major: A(j, i) = wih[j·I + i]
  const float* whh = a.whh + pm * sizes[1];  // [GN][N]
  const float* bih = a.bih ? a.bih + pm * sizes[2] : nullptr;
  const float* bhh = a.bhh + pm * sizes[3];
  const float* wout = a.readoutState ? nullptr : a.wout + pm * sizes[4];
  const float* bout = a.readoutState ? nullptr : a.bout + pm * sizes[5];
  // bias rows broadcast over the lanes: GRU keeps b_ih and b_hh apart, the others add them first (as item())
  float* bI = w.bI.get((size_t)GN * kLanes);
  float* bH = w.bH.get((size_t)GN * kLanes);
  for (int j = 0; j < GN; j++) {
    const float bi = bih ? bih[j] : 0.f, bh = bhh[j];
    const float first = arch == ArchCode::Gru ? bi : bi + bh;
    for (int l = 0; l < kLanes; l++) { bI[(long)j * kLanes + l] = first; bH[(long)j * kLanes + l] = bh; }
  }
  const int O_ = std::max(O, 1);
  float* bO = w.boutP.get((size_t)O_ * kLanes);
  if (bout) for (int o = 0; o < O; o++) for (int l = 0; l < kLanes; l++) bO[(long)o * kLanes + l] = bout[o];

  float* H = w.H.zeroed((size_t)(T + 1) * L);
  float* Cc = arch == ArchCode::Lstm ? w.C.zeroed((size_t)(T + 1) * L) : nullptr;
  float* P = leaky ? w.P.zeroed((size_t)(T + 1) * L) : nullptr;
  float* gates = w.gates.get((size_t)GN * kLanes);  // this step's gates (no backward pass to keep them for)
  float* hnS = w.hn.get((size_t)L);
  float* tcS = w.tc.get((size_t)L);
  float* xT = w.xT.zeroed((size_t)T * std::max(I, 1) * kLanes);  // [T][I][lane]
  float* preI = w.preI.get((size_t)GN * kLanes);
  float* preH = w.preH.get((size_t)GN * kLanes);
  float* Y = w.Y.get((size_t)O_ * kLanes);

  const long dOff = a.perNetworkData ? pm * B : 0;
  const long xStride = (long)T * I;
  const float* x0 = a.inputs + (dOff + it.b0) * xStride;
  for (int b = 0; b < Bc; b++)
    for (int t = 0; t < T; t++)
      for (int i = 0; i < I; i++) xT[((long)t * I + i) * kLanes + b] = x0[b * xStride + (long)t * I + i];
  if (a.h0) {
    for (int b = 0; b < Bc; b++) {
      const float* h0 = a.h0 + (a.sharedH0 ? (long)(it.b0 + b) * S : ((long)m * B + it.b0 + b) * S);
      for (int n = 0; n < N; n++) H[(long)n * kLanes + b] = h0[n];
      if (Cc) for (int n = 0; n < N; n++) Cc[(long)n * kLanes + b] = h0[N + n];
    }
  }
  if (P)
    for (long k = 0; k < L; k += VW) st(P + k, phiV(phi, ld(H + k)));
  float* rec = leaky ? P : H;
  float* feat = leaky ? P : H;

  const bool hasT = a.targets != nullptr;
  const double sm = maskSum[m];
  double lossSum = 0;
  for (int t = 0; t < T; t++) {
    gemm(GN, kLanes, I, wih, I, 1, xT + (long)t * I * kLanes, kLanes, preI, kLanes, bI, kLanes);
    if (arch == ArchCode::Gru)
      gemm(GN, kLanes, N, whh, N, 1, rec + t * L, kLanes, preH, kLanes, bH, kLanes);
    else
      gemm(GN, kLanes, N, whh, N, 1, rec + t * L, kLanes, preH, kLanes, preI, kLanes);
    float* hc = H + (t + 1) * L;
    const float* hp = H + t * L;
    switch (arch) {
      case ArchCode::Vanilla: vanillaForward(phi, nv, preH, hc); break;
      case ArchCode::Gru: gruForward(nv, (int)L, preI, preH, hp, gates, hnS, hc); break;
      case ArchCode::Lstm: lstmForward(nv, (int)L, preH, Cc + t * L, gates, Cc + (t + 1) * L, tcS, hc); break;
      case ArchCode::Leaky: leakyForward(phi, dt, nv, preH, hp, hc, P + (t + 1) * L); break;
      case ArchCode::Ugrnn: ugrnnForward(nv, (int)L, preH, hp, gates, hc); break;
    }
    const float* yr;
    if (a.readoutState) {
      yr = hc;  // y[o] = state[o]
    } else {
      gemm(O, kLanes, N, wout, N, 1, feat + (t + 1) * L, kLanes, Y, kLanes, bO, kLanes);
      yr = Y;
    }
    // outputs, states and loss in item()'s order: trial, then output (the loss sums in double)
    for (int b = 0; b < Bc; b++) {
      const long trial = dOff + it.b0 + b;
      const long yo = (((long)m * B + it.b0 + b) * T + t) * O;
      const long to = (trial * T + t) * O;
      for (int o = 0; o < O; o++) {
        const float y = yr[(long)o * kLanes + b];
        a.outputs[yo + o] = y;
        if (hasT) {
          const float mk = a.mask ? a.mask[to + o] : 1.f;
          const float e = y - a.targets[to + o];
          lossSum += (double)mk * (double)e * (double)e;
        }
      }
      if (a.states) {
        float* so = a.states + (((long)m * B + it.b0 + b) * T + t) * S;
        for (int n = 0; n < N; n++) so[n] = hc[(long)n * kLanes + b];
        if (Cc) for (int n = 0; n < N; n++) so[N + n] = Cc[(t + 1) * L + (long)n * kLanes + b];
      }
    }
  }
  (void)sm;
  itemLoss[itemIndex] = lossSum;
}

}  // namespace

void rnnRun(const RnnArgs& args, int threads) {
  Runner r(args);
  r.run(threads);
}

const char* rnnSimdName() { return RNN_SIMD_NAME; }
bool rnnHardwareFma() {
#if defined(RNN_SIMD_SOFT_FMA)
  return false;
#else
  return true;
#endif
}
int rnnChunkTrials() { return kChunkTrials; }
