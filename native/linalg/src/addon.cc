// Node-API binding of the linalg addon: batched eigen-solver and inverse (split over std::threads by
// matrix; each thread owns its scratch space), GEMM, and the fused fixed-point search.
#include <node_api.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "eig.h"
#include "fixedpoints.h"
#include "gemm.h"
#include "simd.h"

namespace {

napi_value throw_error(napi_env env, const std::string& msg) {
  napi_throw_error(env, nullptr, msg.c_str());
  return nullptr;
}

bool get_f64(napi_env env, napi_value v, double** data, size_t* len) {
  bool is_ta = false;
  napi_is_typedarray(env, v, &is_ta);
  if (!is_ta) return false;
  napi_typedarray_type type;
  void* ptr = nullptr;
  napi_value ab;
  size_t off = 0;
  napi_get_typedarray_info(env, v, &type, len, &ptr, &ab, &off);
  if (type != napi_float64_array) return false;
  *data = static_cast<double*>(ptr);
  return true;
}

int hardware_threads() {
  const unsigned t = std::thread::hardware_concurrency();
  return t == 0 ? 1 : static_cast<int>(t);
}

// Runs body(b, scratch) for every matrix b in [0, count) on up to `threads` threads (0 = all cores)
// that claim matrices one at a time; each thread makes its own scratch. body returns false to stop
// its thread early (e.g. after another matrix failed).
template <class MakeScratch, class Body>
void for_each_matrix(int count, int threads, MakeScratch make_scratch, Body body) {
  if (threads <= 0) threads = hardware_threads();
  threads = std::max(1, std::min(threads, count));
  std::atomic<int> next{0};
  auto worker = [&]() {
    auto scratch = make_scratch();
    for (;;) {
      const int b = next.fetch_add(1);
      if (b >= count || !body(b, scratch)) break;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; t++) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
}

napi_value EigBatch(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 7) return throw_error(env, "eigBatch(mats, n, count, re, im, packed|null, threads): 7 arguments expected");
  double *mats, *re, *im, *packed = nullptr;
  size_t lm, lre, lim, lp = 0;
  int32_t n = 0, count = 0, threads = 0;
  if (!get_f64(env, argv[0], &mats, &lm)) return throw_error(env, "eigBatch: mats must be a Float64Array");
  napi_get_value_int32(env, argv[1], &n);
  napi_get_value_int32(env, argv[2], &count);
  if (!get_f64(env, argv[3], &re, &lre) || !get_f64(env, argv[4], &im, &lim))
    return throw_error(env, "eigBatch: re and im must be Float64Arrays");
  napi_valuetype pt;
  napi_typeof(env, argv[5], &pt);
  if (pt != napi_null && pt != napi_undefined) {
    if (!get_f64(env, argv[5], &packed, &lp)) return throw_error(env, "eigBatch: packed must be a Float64Array or null");
  }
  napi_get_value_int32(env, argv[6], &threads);
  const size_t nn = static_cast<size_t>(n) * n;
  if (n < 1 || count < 0 || lm < nn * count || lre < static_cast<size_t>(n) * count || lim < static_cast<size_t>(n) * count ||
      (packed && lp < nn * count))
    return throw_error(env, "eigBatch: array sizes do not match n and count");
  std::atomic<int> failed{-1};
  for_each_matrix(
      count, threads, [&] { return std::vector<double>(rnnatlas::eig_scratch_size(n)); },
      [&](int b, std::vector<double>& scratch) {
        if (failed.load() >= 0) return false;
        const bool ok = rnnatlas::eig_one(mats + nn * b, n, re + static_cast<size_t>(n) * b, im + static_cast<size_t>(n) * b,
                                          packed ? packed + nn * b : nullptr, scratch.data());
        if (!ok) {
          int expected = -1;
          failed.compare_exchange_strong(expected, b);
        }
        return true;
      });
  if (failed.load() >= 0) {
    return throw_error(env, "eigBatch: matrix " + std::to_string(failed.load()) +
                                ": non-finite entries or QR iteration did not converge (check the matrix is finite)");
  }
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

// invertBatch(mats, n, count, out, ok: Uint8Array, threads): out[b] = mats[b]⁻¹, ok[b] = 0 if singular.
napi_value InvertBatch(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 6) return throw_error(env, "invertBatch(mats, n, count, out, ok, threads): 6 arguments expected");
  double *mats, *out;
  size_t lm, lo;
  int32_t n = 0, count = 0, threads = 0;
  if (!get_f64(env, argv[0], &mats, &lm) || !get_f64(env, argv[3], &out, &lo))
    return throw_error(env, "invertBatch: mats and out must be Float64Arrays");
  napi_get_value_int32(env, argv[1], &n);
  napi_get_value_int32(env, argv[2], &count);
  napi_get_value_int32(env, argv[5], &threads);
  bool is_ta = false;
  napi_is_typedarray(env, argv[4], &is_ta);
  if (!is_ta) return throw_error(env, "invertBatch: ok must be a Uint8Array");
  napi_typedarray_type type;
  size_t lok;
  void* okp;
  napi_value ab;
  size_t off;
  napi_get_typedarray_info(env, argv[4], &type, &lok, &okp, &ab, &off);
  uint8_t* ok = static_cast<uint8_t*>(okp);
  const size_t nn = static_cast<size_t>(n) * n;
  if (type != napi_uint8_array || n < 1 || count < 0 || lm < nn * count || lo < nn * count || lok < static_cast<size_t>(count))
    return throw_error(env, "invertBatch: array sizes do not match n and count");
  struct LuScratch {
    std::vector<double> lu;
    std::vector<int> piv;
  };
  for_each_matrix(
      count, threads, [&] { return LuScratch{std::vector<double>(nn), std::vector<int>(n)}; },
      [&](int b, LuScratch& s) {
        ok[b] = rnnatlas::invert(mats + nn * b, n, out + nn * b, s.lu.data(), s.piv.data()) ? 1 : 0;
        return true;
      });
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

// gemm(a, b, c, m, k, n, accumulate, threads): C (+)= A·B, row-major float64. threads 0 = all.
napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 8) return throw_error(env, "gemm(a, b, c, m, k, n, accumulate, threads): 8 arguments expected");
  double *a, *b, *c;
  size_t la, lb, lc;
  if (!get_f64(env, argv[0], &a, &la) || !get_f64(env, argv[1], &b, &lb) || !get_f64(env, argv[2], &c, &lc))
    return throw_error(env, "gemm: a, b and c must be Float64Arrays");
  int32_t m = 0, k = 0, n = 0, threads = 0;
  bool acc = false;
  napi_get_value_int32(env, argv[3], &m);
  napi_get_value_int32(env, argv[4], &k);
  napi_get_value_int32(env, argv[5], &n);
  napi_get_value_bool(env, argv[6], &acc);
  napi_get_value_int32(env, argv[7], &threads);
  if (m < 0 || k < 0 || n < 0 || la < static_cast<size_t>(m) * k || lb < static_cast<size_t>(k) * n ||
      lc < static_cast<size_t>(m) * n)
    return throw_error(env, "gemm: array lengths are smaller than m·k, k·n or m·n");
  if (threads <= 0) threads = hardware_threads();
  rnnatlas::gemm(a, b, c, m, k, n, acc, threads);
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

bool get_typed(napi_env env, napi_value v, napi_typedarray_type want, void** data, size_t* len) {
  bool is_ta = false;
  napi_is_typedarray(env, v, &is_ta);
  if (!is_ta) return false;
  napi_typedarray_type type;
  napi_value ab;
  size_t off = 0;
  napi_get_typedarray_info(env, v, &type, len, data, &ab, &off);
  return type == want;
}

// fpOptimise(arch, phi, N, S, D, K, Whh, bhhn|null, x, drive, q, iters, converged, opts, onProgress|null)
// → [itersRun, finalLr]. x is overwritten with the final states. opts (Float64Array): tolQ, tolDq,
// maxIters, lrInit, adaptiveLr, lrDecreaseFactor, lrPatience, lrMinStepsPerIncrease, clipQuantile,
// clipWindow, clipInit, beta1, beta2, adamEps, progressEvery, threads (0 = all)[, fixedSplit].
napi_value FpOptimise(napi_env env, napi_callback_info info) {
  size_t argc = 15;
  napi_value argv[15];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc < 15) return throw_error(env, "fpOptimise: 15 arguments expected");
  int32_t ints[6];
  for (int i = 0; i < 6; i++) {
    if (napi_get_value_int32(env, argv[i], &ints[i]) != napi_ok) return throw_error(env, "fpOptimise: arch, phi, N, S, D, K must be integers");
  }
  const int arch = ints[0], phi = ints[1], N = ints[2], S = ints[3], D = ints[4], K = ints[5];
  using rnnatlas::ArchCode;
  using rnnatlas::PhiCode;
  const int vanilla = static_cast<int>(ArchCode::Vanilla), gru = static_cast<int>(ArchCode::Gru), lstm = static_cast<int>(ArchCode::Lstm),
            leaky = static_cast<int>(ArchCode::Leaky), ugrnn = static_cast<int>(ArchCode::Ugrnn);
  if (arch != vanilla && arch != gru && arch != lstm && arch != leaky && arch != ugrnn)
    return throw_error(env, "fpOptimise: unknown architecture code " + std::to_string(arch) + " (ARCH_CODE in src/models/arch/codes.ts)");
  if (phi != static_cast<int>(PhiCode::Tanh) && phi != static_cast<int>(PhiCode::Relu) && phi != static_cast<int>(PhiCode::Identity))
    return throw_error(env, "fpOptimise: unknown nonlinearity code " + std::to_string(phi) + " (PHI_CODE in src/models/arch/codes.ts)");
  if (N < 1 || S < 1 || D < 1 || K < 0) return throw_error(env, "fpOptimise: N, S and D must be positive and K non-negative");
  const int G = rnnatlas::gateCount(static_cast<ArchCode>(arch));
  if (D != G * N || S != rnnatlas::stateFactor(static_cast<ArchCode>(arch)) * N) return throw_error(env, "fpOptimise: S and D do not match arch and N");
  double *W, *bn = nullptr, *x, *drive, *q, *opts;
  size_t lW, lbn = 0, lx, ld, lq, lo, li, lc;
  void *itp, *cvp;
  if (!get_f64(env, argv[6], &W, &lW) || lW < static_cast<size_t>(D) * N) return throw_error(env, "fpOptimise: Whh must be a Float64Array of D·N values");
  napi_valuetype bt;
  napi_typeof(env, argv[7], &bt);
  if (bt != napi_null && bt != napi_undefined) {
    if (!get_f64(env, argv[7], &bn, &lbn) || lbn < static_cast<size_t>(N)) return throw_error(env, "fpOptimise: bhhn must be a Float64Array of N values or null");
  }
  if (arch == gru && !bn) return throw_error(env, "fpOptimise: GRU needs bhhn");
  if (!get_f64(env, argv[8], &x, &lx) || lx < static_cast<size_t>(K) * S) return throw_error(env, "fpOptimise: x must be a Float64Array of K·S values");
  if (!get_f64(env, argv[9], &drive, &ld) || ld < static_cast<size_t>(K) * D) return throw_error(env, "fpOptimise: drive must be a Float64Array of K·D values");
  if (!get_f64(env, argv[10], &q, &lq) || lq < static_cast<size_t>(K)) return throw_error(env, "fpOptimise: q must be a Float64Array of K values");
  if (!get_typed(env, argv[11], napi_int32_array, &itp, &li) || li < static_cast<size_t>(K)) return throw_error(env, "fpOptimise: iters must be an Int32Array of K values");
  if (!get_typed(env, argv[12], napi_uint8_array, &cvp, &lc) || lc < static_cast<size_t>(K)) return throw_error(env, "fpOptimise: converged must be a Uint8Array of K values");
  if (!get_f64(env, argv[13], &opts, &lo) || lo < 16) return throw_error(env, "fpOptimise: opts must be a Float64Array of 16 values");
  napi_valuetype pt;
  napi_typeof(env, argv[14], &pt);
  const bool hasProgress = pt == napi_function;

