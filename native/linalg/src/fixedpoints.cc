// Fused batched fixed-point search: the whole Adam minimisation of q over K states in one call, the
// native twin of optimiseStates + Dynamics.qGrad in src/analysis/fixedPoints: same algorithm, same
// stopping, clipping and learning-rate rules, float64 throughout.
//
// Same bytes on every CPU and thread count (simd.h): the matrix products are gemm.h's fixed fma
// chains, tanh/exp/sigmoid are vmath.h's, row sums (q, ‖g‖²) are simd::sum_sq's 8-lane order, the
// Adam step uses exact √ and division, and everything global (mean q, the gradient norm, its
// quantile clip, the learning-rate rule) is reduced serially over the points in index order,
// after every block is done. Threads only decide who computes which block of rows.
// Against the JS loop it agrees to rounding: fma in the products and polynomials, another order of
// the row sums, tanh within a few ulp of V8's.
//
// Rows are processed in blocks small enough to stay in cache: per block the Adam step of the
// previous iteration (it needs the global gradient norm, known only after every row's gradient),
// the forward product, the elementwise work and the gradient product, so one pass over the data
// and one thread hand-off per iteration. The bookkeeping between iterations is serial.
#include "fixedpoints.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "gemm.h"
#include "simd.h"
#include "vmath.h"

