// See gemm.h. Summation order per output element is p = 0..k−1 into a zeroed accumulator, then added
// to C, as in src/analysis/fixedPoints/gemm.ts (only FMA rounding differs, ~1 ulp per term).
#include "gemm.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rnnatlas {
namespace {

constexpr int NR = 24;  // panel width (three 8-wide vectors)
constexpr int MR = 8;   // rows per micro-kernel: 24 vector accumulators of AVX-512's 32 registers

typedef double v8 __attribute__((vector_size(64)));

inline v8 load8(const double* p) {
  v8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// C rows [0, R) × panel columns [0, w) of one packed panel bp [k×NR], computing only the first V
// vectors (V = ⌈w/8⌉: a last panel with w ≤ 8, e.g. n = 100 = 4·24 + 4, costs a third).
template <int R, int V>
void kernel(const double* a, int lda, const double* bp, int k, double* c, int ldc, int w, bool acc) {
  v8 s[V][R];
  for (int u = 0; u < V; u++)
    for (int r = 0; r < R; r++) s[u][r] = v8{};
  for (int p = 0; p < k; p++) {
    v8 b[V];
    for (int u = 0; u < V; u++) b[u] = load8(bp + p * NR + 8 * u);
    for (int r = 0; r < R; r++) {
      const double x = a[r * lda + p];
      for (int u = 0; u < V; u++) s[u][r] += x * b[u];
    }
  }
  if (w == 8 * V) {
    // Whole vectors: vector stores (the element loop below becomes a memmove call).
    for (int r = 0; r < R; r++) {
      double* cr = c + static_cast<long>(r) * ldc;
      for (int u = 0; u < V; u++) {
        v8 t = s[u][r];
        if (acc) t += load8(cr + 8 * u);
        std::memcpy(cr + 8 * u, &t, sizeof(v8));
      }
    }
    return;
  }
  for (int r = 0; r < R; r++) {
    double t[NR];
    for (int u = 0; u < V; u++) std::memcpy(t + 8 * u, &s[u][r], sizeof(v8));
    double* cr = c + static_cast<long>(r) * ldc;
    if (acc) {
      for (int j = 0; j < w; j++) cr[j] += t[j];
    } else {
      for (int j = 0; j < w; j++) cr[j] = t[j];
    }
  }
}

template <int V>
void kernel_rows_v(int R, const double* a, int lda, const double* bp, int k, double* c, int ldc, int w, bool acc) {
  switch (R) {
    case 8: kernel<8, V>(a, lda, bp, k, c, ldc, w, acc); break;
    case 7: kernel<7, V>(a, lda, bp, k, c, ldc, w, acc); break;
    case 6: kernel<6, V>(a, lda, bp, k, c, ldc, w, acc); break;
    case 5: kernel<5, V>(a, lda, bp, k, c, ldc, w, acc); break;
    case 4: kernel<4, V>(a, lda, bp, k, c, ldc, w, acc); break;
    case 3: kernel<3, V>(a, lda, bp, k, c, ldc, w, acc); break;
    case 2: kernel<2, V>(a, lda, bp, k, c, ldc, w, acc); break;
    default: kernel<1, V>(a, lda, bp, k, c, ldc, w, acc); break;
  }
}

// A last panel of at most 4 columns (n = 100 = 4·24 + 4): 4-wide vectors, half the work of 8.
template <int R>
void kernel4(const double* a, int lda, const double* bp, int k, double* c, int ldc, int w, bool acc) {
  typedef double v4 __attribute__((vector_size(32)));
  v4 s[R];
  for (int r = 0; r < R; r++) s[r] = v4{};
  for (int p = 0; p < k; p++) {
    v4 b;
    std::memcpy(&b, bp + p * NR, sizeof b);
    for (int r = 0; r < R; r++) s[r] += a[r * lda + p] * b;
  }
  for (int r = 0; r < R; r++) {
    double t[4];
    std::memcpy(t, &s[r], sizeof t);
    double* cr = c + static_cast<long>(r) * ldc;
    if (acc) {
      for (int j = 0; j < w; j++) cr[j] += t[j];
    } else {
      for (int j = 0; j < w; j++) cr[j] = t[j];
    }
  }
}

void kernel_rows4(int R, const double* a, int lda, const double* bp, int k, double* c, int ldc, int w, bool acc) {
  switch (R) {
    case 8: kernel4<8>(a, lda, bp, k, c, ldc, w, acc); break;
    case 7: kernel4<7>(a, lda, bp, k, c, ldc, w, acc); break;
    case 6: kernel4<6>(a, lda, bp, k, c, ldc, w, acc); break;
    case 5: kernel4<5>(a, lda, bp, k, c, ldc, w, acc); break;
    case 4: kernel4<4>(a, lda, bp, k, c, ldc, w, acc); break;
    case 3: kernel4<3>(a, lda, bp, k, c, ldc, w, acc); break;
    case 2: kernel4<2>(a, lda, bp, k, c, ldc, w, acc); break;
    default: kernel4<1>(a, lda, bp, k, c, ldc, w, acc); break;
  }
}

void kernel_rows(int R, const double* a, int lda, const double* bp, int k, double* c, int ldc, int w, bool acc) {
  if (w <= 4) kernel_rows4(R, a, lda, bp, k, c, ldc, w, acc);
  else if (w <= 8) kernel_rows_v<1>(R, a, lda, bp, k, c, ldc, w, acc);
  else if (w <= 16) kernel_rows_v<2>(R, a, lda, bp, k, c, ldc, w, acc);
  else kernel_rows_v<3>(R, a, lda, bp, k, c, ldc, w, acc);
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

void pack_b(const double* b, int k, int n, std::vector<double>& out) {
  const int panels = (n + NR - 1) / NR;
  out.assign(static_cast<size_t>(panels) * k * NR, 0.0);
  for (int jp = 0; jp < panels; jp++) {
    const int j0 = jp * NR;
    const int w = std::min(NR, n - j0);
    double* dst = out.data() + static_cast<size_t>(jp) * k * NR;
    for (int p = 0; p < k; p++) std::memcpy(dst + p * NR, b + static_cast<long>(p) * n + j0, w * sizeof(double));
  }
}

void gemm_packed(const double* a, int lda, const double* packed, double* c, int ldc, int m, int k, int n, bool acc) {
  // Panel-outer: one B panel (k·16 values) stays in L1 across all row groups of the block, and the
  // A rows, read as broadcasts, stream from L2 (panel-inner order re-streams all of B per 6 rows).
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
  const int panels = (n + NR - 1) / NR;
  thread_local std::vector<double> packed;
  packed.assign(static_cast<size_t>(panels) * k * NR, 0.0);
  for (int jp = 0; jp < panels; jp++) {
    const int j0 = jp * NR;
    const int w = std::min(NR, n - j0);
    double* dst = packed.data() + static_cast<size_t>(jp) * k * NR;
    for (int p = 0; p < k; p++) std::memcpy(dst + p * NR, b + static_cast<long>(p) * n + j0, w * sizeof(double));
  }
  const double flops = 2.0 * m * k * n;
  int parts = std::max(1, std::min(threads, (m + MR - 1) / MR));
  if (flops < 2e5) parts = 1;
  if (parts == 1) {
    gemm_rows(a, packed.data(), c, 0, m, k, n, accumulate);
    return;
  }
  // Split rows in multiples of MR.
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