  rnnatlas::FpProblem pb{static_cast<ArchCode>(arch), static_cast<PhiCode>(phi), N, S, D, K, W, bn, x, drive};
  rnnatlas::FpOptions o = rnnatlas::fp_options_from(opts, lo);
  if (o.threads <= 0) o.threads = hardware_threads();
  rnnatlas::FpResult res;
  res.q = q;
  res.iters = static_cast<int32_t*>(itp);
  res.converged = static_cast<uint8_t*>(cvp);
  napi_value cb = argv[14];
  rnnatlas::FpProgress progress;
  if (hasProgress) {
    progress = [&](int iteration, int active, double meanQ, double lr) {
      napi_value args[4], global, ret;
      napi_create_int32(env, iteration, &args[0]);
      napi_create_int32(env, active, &args[1]);
      napi_create_double(env, meanQ, &args[2]);
      napi_create_double(env, lr, &args[3]);
      napi_get_global(env, &global);
      return napi_call_function(env, global, cb, 4, args, &ret) == napi_ok;
    };
  }
  if (!rnnatlas::fp_optimise(pb, o, progress, res)) return nullptr;  // the callback's exception propagates
  napi_value arr, v0, v1;
  napi_create_array_with_length(env, 2, &arr);
  napi_create_int32(env, res.itersRun, &v0);
  napi_create_double(env, res.finalLr, &v1);
  napi_set_element(env, arr, 0, v0);
  napi_set_element(env, arr, 1, v1);
  return arr;
}

