// Fused forward + BPTT for populations of RNNs (vanilla/linear, GRU, LSTM, leaky), float32.
// Same semantics as src/kernels/jsKernel.ts; see src/kernels/types.ts for layouts.
//
// Work is split into items (a network, or a slice of its batch when there are fewer networks than
// threads) run by std::threads. Inside an item, everything is time-major and padded to the SIMD width
// so each step is a few GEMMs over [batch, units] blocks that stay in L1/L2:
//   forward   pre = x_t·W_ihᵀ + b,  pre_h = h_{t-1}·W_hhᵀ + b_h          (weights pre-transposed)
//   backward  dW_hh += dAᵀ·h_{t-1},  dW_ih += x_tᵀ·dA,  dh_{t-1} = dA·W_hh
#include "rnn.h"
#include "simd.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace {

inline int padUp(int n) { return (n + VW - 1) / VW * VW; }

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
  Buf wihT, whhT, whhP, bI, bH, bS, woutP;        // padded weights
  Buf H, C, P, gates, hn, tc, dy;                  // forward storage
  Buf preI, preH, dH, dC, dHn, dai, dah, dir, tmp;  // per-step scratch
  Buf gWihT, gWhhP, gbI, gbH, gWoutP, gbout;        // padded grad accumulators
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
  int m, b0, b1;
  int part;  // -1: whole network (writes grads directly); else index into partial buffers
};

inline vf phiV(int code, vf a) { return code == 0 ? vtanh(a) : code == 1 ? vrelu(a) : a; }
// φ' from pre-activation a and φ(a).
inline vf dphiV(int code, vf a, vf p) {
  if (code == 0) return 1.f - p * p;
  if (code == 1) return a > splat(0.f) ? splat(1.f) : splat(0.f);
  return splat(1.f);
}

class Runner {
 public:
  explicit Runner(const RnnArgs& a) : a_(a) {
    N = a.N; I = a.I; O = a.O; G = a.arch == 1 ? 3 : a.arch == 2 ? 4 : 1;
    Np = padUp(N); GNp = G * Np; S = a.arch == 2 ? 2 * N : N;
    sizes[0] = (long)G * N * I; sizes[1] = (long)G * N * N; sizes[2] = a.arch == 3 ? 0 : (long)G * N;
    sizes[3] = (long)G * N; sizes[4] = a.readoutState ? 0 : (long)O * N; sizes[5] = a.readoutState ? 0 : O;
    total = 0;
    for (long s : sizes) total += s;
  }

  void run(int threads);

 private:
  const RnnArgs& a_;
  int N, I, O, G, Np, GNp, S;
  long sizes[6];
  long total;
  std::vector<Item> items;
  std::vector<std::vector<float>> partGrad;
  std::vector<double> itemLoss;
  std::vector<double> maskSum;
  std::vector<char> bad;