namespace rnnatlas {
namespace {

using simd::loadw;
using simd::splatw;
using simd::storew;
using simd::vw;
using vmath::sigmoid_array;
using vmath::tanh_array;

// Adam step on n values (TF form: x −= step·m / (√v + ε)), the JS loop's expression term by term.
void adam_rows(double* __restrict x, double* __restrict m, double* __restrict v, const double* __restrict g, int n, double scale,
               double step, double b1, double b2, double eps) {
  const double c1 = 1 - b1, c2 = 1 - b2;
  for (int i = 0; i < n; i++) {
    const double gi = g[i] * scale;
    const double mi = b1 * m[i] + c1 * gi;
    const double vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    x[i] -= (step * mi) / (std::sqrt(vi) + eps);
  }
}

#ifndef FP_ROWS_PER_BLOCK
#define FP_ROWS_PER_BLOCK 24
#endif
constexpr int RB = FP_ROWS_PER_BLOCK;  // rows per block: a multiple of every GEMM tile's rows (8, 6, 4); block data stays in L1/L2

struct Net {
  ArchCode arch;
  PhiCode phi;
  int N, S, D;
  int SS;  // row stride of the state arrays: N rounded up to 8 for vanilla nets, else S
  std::vector<double> WT;  // W_hhᵀ [N, D] packed: pre-activations = h · W_hhᵀ
  std::vector<double> W;   // W_hh [D, N] packed: gradient = δ · W_hh
  const double* bhhn;      // GRU: b_hn [N]
};

// Per-thread work space of one block (zero-initialised: the vanilla padding columns of a are never
// written and must read as 0).
struct Scratch {
  std::vector<double> a, b, c, d, r;
  explicit Scratch(const Net& n) {
    const size_t sz = static_cast<size_t>(RB) * std::max(std::max(n.D, n.S), n.SS);
    a.resize(sz);
    b.resize(sz);
    c.resize(sz);
    d.resize(sz);
    r.resize(sz);
  }
};

// One block per architecture below: R rows of states x [R, SS] (drive rows ds apart: the row
// stride, or 0 when every point has the same drive) → residual r = F(x) − x [R, SS] (q = ½‖r‖²)
// and ∇q g [R, SS]. The equations are those of the architecture's Dynamics in dynamics.ts.

// ---- Vanilla: x' = φ(W x + drive). r = f − x, δ = φ'·r, g = Wᵀδ − r. ----
// Rows are SS = N rounded up to 8 apart and zero-padded (see fp_optimise), so they are whole
// vectors; the padding stays 0 through every step (φ(0) = 0 for every φ here).
template <PhiCode P>
void vanilla_rows(const double* a, const double* drive, int ds, const double* x, int SS, int R, double* r, double* d) {
  for (int k = 0; k < R; k++) {
    const double* ak = a + k * SS;
    const double* dk = drive + k * ds;
    const double* xk = x + k * SS;
    double* rk = r + k * SS;
    double* dd = d + k * SS;
    for (int i = 0; i < SS; i += simd::W) {
      const vw pre = loadw(ak + i) + loadw(dk + i);
      vw f, dphi;
      if (P == PhiCode::Tanh) {
        f = vmath::tanh_v(pre);
        dphi = 1.0 - f * f;
      } else if (P == PhiCode::Relu) {
        f = pre > 0.0 ? pre : splatw(0.0);
        dphi = pre > 0.0 ? splatw(1.0) : splatw(0.0);
      } else {
        f = pre;
        dphi = splatw(1.0);
      }
      const vw ri = f - loadw(xk + i);
      storew(rk + i, ri);
      storew(dd + i, dphi * ri);
    }
  }
}

void vanilla_block(const Net& net, const double* x, const double* drive, int ds, int R, double* r, double* g, Scratch& sc) {
  const int N = net.N, SS = net.SS;
  double* a = sc.a.data();
  double* d = sc.b.data();
  gemm_packed(x, SS, net.WT.data(), a, SS, R, N, N, false);
  if (net.phi == PhiCode::Tanh) vanilla_rows<PhiCode::Tanh>(a, drive, ds, x, SS, R, r, d);
  else if (net.phi == PhiCode::Relu) vanilla_rows<PhiCode::Relu>(a, drive, ds, x, SS, R, r, d);
  else vanilla_rows<PhiCode::Identity>(a, drive, ds, x, SS, R, r, d);
  gemm_packed(d, SS, net.W.data(), g, SS, R, N, N, false);
  for (int i = 0; i < R * SS; i++) g[i] -= r[i];
}

// ---- Leaky (continuous time): ẋ = −x + W φ(x) + drive. r = ẋ, g = φ'·(Wᵀr) − r. ----
void leaky_block(const Net& net, const double* x, const double* drive, int ds, int R, double* r, double* g, Scratch& sc) {
  const int N = net.N;
  double* p = sc.a.data();
  double* dp = sc.b.data();
  double* t = sc.c.data();
  const int n = R * N;
  if (net.phi == PhiCode::Tanh) {
    tanh_array(x, p, n);
    for (int i = 0; i < n; i++) dp[i] = 1 - p[i] * p[i];
  } else {
    std::memcpy(p, x, sizeof(double) * n);
    std::fill(dp, dp + n, 1.0);
  }
  for (int k = 0; k < R; k++) {
    const double* dk = drive + k * ds;
    const double* xk = x + k * N;
    double* rk = r + k * N;
    for (int i = 0; i < N; i++) rk[i] = dk[i] - xk[i];
  }
  gemm_packed(p, N, net.WT.data(), r, N, R, N, N, true);
  gemm_packed(r, N, net.W.data(), t, N, R, N, N, false);
  for (int i = 0; i < n; i++) g[i] = dp[i] * t[i] - r[i];
}

// ---- GRU (PyTorch gate order r, z, n): x' = (1 − z)·n + z·h with r, z = σ(drive + W h),
// n = tanh(drive_n + r·(W_n h + b_hn)). r = x' − h, back-propagated through the gates. ----
void gru_block(const Net& net, const double* x, const double* drive, int ds, int R, double* res, double* g, Scratch& sc) {
  const int N = net.N, D = net.D;
  double* gh = sc.a.data();   // W_hh h [R, 3N]
  double* sg = sc.b.data();   // σ(r, z) pre-activations → gates, and tanh argument
  double* dgh = sc.c.data();  // δ [R, 3N]
  const double* bn = net.bhhn;
  gemm_packed(x, N, net.WT.data(), gh, D, R, N, D, false);
  for (int k = 0; k < R; k++) {
    const double* dk = drive + k * ds;
    const double* gk = gh + k * D;
    double* sk = sg + k * D;
    for (int i = 0; i < 2 * N; i++) sk[i] = dk[i] + gk[i];
    sigmoid_array(sk, sk, 2 * N);
    for (int i = 0; i < N; i++) sk[2 * N + i] = dk[2 * N + i] + sk[i] * (gk[2 * N + i] + bn[i]);
    tanh_array(sk + 2 * N, sk + 2 * N, N);
  }
  for (int k = 0; k < R; k++) {
    const double* gk = gh + k * D;
    const double* sk = sg + k * D;
    const double* xk = x + k * N;
    double* dk = dgh + k * D;
    double* grk = g + k * N;
    double* rk = res + k * N;
    for (int i = 0; i < N; i++) {
      const double r = sk[i];
      const double z = sk[N + i];
      const double n = sk[2 * N + i];
      const double ghn = gk[2 * N + i] + bn[i];
      const double h = xk[i];
      const double v = (1 - z) * n + z * h - h;
      rk[i] = v;
      const double dan = v * (1 - z) * (1 - n * n);
      dk[i] = dan * ghn * r * (1 - r);
      dk[N + i] = v * (h - n) * z * (1 - z);
      dk[2 * N + i] = dan * r;
      grk[i] = v * z - v;
    }
  }
  gemm_packed(dgh, D, net.W.data(), g, N, R, D, N, true);
}

// ---- LSTM (gate order i, f, g, o; state [h, c]): c' = f·c + i·g, h' = o·tanh(c') with
// i, f, o = σ(·), g = tanh(·) of drive + W h. r = [h' − h, c' − c]. ----
void lstm_block(const Net& net, const double* x, const double* drive, int ds, int R, double* res, double* g, Scratch& sc) {
  const int N = net.N, S = net.S, D = net.D;
  double* a = sc.a.data();   // pre-activations [R, 4N] → gate values
  double* da = sc.b.data();  // δ [R, 4N]
  for (int k = 0; k < R; k++) std::memcpy(a + k * D, drive + k * ds, sizeof(double) * D);
  gemm_packed(x, S, net.WT.data(), a, D, R, N, D, true);  // h is the first N of each [h, c] row
  for (int k = 0; k < R; k++) {
    double* ak = a + k * D;
    sigmoid_array(ak, ak, 2 * N);
    tanh_array(ak + 2 * N, ak + 2 * N, N);
    sigmoid_array(ak + 3 * N, ak + 3 * N, N);
  }
  double* c2b = sc.c.data();  // c' [R, N]
  double* tcb = sc.d.data();  // tanh(c') [R, N]
  for (int k = 0; k < R; k++) {
    const double* ak = a + k * D;
    const double* ck = x + k * S + N;
    double* c2k = c2b + k * N;
    for (int j = 0; j < N; j++) c2k[j] = ak[N + j] * ck[j] + ak[j] * ak[2 * N + j];
  }
  tanh_array(c2b, tcb, R * N);
  for (int k = 0; k < R; k++) {
    const double* ak = a + k * D;
    const double* xk = x + k * S;
    const double* tk = tcb + k * N;
    const double* c2k = c2b + k * N;
    double* dk = da + k * D;
    double* gk = g + k * S;
    double* rk = res + k * S;
    for (int j = 0; j < N; j++) {
      const double ig = ak[j], fg = ak[N + j], gg = ak[2 * N + j], og = ak[3 * N + j];
      const double c = xk[N + j];
      const double c2 = c2k[j];
      const double tc = tk[j];
      const double vh = og * tc - xk[j];
      const double vc = c2 - c;
      rk[j] = vh;
      rk[N + j] = vc;
      const double dc = vh * og * (1 - tc * tc) + vc;
      dk[j] = dc * gg * ig * (1 - ig);
      dk[N + j] = dc * c * fg * (1 - fg);
      dk[2 * N + j] = dc * ig * (1 - gg * gg);
      dk[3 * N + j] = vh * tc * og * (1 - og);
      gk[N + j] = dc * fg - vc;
      gk[j] = -vh;
    }
  }
  gemm_packed(da, D, net.W.data(), g, S, R, D, N, true);
}

// ---- UGRNN (gate blocks c, u): x' = u·h + (1 − u)·c with c = tanh(a_c), u = σ(a_u), a = drive + W h.
// r = x' − h; δ_c = r·(1 − u)·(1 − c²), δ_u = r·(h − c)·u·(1 − u); g = Wᵀδ + r·u − r. ----
void ugrnn_block(const Net& net, const double* x, const double* drive, int ds, int R, double* res, double* g, Scratch& sc) {
  const int N = net.N, D = net.D;
  double* a = sc.a.data();   // pre-activations [R, 2N] → c, u
  double* da = sc.b.data();  // δ [R, 2N]
  for (int k = 0; k < R; k++) std::memcpy(a + k * D, drive + k * ds, sizeof(double) * D);
  gemm_packed(x, N, net.WT.data(), a, D, R, N, D, true);
  for (int k = 0; k < R; k++) {
    double* ak = a + k * D;
    tanh_array(ak, ak, N);
    sigmoid_array(ak + N, ak + N, N);
  }
  for (int k = 0; k < R; k++) {
    const double* ak = a + k * D;
    const double* xk = x + k * N;
    double* dk = da + k * D;
    double* gk = g + k * N;
    double* rk = res + k * N;
    for (int i = 0; i < N; i++) {
      const double c = ak[i];
      const double u = ak[N + i];
      const double h = xk[i];
      const double v = u * h + (1 - u) * c - h;
      rk[i] = v;
      dk[i] = v * (1 - u) * (1 - c * c);
      dk[N + i] = v * (h - c) * u * (1 - u);
      gk[i] = v * u - v;
    }
  }
  gemm_packed(da, D, net.W.data(), g, N, R, D, N, true);
}

// q and ∇q for R rows (x [R, SS]) into q [R], g [R, SS], gsq [R] = ‖g_row‖².
void qgrad_block(const Net& net, const double* x, const double* drive, int ds, int R, double* q, double* g, double* gsq, Scratch& sc) {
  double* r = sc.r.data();
  switch (net.arch) {
    case ArchCode::Vanilla: vanilla_block(net, x, drive, ds, R, r, g, sc); break;
    case ArchCode::Leaky: leaky_block(net, x, drive, ds, R, r, g, sc); break;
    case ArchCode::Gru: gru_block(net, x, drive, ds, R, r, g, sc); break;
    case ArchCode::Lstm: lstm_block(net, x, drive, ds, R, r, g, sc); break;
    case ArchCode::Ugrnn: ugrnn_block(net, x, drive, ds, R, r, g, sc); break;
  }
  const int SS = net.SS;
  for (int k = 0; k < R; k++) {
    q[k] = 0.5 * simd::sum_sq(r + k * SS, SS);
    gsq[k] = simd::sum_sq(g + k * SS, SS);
  }
}

// Workers for the block passes. Blocks are claimed one at a time, so the caller never waits for a
// worker that has not been scheduled yet (on a loaded 2-core machine that can take a whole time
// slice): it processes whatever is left itself and waits only for blocks a worker has claimed.
// The caller claims from the front and workers from the back, so with steady timing each thread
// gets the same rows every pass and they stay in its L2. With `fixed`, slot s runs exactly the
// blocks b ≡ s (mod parts) instead (RNN_ATLAS_FP_SPLIT=fixed: tests that every thread really
// computes rows). The state word packs epoch (19 bits) | fixed (1) | parts (4) | front (20) |
// back (20); a claim is a CAS on it, so a late worker cannot take a block of a newer pass.
class BlockPool {
 public:
  static BlockPool& get() {
    static BlockPool* pool = new BlockPool();  // never destroyed: workers may sleep in a wait
    return *pool;
  }

