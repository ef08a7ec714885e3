// See gemm.h. The micro-kernel holds an MR×NR tile of C in registers (NV vectors of W doubles per
// row, W from simd.h) and walks p = 0..k−1 once, one fma per element per p: the order gemm.h
// promises, whatever MR and NV are. Tiles per ISA (accumulators + B vectors + broadcast ≤ registers):
//   AVX-512  8 rows × 3 vectors of 8 (24 + 3 + 1 of 32 zmm)
//   AVX2     6 rows × 2 vectors of 4 (12 + 2 + 1 of 16 ymm; measured on Zen 3 at K=1024, N=100:
//            6×8 ≈ 39 GFLOP/s, 4×12 ≈ 28–38, 5×8 ≈ 35, 2×24 ≈ 32, 3×12 ≈ 29)
//   NEON     6 rows × 4 vectors of 2 (24 + 4 + 1 of 32 q)
//   scalar   4 rows × 4 doubles (std::fma; the portable build, slow but identical)
// RNN_ATLAS_GEMM_MR / RNN_ATLAS_GEMM_NV override the tile at build time (for measuring others).
#include "gemm.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "simd.h"

namespace rnnatlas {
namespace {

using simd::fmaw;
using simd::loadw;
using simd::splatw;
using simd::storew;
using simd::vw;
using simd::W;

#if defined(RNN_ATLAS_GEMM_MR)
constexpr int MR = RNN_ATLAS_GEMM_MR;
#elif defined(RNN_ATLAS_SIMD_AVX512)
constexpr int MR = 8;
#elif defined(RNN_ATLAS_SIMD_NEON) || defined(RNN_ATLAS_SIMD_AVX2)
constexpr int MR = 6;
#else
constexpr int MR = 4;
#endif
#if defined(RNN_ATLAS_GEMM_NV)
constexpr int NV = RNN_ATLAS_GEMM_NV;
#elif defined(RNN_ATLAS_SIMD_AVX512)
constexpr int NV = 3;
#elif defined(RNN_ATLAS_SIMD_AVX2)
constexpr int NV = 2;
#else
constexpr int NV = 4;
#endif
constexpr int NR = NV * W;  // panel width

// C rows [0, R) × columns [0, w) of one packed panel bp [k×NR], computing only the first V vectors
// (V = ⌈w/W⌉: a narrow last panel, e.g. n = 100 = 8·12 + 4 on AVX2, costs what it needs).
template <int R, int V>
void kernel(const double* a, int lda, const double* bp, int k, double* c, int ldc, int w, bool acc) {
  vw s[R][V];
  for (int r = 0; r < R; r++)
    for (int u = 0; u < V; u++) s[r][u] = splatw(0.0);
  for (int p = 0; p < k; p++) {
    vw b[V];
    for (int u = 0; u < V; u++) b[u] = loadw(bp + static_cast<long>(p) * NR + W * u);
    for (int r = 0; r < R; r++) {
      const vw x = splatw(a[static_cast<long>(r) * lda + p]);
      for (int u = 0; u < V; u++) s[r][u] = fmaw(x, b[u], s[r][u]);
    }
  }
  for (int r = 0; r < R; r++) {
    double* cr = c + static_cast<long>(r) * ldc;
    if (w == W * V) {
      for (int u = 0; u < V; u++) storew(cr + W * u, acc ? loadw(cr + W * u) + s[r][u] : s[r][u]);
    } else {
      double t[W * V];
      for (int u = 0; u < V; u++) storew(t + W * u, s[r][u]);
      if (acc) {
        for (int j = 0; j < w; j++) cr[j] += t[j];
      } else {
        for (int j = 0; j < w; j++) cr[j] = t[j];
      }
    }
  }
}

using KernelFn = void (*)(const double*, int, const double*, int, double*, int, int, bool);

template <int V, int... R>
constexpr std::array<KernelFn, MR> rows_table(std::integer_sequence<int, R...>) {
  return {{&kernel<R + 1, V>...}};
}

template <int... V>
constexpr std::array<std::array<KernelFn, MR>, NV> kernel_table(std::integer_sequence<int, V...>) {
  return {{rows_table<V + 1>(std::make_integer_sequence<int, MR>{})...}};
}

// kKernels[V − 1][R − 1] = kernel<R, V>.
constexpr auto kKernels = kernel_table(std::make_integer_sequence<int, NV>{});

inline void kernel_rows(int R, const double* a, int lda, const double* bp, int k, double* c, int ldc, int w, bool acc) {
  const int V = (w + W - 1) / W;
  kKernels[V - 1][R - 1](a, lda, bp, k, c, ldc, w, acc);
}

// Rows [i0, i1) of C using the packed B (panels of NR columns, zero-padded).
void gemm_rows(const double* a, const double* packed, double* c, int i0, int i1, int k, int n, bool acc) {
  const int panels = (n + NR - 1) / NR;
  for (int i = i0; i < i1; i += MR) {
    const int R = std::min(MR, i1 - i);
    for (int jp = 0; jp < panels; jp++) {
      const int j = jp * NR;
      kernel_rows(R, a + static_cast<long>(i) * k, k, packed + static_cast<long>(jp) * k * NR, k,
                  c + static_cast<long>(i) * n + j, n, std::min(NR, n - j), acc);
    }
  }
}

// Persistent pool: workers spin briefly for new work (calls come back to back in an optimiser loop),
// then sleep on a condition variable so an idle addon costs no CPU.
class Pool {
 public:
  static Pool& get() {
    // Never destroyed: glibc's condition-variable destructor waits for sleeping workers, which
    // would hang process exit.
    static Pool* pool = new Pool();
    return *pool;
  }

