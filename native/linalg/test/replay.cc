// Replays recorded calls of the linalg addon's kernels without Node, so that a build for another
// CPU (e.g. aarch64 under qemu-user) can be checked byte for byte against the addon on this one
// (test/determinism/fixedPointsCrossIsa.test.ts writes the jobs and compares the outputs).
//   replay JOBS OUT
// JOBS: a sequence of little-endian jobs, each an int32 kind followed by its arguments:
//   1 search  int32 arch phi N S D K; f64 opts[17]; f64 Whh[D·N]; int32 hasBhhn; f64 bhhn[N] if 1;
//             f64 x[K·S]; f64 drive[K·D]     → f64 x[K·S], f64 q[K], int32 iters[K], u8 converged[K],
//                                              int32 itersRun, f64 finalLr
//   2 eig     int32 n count vectors; f64 mats[n·n·count] → f64 re[n·count], im[n·count], (vectors: f64 z[n·n·count])
//   3 gemm    int32 m k n acc threads; f64 a[m·k], b[k·n], c[m·n] → f64 c[m·n]
//   4 invert  int32 n count; f64 mats[n·n·count] → f64 inverses[n·n·count], u8 ok[count]
// OUT: the outputs of every job, concatenated in the same order.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "../src/eig.h"
#include "../src/fixedpoints.h"
#include "../src/gemm.h"
#include "../src/simd.h"

namespace {

struct Reader {
  const std::vector<char>& buf;
  size_t pos = 0;
  template <class T>
  std::vector<T> take(size_t n) {
    if (pos + n * sizeof(T) > buf.size()) throw std::runtime_error("job file ends early at byte " + std::to_string(pos));
    std::vector<T> v(n);
    std::memcpy(v.data(), buf.data() + pos, n * sizeof(T));
    pos += n * sizeof(T);
    return v;
  }
  int32_t i32() { return take<int32_t>(1)[0]; }
};

struct Writer {
  std::vector<char> out;
  template <class T>
  void put(const T* p, size_t n) {
    const char* c = reinterpret_cast<const char*>(p);
    out.insert(out.end(), c, c + n * sizeof(T));
  }
};

void search(Reader& r, Writer& w) {
  const int32_t arch = r.i32(), phi = r.i32(), N = r.i32(), S = r.i32(), D = r.i32(), K = r.i32();
  const auto opts = r.take<double>(17);
  const auto Whh = r.take<double>(static_cast<size_t>(D) * N);
  std::vector<double> bhhn;
  if (r.i32()) bhhn = r.take<double>(N);
  auto x = r.take<double>(static_cast<size_t>(K) * S);
  const auto drive = r.take<double>(static_cast<size_t>(K) * D);
  rnnatlas::FpProblem pb{static_cast<rnnatlas::ArchCode>(arch), static_cast<rnnatlas::PhiCode>(phi), N, S, D, K, Whh.data(),
                         bhhn.empty() ? nullptr : bhhn.data(), x.data(), drive.data()};
  rnnatlas::FpOptions o = rnnatlas::fp_options_from(opts.data(), opts.size());
  o.progressEvery = 0;
  if (o.threads <= 0) o.threads = 1;
  std::vector<double> q(K);
  std::vector<int32_t> iters(K);
  std::vector<uint8_t> conv(K);
  rnnatlas::FpResult res;
  res.q = q.data();
  res.iters = iters.data();
  res.converged = conv.data();
  rnnatlas::fp_optimise(pb, o, nullptr, res);
  w.put(x.data(), x.size());
  w.put(q.data(), q.size());
  w.put(iters.data(), iters.size());
  w.put(conv.data(), conv.size());
  const int32_t itersRun = res.itersRun;
  w.put(&itersRun, 1);
  w.put(&res.finalLr, 1);
}

void eig(Reader& r, Writer& w) {
  const int32_t n = r.i32(), count = r.i32(), vectors = r.i32();
  const auto mats = r.take<double>(static_cast<size_t>(n) * n * count);
  std::vector<double> re(static_cast<size_t>(n) * count), im(re.size()), z(vectors ? mats.size() : 0);
  std::vector<double> scratch(rnnatlas::eig_scratch_size(n));
  const size_t nn = static_cast<size_t>(n) * n;
  for (int b = 0; b < count; b++) {
    if (!rnnatlas::eig_one(mats.data() + nn * b, n, re.data() + static_cast<size_t>(n) * b, im.data() + static_cast<size_t>(n) * b,
                           vectors ? z.data() + nn * b : nullptr, scratch.data()))
      throw std::runtime_error("eig: matrix " + std::to_string(b) + " did not converge");
  }
  w.put(re.data(), re.size());
  w.put(im.data(), im.size());
  w.put(z.data(), z.size());
}

void gemm(Reader& r, Writer& w) {
  const int32_t m = r.i32(), k = r.i32(), n = r.i32(), acc = r.i32(), threads = r.i32();
  const auto a = r.take<double>(static_cast<size_t>(m) * k);
  const auto b = r.take<double>(static_cast<size_t>(k) * n);
  auto c = r.take<double>(static_cast<size_t>(m) * n);
  rnnatlas::gemm(a.data(), b.data(), c.data(), m, k, n, acc != 0, threads);
  w.put(c.data(), c.size());
}

void invert(Reader& r, Writer& w) {
  const int32_t n = r.i32(), count = r.i32();
  const size_t nn = static_cast<size_t>(n) * n;
  const auto mats = r.take<double>(nn * count);
  std::vector<double> inv(mats.size()), lu(nn);
  std::vector<int> piv(n);
  std::vector<uint8_t> ok(count);
  for (int b = 0; b < count; b++) ok[b] = rnnatlas::invert(mats.data() + nn * b, n, inv.data() + nn * b, lu.data(), piv.data()) ? 1 : 0;
  w.put(inv.data(), inv.size());
  w.put(ok.data(), ok.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: replay JOBS OUT (kernels: %s)\n", rnnatlas::simd::kIsa);
    return 2;
  }
  try {
    std::FILE* f = std::fopen(argv[1], "rb");
    if (!f) throw std::runtime_error(std::string("cannot open ") + argv[1]);
    std::vector<char> buf;
    char chunk[1 << 16];
    for (size_t got; (got = std::fread(chunk, 1, sizeof chunk, f)) > 0;) buf.insert(buf.end(), chunk, chunk + got);
    std::fclose(f);
    Reader r{buf};
    Writer w;
    int jobs = 0;
    while (r.pos < buf.size()) {
      const int32_t kind = r.i32();
      if (kind == 1) search(r, w);
      else if (kind == 2) eig(r, w);
      else if (kind == 3) gemm(r, w);
      else if (kind == 4) invert(r, w);
      else throw std::runtime_error("unknown job kind " + std::to_string(kind));
      jobs++;
    }
    std::FILE* o = std::fopen(argv[2], "wb");
    if (!o || std::fwrite(w.out.data(), 1, w.out.size(), o) != w.out.size()) throw std::runtime_error(std::string("cannot write ") + argv[2]);
    std::fclose(o);
    std::printf("%d jobs, %s kernels, GEMM tile %dx%d\n", jobs, rnnatlas::simd::kIsa, rnnatlas::gemm_tile_rows(), rnnatlas::gemm_tile_cols());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "replay: %s\n", e.what());
    return 1;
  }
}