  // Runs f(block, slot) for block = 0..nblocks−1 over at most `parts` threads; slot < parts.
  void run(int nblocks, int parts, const std::function<void(int, int)>& f, bool fixed) {
    // One pass at a time (e.g. searches started from several Node worker threads): others run
    // their blocks on their own thread.
    std::unique_lock<std::mutex> busy(run_mu_, std::try_to_lock);
    if (!busy.owns_lock()) {
      for (int b = 0; b < nblocks; b++) f(b, 0);
      return;
    }
    parts = std::min(parts, 15);
    ensure(parts - 1);
    f_ = &f;
    done_.store(0, std::memory_order_relaxed);
    epoch_ = (epoch_ + 1) & 0x7FFFF;
    state_.store(pack(epoch_, fixed, parts, 0, nblocks), std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      std::lock_guard<std::mutex> lk(mu_);
      cv_.notify_all();
    }
    const int mine = work(0, epoch_);
    int spins = 0;
    while (done_.load(std::memory_order_acquire) + mine < nblocks) {
      if (++spins < 4000) {
        pause();
      } else {
        std::this_thread::yield();
      }
    }
  }

 private:
  static uint64_t pack(uint64_t epoch, uint64_t fixed, uint64_t parts, uint64_t front, uint64_t back) {
    return (epoch << 45) | (fixed << 44) | (parts << 40) | (front << 20) | back;
  }
  static void pause() {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
  }