// fpTanh(in, out): the search's vectorised tanh, for accuracy tests.
napi_value FpTanh(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  double *in, *out;
  size_t li, lo;
  if (argc < 2 || !get_f64(env, argv[0], &in, &li) || !get_f64(env, argv[1], &out, &lo) || lo < li)
    return throw_error(env, "fpTanh(in, out): two Float64Arrays, out at least as long as in");
  rnnatlas::fp_tanh(in, out, static_cast<int>(li));
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

// buildInfo() → {isa, gemmTile, portable}: which kernels this binary was compiled with (results are
// the same bytes for every value; speed is not).
napi_value BuildInfo(napi_env env, napi_callback_info) {
  napi_value obj, v;
  napi_create_object(env, &obj);
  napi_create_string_utf8(env, rnnatlas::simd::kIsa, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, "isa", v);
  const std::string tile = std::to_string(rnnatlas::gemm_tile_rows()) + "x" + std::to_string(rnnatlas::gemm_tile_cols());
  napi_create_string_utf8(env, tile.c_str(), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, "gemmTile", v);
#if defined(RNN_ATLAS_PORTABLE)
  napi_get_boolean(env, true, &v);
#else
  napi_get_boolean(env, false, &v);
#endif
  napi_set_named_property(env, obj, "portable", v);
  return obj;
}

napi_value Threads(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_int32(env, hardware_threads(), &v);
  return v;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"eigBatch", nullptr, EigBatch, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"invertBatch", nullptr, InvertBatch, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"buildInfo", nullptr, BuildInfo, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"threads", nullptr, Threads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"fpOptimise", nullptr, FpOptimise, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"fpTanh", nullptr, FpTanh, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