  // Runs f(t) for t = 0..parts−1; part 0 on the caller.
  void run(int parts, const std::function<void(int)>& f) {
    ensure(parts - 1);
    {
      std::lock_guard<std::mutex> lk(mu_);
      task_ = &f;
      parts_ = parts;
      pending_.store(parts - 1);
      gen_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    f(0);
    // Spin briefly, then yield: on a loaded machine the worker may be descheduled, and spinning
    // for a whole time slice would cost far more than the hand-off.
    int spins = 0;
    while (pending_.load(std::memory_order_acquire) > 0) {
      if (++spins < 2000) {
#if defined(__x86_64__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        __asm__ __volatile__("yield");
#endif
      } else {
        std::this_thread::yield();
      }
    }
  }

 private:
  void ensure(int workers) {
    while (static_cast<int>(threads_.size()) < workers) {
      const int id = static_cast<int>(threads_.size()) + 1;
      const unsigned long start = gen_.load();  // before this run's increment: the worker sees it
      threads_.emplace_back([this, id, start] { loop(id, start); });
      threads_.back().detach();
    }
  }

  void loop(int id, unsigned long seen) {
    for (;;) {
      int spins = 0;
      while (gen_.load(std::memory_order_acquire) == seen && spins < 50000) {
#if defined(__x86_64__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        __asm__ __volatile__("yield");
#endif
        spins++;
      }
      if (gen_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return gen_.load() != seen; });
      }
      const std::function<void(int)>* task;
      int parts;
      {
        std::lock_guard<std::mutex> lk(mu_);
        seen = gen_.load();
        task = task_;
        parts = parts_;
      }
      if (id < parts) {
        (*task)(id);
        pending_.fetch_sub(1, std::memory_order_acq_rel);
      }
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<unsigned long> gen_{0};
  std::atomic<int> pending_{0};
  const std::function<void(int)>* task_ = nullptr;
  int parts_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace

int gemm_tile_rows() { return MR; }
int gemm_tile_cols() { return NR; }

void pack_b(const double* b, int k, int n, std::vector<double>& out) {
  const int panels = (n + NR - 1) / NR;
  out.assign(static_cast<size_t>(panels) * k * NR, 0.0);
  for (int jp = 0; jp < panels; jp++) {
    const int j0 = jp * NR;
    const int w = std::min(NR, n - j0);
    double* dst = out.data() + static_cast<size_t>(jp) * k * NR;
    for (int p = 0; p < k; p++) std::memcpy(dst + static_cast<size_t>(p) * NR, b + static_cast<long>(p) * n + j0, w * sizeof(double));
  }
}

void gemm_packed(const double* a, int lda, const double* packed, double* c, int ldc, int m, int k, int n, bool acc) {
  // Panel-outer: one B panel (k·NR values) stays in L1 across all row groups of the block, and the
  // A rows, read as broadcasts, stream from L2.
  const int panels = (n + NR - 1) / NR;
  for (int jp = 0; jp < panels; jp++) {
    const int j = jp * NR;
    for (int i = 0; i < m; i += MR) {
      const int R = std::min(MR, m - i);
      kernel_rows(R, a + static_cast<long>(i) * lda, lda, packed + static_cast<long>(jp) * k * NR, k,
                  c + static_cast<long>(i) * ldc + j, ldc, std::min(NR, n - j), acc);
    }
  }
}

void gemm(const double* a, const double* b, double* c, int m, int k, int n, bool accumulate, int threads) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) std::fill(c, c + static_cast<long>(m) * n, 0.0);
    return;
  }
  thread_local std::vector<double> packed;
  pack_b(b, k, n, packed);
  const double flops = 2.0 * m * k * n;
  int parts = std::max(1, std::min(threads, (m + MR - 1) / MR));
  if (flops < 2e5) parts = 1;
  if (parts == 1) {
    gemm_rows(a, packed.data(), c, 0, m, k, n, accumulate);
    return;
  }
  // Split rows in multiples of MR (each element's sum is the same whichever thread computes it).
  const int blocks = (m + MR - 1) / MR;
  const double* pk = packed.data();
  std::function<void(int)> f = [&](int t) {
    const int b0 = static_cast<int>(static_cast<long>(blocks) * t / parts);
    const int b1 = static_cast<int>(static_cast<long>(blocks) * (t + 1) / parts);
    gemm_rows(a, pk, c, std::min(m, b0 * MR), std::min(m, b1 * MR), k, n, accumulate);
  };
  Pool::get().run(parts, f);
}

}  // namespace rnnatlas