  // Claims and runs blocks of pass `epoch` until none is left; returns how many it ran.
  int work(int slot, uint64_t epoch) {
    int ran = 0;
    {
      const uint64_t s = state_.load(std::memory_order_acquire);
      const uint64_t parts = (s >> 40) & 0xF, nblocks = s & 0xFFFFF;
      if ((s >> 45) == epoch && ((s >> 44) & 1) != 0) {
        if (static_cast<uint64_t>(slot) >= parts) return 0;
        // The caller waits for every block, so the pass cannot change under us.
        for (uint64_t b = slot; b < nblocks; b += parts) {
          (*f_)(static_cast<int>(b), slot);
          ran++;
          if (slot != 0) done_.fetch_add(1, std::memory_order_acq_rel);
        }
        return ran;
      }
    }
    for (;;) {
      uint64_t s = state_.load(std::memory_order_acquire);
      const uint64_t ep = s >> 45, parts = (s >> 40) & 0xF, front = (s >> 20) & 0xFFFFF, back = s & 0xFFFFF;
      if (ep != epoch || front >= back || static_cast<uint64_t>(slot) >= parts) break;
      const uint64_t claimed = slot == 0 ? s + (uint64_t{1} << 20) : s - 1;
      if (!state_.compare_exchange_weak(s, claimed, std::memory_order_acq_rel)) continue;
      // The caller waits for this block, so f_ stays valid until done_ counts it.
      (*f_)(static_cast<int>(slot == 0 ? front : back - 1), slot);
      ran++;
      if (slot != 0) done_.fetch_add(1, std::memory_order_acq_rel);
    }
    return ran;
  }

