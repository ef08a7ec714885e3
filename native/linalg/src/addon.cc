// Node-API binding of the batched eigen-solver: eigBatch(mats, n, count, re, im, packed|null,
// threads). Work is split over std::threads by matrix; each thread owns its scratch space.
#include <node_api.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "eig.h"
#include "gemm.h"

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
  if (threads <= 0) threads = hardware_threads();
  threads = std::max(1, std::min(threads, count));

  std::atomic<int> next{0};
  std::atomic<int> failed{-1};
  auto worker = [&]() {
    std::vector<double> scratch(rnnatlas::eig_scratch_size(n));
    for (;;) {
      const int b = next.fetch_add(1);
      if (b >= count || failed.load() >= 0) break;
      const bool ok = rnnatlas::eig_one(mats + nn * b, n, re + static_cast<size_t>(n) * b, im + static_cast<size_t>(n) * b,
                                        packed ? packed + nn * b : nullptr, scratch.data());
      if (!ok) {
        int expected = -1;
        failed.compare_exchange_strong(expected, b);
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; t++) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
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
  if (threads <= 0) threads = hardware_threads();
  threads = std::max(1, std::min(threads, std::max(count, 1)));
  std::atomic<int> next{0};
  auto worker = [&]() {
    std::vector<double> lu(nn);
    std::vector<int> piv(n);
    for (;;) {
      const int b = next.fetch_add(1);
      if (b >= count) break;
      ok[b] = rnnatlas::invert(mats + nn * b, n, out + nn * b, lu.data(), piv.data()) ? 1 : 0;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; t++) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
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

napi_value Threads(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_int32(env, hardware_threads(), &v);
  return v;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"eigBatch", nullptr, EigBatch, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"invertBatch", nullptr, InvertBatch, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"threads", nullptr, Threads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, 4, props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