  void item(size_t k, Workspace& w, float* const* gout);
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
  // Items: whole networks while they divide evenly over threads; the rest split by batch.
  const int whole = threads > 1 ? M / threads * threads : M;
  int parts = 0;
  for (int m = 0; m < M; m++) {
    if (bad[m]) continue;
    if (m < whole) {
      items.push_back({m, 0, B, -1});
    } else {
      const int chunks = std::min(threads, B);
      for (int c = 0; c < chunks; c++) items.push_back({m, B * c / chunks, B * (c + 1) / chunks, parts++});
    }
  }
  const bool grad = a_.grad;
  if (grad) partGrad.assign(parts, std::vector<float>(total));
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
          if (it.part < 0) {
            float* outs[6] = {a_.gwih, a_.gwhh, a_.gbih, a_.gbhh, a_.gwout, a_.gbout};
            for (int q = 0; q < 6; q++) gout[q] = sizes[q] ? outs[q] + it.m * sizes[q] : nullptr;
          } else {
            float* base = partGrad[it.part].data();
            for (int q = 0; q < 6; q++) { gout[q] = sizes[q] ? base : nullptr; base += sizes[q]; }
          }
        }
        itemLoss[k] = 0;
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

  // Reduce: loss per network, partial gradients in item order (deterministic).
  const double nan = std::nan("");
  if (a_.loss) for (int m = 0; m < M; m++) a_.loss[m] = bad[m] ? nan : 0.0;
  std::vector<int> seen(M, 0);
  float* outs[6] = {a_.gwih, a_.gwhh, a_.gbih, a_.gbhh, a_.gwout, a_.gbout};
  for (size_t k = 0; k < items.size(); k++) {
    const Item& it = items[k];
    if (a_.loss) a_.loss[it.m] += itemLoss[k];
    if (grad && it.part >= 0) {
      const float* src = partGrad[it.part].data();
      for (int q = 0; q < 6; q++) {
        if (!sizes[q]) continue;
        float* dst = outs[q] + it.m * sizes[q];
        if (!seen[it.m]) std::memcpy(dst, src, sizes[q] * sizeof(float));
        else for (long i = 0; i < sizes[q]; i++) dst[i] += src[i];
        src += sizes[q];
      }
      seen[it.m] = 1;
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
  const Item& it = items[itemIndex];
  const RnnArgs& a = a_;
  const int m = it.m, B = a.B, T = a.T, Bc = it.b1 - it.b0, arch = a.arch, phi = a.phi;
  const bool grad = a.grad;
  const float dt = (float)a.dt;
  const long pm = (long)m;

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
  float* woutP = w.woutP.zeroed((size_t)std::max(O, 1) * Np);
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
    for (int o = 0; o < O; o++)
      for (int n = 0; n < N; n++) woutP[(long)o * Np + n] = wout[(long)o * N + n];

  // ---- forward storage, time-major: slot t+1 = state after step t
  const long L = (long)Bc * Np;  // one time slice
  float* H = w.H.get((size_t)(T + 1) * L);
  float* Cc = arch == 2 ? w.C.get((size_t)(T + 1) * L) : nullptr;
  float* P = arch == 3 ? w.P.get((size_t)(T + 1) * L) : nullptr;
  float* gates = (arch == 1 || arch == 2) ? w.gates.get((size_t)T * Bc * GNp) : nullptr;
  float* hnS = arch == 1 ? w.hn.get((size_t)T * L) : nullptr;
  float* tcS = arch == 2 ? w.tc.get((size_t)T * L) : nullptr;
  float* dy = w.dy.get((size_t)T * Bc * std::max(O, 1));
  float* preI = w.preI.get((size_t)Bc * GNp);
  float* preH = w.preH.get((size_t)Bc * GNp);
  float* bSum = w.bS.get(GNp);
  for (int j = 0; j < GNp; j++) bSum[j] = bI[j] + bH[j];
  float* rec = arch == 3 ? P : H;  // what multiplies W_hh

  const long dOff = a.perNetworkData ? pm * B : 0;  // trial offset into data
  const long xStride = (long)T * I;                  // between trials
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

  const bool hasT = a.targets != nullptr;
  const double sm = maskSum[m];
  const float scale = sm > 0 ? (float)(2.0 * a.lossScale / sm) : 0.f;
  double lossSum = 0;
  const int nvN = Np / VW;

  for (int t = 0; t < T; t++) {
    const float* xt = a.inputs + (dOff + it.b0) * xStride + (long)t * I;
    if (arch == 1) {  // GRU keeps the two halves apart: n = tanh(x-part + r ⊙ h-part)
      gemm(Bc, GNp, I, xt, xStride, 1, wihT, GNp, preI, GNp, bI, 0);
      gemm(Bc, GNp, Np, rec + t * L, Np, 1, whhT, GNp, preH, GNp, bH, 0);
    } else {  // pre = (x·W_ihᵀ + b_ih + b_hh) + h·W_hhᵀ, accumulated in one buffer
      gemm(Bc, GNp, I, xt, xStride, 1, wihT, GNp, preI, GNp, bSum, 0);
      gemm(Bc, GNp, Np, rec + t * L, Np, 1, whhT, GNp, preH, GNp, preI, GNp);
    }
    float* hc = H + (t + 1) * L;
    const float* hp = H + t * L;
    for (int b = 0; b < Bc; b++) {
      const float* pi = preI + (long)b * GNp;
      const float* ph = preH + (long)b * GNp;
      const long r = (long)b * Np;
      for (int v = 0; v < nvN; v++) {
        const int n = v * VW;
        if (arch == 0) {
          st(hc + r + n, phiV(phi, ld(ph + n)));
        } else if (arch == 1) {
          float* gt = gates + ((long)t * Bc + b) * GNp;
          vf rg = vsigmoid(ld(pi + n) + ld(ph + n));
          vf zg = vsigmoid(ld(pi + Np + n) + ld(ph + Np + n));
          vf hn = ld(ph + 2 * Np + n);
          vf ng = vtanh(ld(pi + 2 * Np + n) + rg * hn);
          st(gt + n, rg); st(gt + Np + n, zg); st(gt + 2 * Np + n, ng);
          st(hnS + t * L + r + n, hn);
          st(hc + r + n, (1.f - zg) * ng + zg * ld(hp + r + n));
        } else if (arch == 2) {
          float* gt = gates + ((long)t * Bc + b) * GNp;
          vf ig = vsigmoid(ld(ph + n));
          vf fg = vsigmoid(ld(ph + Np + n));
          vf gg = vtanh(ld(ph + 2 * Np + n));
          vf og = vsigmoid(ld(ph + 3 * Np + n));
          st(gt + n, ig); st(gt + Np + n, fg); st(gt + 2 * Np + n, gg); st(gt + 3 * Np + n, og);
          vf c = fg * ld(Cc + t * L + r + n) + ig * gg;
          st(Cc + (t + 1) * L + r + n, c);
          vf tc = vtanh(c);
          st(tcS + t * L + r + n, tc);
          st(hc + r + n, og * tc);
        } else {
          vf s = (1.f - dt) * ld(hp + r + n) + dt * ld(ph + n);
          st(hc + r + n, s);
          st(P + (t + 1) * L + r + n, phiV(phi, s));
        }
      }
      // readout, outputs, loss
      const long trial = dOff + it.b0 + b;
      const long yo = (((long)m * B + it.b0 + b) * T + t) * O;
      const long to = (trial * T + t) * O;
      const float* f = (arch == 3 ? P : H) + (t + 1) * L + r;
      for (int o = 0; o < O; o++) {
        float y;
        if (a.readoutState) {
          y = hc[r + o];
        } else {
          vf acc = vf{};
          const float* wo = woutP + (long)o * Np;
          for (int v = 0; v < nvN; v++) acc += ld(wo + v * VW) * ld(f + v * VW);
          y = bout[o] + hsum(acc);
        }
        a.outputs[yo + o] = y;
        if (hasT) {
          const float mk = a.mask ? a.mask[to + o] : 1.f;
          const float e = y - a.targets[to + o];
          lossSum += (double)mk * (double)e * (double)e;
          dy[((long)t * Bc + b) * O + o] = scale * mk * e;
        }
      }
      if (a.states) {
        float* so = a.states + (((long)m * B + it.b0 + b) * T + t) * S;
        std::memcpy(so, hc + r, N * sizeof(float));
        if (Cc) std::memcpy(so + N, Cc + (t + 1) * L + r, N * sizeof(float));
      }
    }
  }
  // Loss is accumulated unnormalised per item; Runner::run normalises per network.
  itemLoss[itemIndex] = lossSum;
  if (!grad) return;

  // ---- backward through time
  float* dH = w.dH.zeroed(L);
  float* dC = arch == 2 ? w.dC.zeroed(L) : nullptr;
  float* dHn = w.dHn.get(L);
  float* dah = w.dah.get((size_t)Bc * GNp);
  float* dai = arch == 1 ? w.dai.get((size_t)Bc * GNp) : dah;
  float* dir = w.dir.get(L);
  float* tmp = w.tmp.get(Np);
  float* gWihT = w.gWihT.zeroed((size_t)std::max(I, 1) * GNp);
  float* gWhhP = w.gWhhP.zeroed((size_t)GNp * Np);
  float* gbI = w.gbI.zeroed(GNp);
  float* gbH = w.gbH.zeroed(GNp);
  float* gWoutP = w.gWoutP.zeroed((size_t)std::max(O, 1) * Np);
  float* gbout = w.gbout.zeroed(std::max(O, 1));

  for (int t = T - 1; t >= 0; t--) {
    const float* hc = H + (t + 1) * L;
    const float* hp = H + t * L;
    // readout gradient into dH (leaky: into ds)
    for (int b = 0; b < Bc; b++) {
      const long r = (long)b * Np;
      const float* dyr = dy + ((long)t * Bc + b) * O;
      if (a.readoutState) {
        for (int o = 0; o < O; o++) dH[r + o] += dyr[o];
        continue;
      }
      const float* f = (arch == 3 ? P : H) + (t + 1) * L + r;
      float* acc = arch == 3 ? tmp : dH + r;
      if (arch == 3) std::memset(tmp, 0, Np * sizeof(float));
      for (int o = 0; o < O; o++) {
        const float d = dyr[o];
        if (d == 0.f) continue;
        gbout[o] += d;
        float* gwo = gWoutP + (long)o * Np;
        const float* wo = woutP + (long)o * Np;
        for (int v = 0; v < nvN; v++) {
          const int n = v * VW;
          st(gwo + n, ld(gwo + n) + d * ld(f + n));
          st(acc + n, ld(acc + n) + d * ld(wo + n));
        }
      }
      if (arch == 3)
        for (int v = 0; v < nvN; v++) {
          const int n = v * VW;
          st(dH + r + n, ld(dH + r + n) + ld(tmp + n) * dphiV(phi, ld(hc + r + n), ld(f + n)));
        }
    }
    // gate pre-activation gradients
    for (int b = 0; b < Bc; b++) {
      const long r = (long)b * Np;
      float* ah = dah + (long)b * GNp;
      float* ai = dai + (long)b * GNp;
      for (int v = 0; v < nvN; v++) {
        const int n = v * VW;
        vf d = ld(dH + r + n);
        if (arch == 0) {
          vf h = ld(hc + r + n);
          st(ah + n, d * dphiV(phi, h, h));
        } else if (arch == 1) {
          const float* gt = gates + ((long)t * Bc + b) * GNp;
          vf rg = ld(gt + n), zg = ld(gt + Np + n), ng = ld(gt + 2 * Np + n);
          vf dan = d * (1.f - zg) * (1.f - ng * ng);
          vf daz = d * (ld(hp + r + n) - ng) * zg * (1.f - zg);
          vf dar = dan * ld(hnS + t * L + r + n) * rg * (1.f - rg);
          st(ah + n, dar); st(ah + Np + n, daz); st(ah + 2 * Np + n, dan * rg);
          st(ai + n, dar); st(ai + Np + n, daz); st(ai + 2 * Np + n, dan);
          st(dir + r + n, d * zg);
        } else if (arch == 2) {
          const float* gt = gates + ((long)t * Bc + b) * GNp;
          vf ig = ld(gt + n), fg = ld(gt + Np + n), gg = ld(gt + 2 * Np + n), og = ld(gt + 3 * Np + n);
          vf tc = ld(tcS + t * L + r + n);
          vf dct = ld(dC + r + n) + d * og * (1.f - tc * tc);
          st(ah + n, dct * gg * ig * (1.f - ig));
          st(ah + Np + n, dct * ld(Cc + t * L + r + n) * fg * (1.f - fg));
          st(ah + 2 * Np + n, dct * ig * (1.f - gg * gg));
          st(ah + 3 * Np + n, d * tc * og * (1.f - og));
          st(dC + r + n, dct * fg);
        } else {
          st(ah + n, dt * d);
          st(dir + r + n, (1.f - dt) * d);
        }
      }
    }
    // weight and bias gradients
    gemm(GNp, Np, Bc, dah, 1, GNp, rec + t * L, Np, gWhhP, Np, gWhhP, Np);
    if (I > 0) {
      const float* xt = a.inputs + (dOff + it.b0) * xStride + (long)t * I;
      gemm(I, GNp, Bc, xt, 1, xStride, dai, GNp, gWihT, GNp, gWihT, GNp);
    }
    for (int b = 0; b < Bc; b++) {
      const float* ah = dah + (long)b * GNp;
      const float* ai = dai + (long)b * GNp;
      for (int j = 0; j < GNp; j += VW) {
        st(gbH + j, ld(gbH + j) + ld(ah + j));
        st(gbI + j, ld(gbI + j) + ld(ai + j));
      }
    }
    if (t == 0) break;
    // dL/d(previous state)
    gemm(Bc, Np, GNp, dah, GNp, 1, whhP, Np, dHn, Np, nullptr, 0);
    for (long k = 0; k < L; k += VW) {
      if (arch == 0 || arch == 2) st(dH + k, ld(dHn + k));
      else if (arch == 1) st(dH + k, ld(dHn + k) + ld(dir + k));
      else st(dH + k, ld(dir + k) + ld(dHn + k) * dphiV(phi, ld(hp + k), ld(P + t * L + k)));
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

}  // namespace

void rnnRun(const RnnArgs& args, int threads) {
  Runner r(args);
  r.run(threads);
}