  // Called before the new pass is published: a new worker starts from the epoch before it, so it
  // sees the pass as new (a fixed split waits for its share).
  void ensure(int workers) {
    while (static_cast<int>(threads_.size()) < workers) {
      const int slot = static_cast<int>(threads_.size()) + 1;
      const uint64_t seen = state_.load(std::memory_order_acquire) >> 45;
      threads_.emplace_back([this, slot, seen] { loop(slot, seen); });
      threads_.back().detach();
    }
  }

  void loop(int slot, uint64_t seen) {
    int idle = 0;
    for (;;) {
      const uint64_t ep = state_.load(std::memory_order_acquire) >> 45;
      if (ep != seen) {
        seen = ep;
        work(slot, ep);
        idle = 0;
        continue;
      }
      // Spin through the short serial step between passes, then back off, then sleep.
      if (++idle < 20000) {
        pause();
      } else if (idle < 40000) {
        std::this_thread::yield();
      } else {
        std::unique_lock<std::mutex> lk(mu_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        cv_.wait_for(lk, std::chrono::milliseconds(5),
                     [&] { return (state_.load(std::memory_order_acquire) >> 45) != seen; });
        sleepers_.fetch_sub(1, std::memory_order_acq_rel);
        idle = 0;
      }
    }
  }

  std::atomic<uint64_t> state_{0};
  std::atomic<int> done_{0};
  std::atomic<int> sleepers_{0};
  const std::function<void(int, int)>* f_ = nullptr;
  uint64_t epoch_ = 0;
  std::mutex mu_;
  std::mutex run_mu_;
  std::condition_variable cv_;
  std::vector<std::thread> threads_;
};

}  // namespace

void fp_tanh(const double* in, double* out, int n) { tanh_array(in, out, n); }

FpOptions fp_options_from(const double* opts, size_t n) {
  FpOptions o;
  o.tolQ = opts[0];
  o.tolDq = opts[1];
  o.maxIters = static_cast<int>(opts[2]);
  o.lrInit = opts[3];
  o.adaptiveLr = opts[4] != 0;
  o.lrDecreaseFactor = opts[5];
  o.lrPatience = static_cast<int>(opts[6]);
  o.lrMinStepsPerIncrease = static_cast<int>(opts[7]);
  o.clipQuantile = opts[8];
  o.clipWindow = static_cast<int>(opts[9]);
  o.clipInit = opts[10];
  o.beta1 = opts[11];
  o.beta2 = opts[12];
  o.adamEps = opts[13];
  o.progressEvery = static_cast<int>(opts[14]);
  o.threads = static_cast<int>(opts[15]);
  o.fixedSplit = n > 16 && opts[16] != 0;
  return o;
}

bool fp_optimise(const FpProblem& pb, const FpOptions& o, const FpProgress& progress, FpResult& res) {
  Net net;
  net.arch = pb.arch;
  net.phi = pb.phi;
  net.N = pb.N;
  net.S = pb.S;
  net.D = pb.D;
  net.bhhn = pb.bhhn;
  net.SS = pb.arch == ArchCode::Vanilla ? (pb.N + 7) / 8 * 8 : pb.S;
  {
    std::vector<double> wt(static_cast<size_t>(pb.N) * pb.D);
    for (int i = 0; i < pb.D; i++)
      for (int j = 0; j < pb.N; j++) wt[static_cast<size_t>(j) * pb.D + i] = pb.Whh[static_cast<size_t>(i) * pb.N + j];
    pack_b(wt.data(), pb.N, pb.D, net.WT);
    pack_b(pb.Whh, pb.D, pb.N, net.W);
  }
  const int K = pb.K, S = pb.S, D = pb.D;
  double* x = pb.x;
  res.itersRun = 0;
  res.finalLr = o.lrInit;
  if (K == 0) return true;

  int Ka = K;
  std::vector<int> act(K);
  for (int k = 0; k < K; k++) act[k] = k;
  // State rows SS apart (zero padding for vanilla nets, whose row kernels then need no tails).
  const int SS = net.SS;
  const int DS = pb.arch == ArchCode::Vanilla ? SS : D;
  std::vector<double> xa(static_cast<size_t>(K) * SS, 0.0);
  for (int k = 0; k < K; k++) std::memcpy(xa.data() + static_cast<size_t>(k) * SS, x + static_cast<size_t>(k) * S, sizeof(double) * S);
  // One shared drive row (the usual case: every point at the same input) keeps the working set
  // smaller by a fifth; then compaction need not move drive rows.
  bool shared = true;
  for (int k = 1; k < K && shared; k++) shared = std::memcmp(pb.drive, pb.drive + static_cast<size_t>(k) * D, sizeof(double) * D) == 0;
  const int ds = shared ? 0 : DS;
  std::vector<double> da(static_cast<size_t>(shared ? 1 : K) * DS, 0.0);
  for (int k = 0; k < (shared ? 1 : K); k++)
    std::memcpy(da.data() + static_cast<size_t>(k) * DS, pb.drive + static_cast<size_t>(k) * D, sizeof(double) * D);
  std::vector<double> m(static_cast<size_t>(K) * SS, 0.0), v(static_cast<size_t>(K) * SS, 0.0), g(static_cast<size_t>(K) * SS, 0.0);
  std::vector<double> q(K), gsq(K), qPrev(K, INFINITY);

  const int threads = std::max(1, std::min(o.threads, (K + RB - 1) / RB));
  std::vector<Scratch> scratch;
  for (int t = 0; t < threads; t++) scratch.emplace_back(net);

  double lr = o.lrInit;
  std::vector<double> lossHist;
  int lastLrChange = 0;
  std::vector<double> normHist;
  std::vector<double> sorted;
  double frozenSum = 0;
  double b1t = 1, b2t = 1;
  const double b1 = o.beta1, b2 = o.beta2, eps = o.adamEps;
  // Adam step pending from the previous iteration (applied at the start of the next parallel pass).
  bool pending = false;
  double scale = 1, step = 0;

  // One block of RB rows: the pending Adam step, then q and ∇q there.
  std::function<void(int, int)> block = [&](int b, int slot) {
    const int a = b * RB;
    const int R = std::min(RB, Ka - a);
    double* xb = xa.data() + static_cast<size_t>(a) * SS;
    if (pending) {
      double* mb = m.data() + static_cast<size_t>(a) * SS;
      double* vb = v.data() + static_cast<size_t>(a) * SS;
      const double* gb = g.data() + static_cast<size_t>(a) * SS;
      adam_rows(xb, mb, vb, gb, R * SS, scale, step, b1, b2, eps);
    }
    qgrad_block(net, xb, da.data() + static_cast<size_t>(a) * ds, ds, R, q.data() + a, g.data() + static_cast<size_t>(a) * SS,
                gsq.data() + a, scratch[slot]);
  };
  // Threads or not, chosen by measurement: on a loaded machine a worker can be preempted holding a
  // block, and the whole pass waits for it (measured: 2 threads slower than 1 at load 4 on 2
  // cores). Seconds per row are tracked for both modes (moving averages), the faster is used, and
  // the other is re-tried every 64 passes. Results do not depend on the mode.
  double secPerRow[2] = {0, 0};
  int passes = 0;
  auto run_pass = [&]() {
    const int nblocks = (Ka + RB - 1) / RB;
    // Below ~1M multiply-adds per pass the thread hand-off costs more than it saves.
    const double madds = 2.0 * Ka * static_cast<double>(net.N) * D;
    const int parts = madds < 1e6 ? 1 : std::min(threads, nblocks);
    if (parts <= 1) {
      for (int b = 0; b < nblocks; b++) block(b, 0);
    } else {
      const int n = passes++;
      int mode;
      if (o.fixedSplit) mode = 1;
      else if (n < 6) mode = 1 - n % 2;  // parallel first, then alternate for first estimates
      else {
        mode = secPerRow[1] <= secPerRow[0] ? 1 : 0;
        if (n % 64 == 0) mode = 1 - mode;
      }
      const auto t0 = std::chrono::steady_clock::now();
      if (mode == 1) {
        BlockPool::get().run(nblocks, parts, block, o.fixedSplit);
      } else {
        for (int b = 0; b < nblocks; b++) block(b, 0);
      }
      const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / Ka;
      secPerRow[mode] = secPerRow[mode] == 0 ? sec : 0.75 * secPerRow[mode] + 0.25 * sec;
    }
    pending = false;
  };

  int it;
  for (it = 1; it <= o.maxIters; it++) {
    run_pass();

    // Per-point stopping: stopped rows leave the working set with their current x.
    int nStop = 0;
    double activeSum = 0;
    for (int a = 0; a < Ka; a++) {
      const double qa = q[a];
      const bool fin = std::isfinite(qa);
      const bool stop = !fin || qa < o.tolQ || std::fabs(qa - qPrev[a]) < o.tolDq * lr;
      if (stop) {
        const int k = act[a];
        std::memcpy(x + static_cast<size_t>(k) * S, xa.data() + static_cast<size_t>(a) * SS, sizeof(double) * S);
        res.q[k] = qa;
        res.iters[k] = it - 1;
        res.converged[k] = fin ? 1 : 0;
        if (fin) frozenSum += qa;
        act[a] = -1;
        nStop++;
      } else {
        activeSum += qa;
      }
    }
    if (nStop > 0) {
      int w = 0;
      for (int a = 0; a < Ka; a++) {
        if (act[a] < 0) continue;
        if (w != a) {
          act[w] = act[a];
          const size_t so = static_cast<size_t>(a) * SS, sw = static_cast<size_t>(w) * SS;
          std::memmove(xa.data() + sw, xa.data() + so, sizeof(double) * SS);
          std::memmove(m.data() + sw, m.data() + so, sizeof(double) * SS);
          std::memmove(v.data() + sw, v.data() + so, sizeof(double) * SS);
          std::memmove(g.data() + sw, g.data() + so, sizeof(double) * SS);
          if (!shared) std::memmove(da.data() + static_cast<size_t>(w) * DS, da.data() + static_cast<size_t>(a) * DS, sizeof(double) * DS);
          q[w] = q[a];
          gsq[w] = gsq[a];
        }
        w++;
      }
      Ka = w;
      if (Ka == 0) break;
    }
    for (int a = 0; a < Ka; a++) qPrev[a] = q[a];
    const double meanQ = (activeSum + frozenSum) / K;

    // Global gradient norm, clipped at a quantile of the recent norms.
    double sq = 0;
    for (int a = 0; a < Ka; a++) sq += gsq[a];
    const double norm = std::sqrt(sq) / K;
    double clip = o.clipInit;
    if (!normHist.empty()) {
      sorted.assign(normHist.begin(), normHist.end());
      // TypedArray sort order: numbers ascending, NaN last.
      std::sort(sorted.begin(), sorted.end(), [](double p, double r) {
        if (std::isnan(p)) return false;
        if (std::isnan(r)) return true;
        return p < r;
      });
      const int len = static_cast<int>(sorted.size());
      const int idx = std::min(len - 1, static_cast<int>(std::floor(o.clipQuantile * (len - 1) + 0.5)));
      clip = sorted[idx];
    }
    normHist.push_back(norm);
    if (static_cast<int>(normHist.size()) > o.clipWindow) normHist.erase(normHist.begin());
    scale = (norm > clip && norm > 0 ? clip / norm : 1) / K;

    b1t *= b1;
    b2t *= b2;
    step = (lr * std::sqrt(1 - b2t)) / (1 - b1t);
    pending = true;

    // Adaptive learning rate (FixedPointFinder TF rule), from the loss before this step.
    lossHist.push_back(meanQ);
    if (static_cast<int>(lossHist.size()) > o.lrPatience + 1) lossHist.erase(lossHist.begin());
    if (o.adaptiveLr && static_cast<int>(lossHist.size()) == o.lrPatience + 1) {
      const double newest = lossHist.back();
      bool worseThanAll = true, monotone = true;
      for (size_t i = 0; i + 1 < lossHist.size(); i++) {
        if (!(newest > lossHist[i])) worseThanAll = false;
        if (!(lossHist[i + 1] < lossHist[i])) monotone = false;
      }
      if (worseThanAll) {
        lr *= o.lrDecreaseFactor;
        lastLrChange = it;
      } else if (monotone && it - lastLrChange >= o.lrMinStepsPerIncrease) {
        lr /= o.lrDecreaseFactor;
        lastLrChange = it;
      }
    }
    if (progress && o.progressEvery > 0 && it % o.progressEvery == 0) {
      if (!progress(it, Ka, meanQ, lr)) return false;
    }
  }
  const int itersRun = std::min(it, o.maxIters);
  if (Ka > 0) {
    run_pass();  // applies the last pending step and evaluates q there
    for (int a = 0; a < Ka; a++) {
      const int k = act[a];
      std::memcpy(x + static_cast<size_t>(k) * S, xa.data() + static_cast<size_t>(a) * SS, sizeof(double) * S);
      res.q[k] = q[a];
      res.iters[k] = itersRun;
    }
  }
  res.itersRun = itersRun;
  res.finalLr = lr;
  return true;
}

}  // namespace rnnatlas
