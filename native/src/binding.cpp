// Node-API glue: run(args: object) fills the output typed arrays passed in by src/kernels/native.ts.
#include <node_api.h>

#include <exception>
#include <string>
#include <thread>

#include "rnn.h"
#include "../common/arch_codes.h"

namespace {

struct JsError {
  std::string msg;
};

napi_value prop(napi_env env, napi_value obj, const char* name) {
  napi_value v;
  if (napi_get_named_property(env, obj, name, &v) != napi_ok) throw JsError{std::string("cannot read ") + name};
  return v;
}

bool isNullish(napi_env env, napi_value v) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  return t == napi_undefined || t == napi_null;
}

double num(napi_env env, napi_value obj, const char* name) {
  double d;
  if (napi_get_value_double(env, prop(env, obj, name), &d) != napi_ok) throw JsError{std::string(name) + " must be a number"};
  return d;
}

bool flag(napi_env env, napi_value obj, const char* name) {
  bool b = false;
  napi_value v = prop(env, obj, name);
  if (isNullish(env, v)) return false;
  if (napi_get_value_bool(env, v, &b) != napi_ok) throw JsError{std::string(name) + " must be a boolean"};
  return b;
}

// Typed array of the expected type and length; nullptr when absent and optional.
void* arr(napi_env env, napi_value obj, const char* name, napi_typedarray_type want, size_t len, bool optional) {
  napi_value v = prop(env, obj, name);
  if (isNullish(env, v)) {
    if (optional) return nullptr;
    throw JsError{std::string(name) + " is required"};
  }
  bool is = false;
  napi_is_typedarray(env, v, &is);
  if (!is) throw JsError{std::string(name) + " must be a typed array"};
  napi_typedarray_type type;
  size_t length;
  void* data;
  napi_value ab;
  size_t off;
  napi_get_typedarray_info(env, v, &type, &length, &data, &ab, &off);
  if (type != want) throw JsError{std::string(name) + " has the wrong element type"};
  if (length != len)
    throw JsError{std::string(name) + " has " + std::to_string(length) + " elements, expected " + std::to_string(len)};
  return data;
}

napi_value Run(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  try {
    if (argc < 1) throw JsError{"run(args) needs one object"};
    napi_value o = argv[0];
    RnnArgs a{};
    a.arch = (int)num(env, o, "arch");
    a.phi = (int)num(env, o, "phi");
    a.N = (int)num(env, o, "N"); a.I = (int)num(env, o, "I"); a.O = (int)num(env, o, "O");
    a.M = (int)num(env, o, "M"); a.B = (int)num(env, o, "B"); a.T = (int)num(env, o, "T");
    a.dt = num(env, o, "dt");
    a.lossScale = num(env, o, "lossScale");
    a.perNetworkData = flag(env, o, "perNetworkData");
    a.sharedH0 = flag(env, o, "sharedH0");
    a.readoutState = flag(env, o, "readoutState");
    a.grad = flag(env, o, "grad");
    const int threads = (int)num(env, o, "threads");
    using rnnatlas::ArchCode;
    using rnnatlas::PhiCode;
    if (a.arch < (int)ArchCode::Vanilla || a.arch > rnnatlas::kLastArchCode)
      throw JsError{"unknown arch code " + std::to_string(a.arch) + " (see native/common/arch_codes.h)"};
    if (a.phi < (int)PhiCode::Tanh || a.phi > (int)PhiCode::Identity)
      throw JsError{"unknown nonlinearity code " + std::to_string(a.phi) + " (see native/common/arch_codes.h)"};
    if (a.N < 1 || a.I < 0 || a.O < 1 || a.M < 1 || a.B < 1 || a.T < 1) throw JsError{"invalid sizes"};
    const ArchCode arch = static_cast<ArchCode>(a.arch);
    const bool leaky = arch == ArchCode::Leaky;
    const size_t G = rnnatlas::gateCount(arch), N = a.N, I = a.I, O = a.O, M = a.M, B = a.B, T = a.T;
    const size_t S = rnnatlas::stateFactor(arch) * N, D = a.perNetworkData ? M : 1;
    const bool ro = !a.readoutState;
    const auto F = napi_float32_array;
    a.wih = (const float*)arr(env, o, "wih", F, M * G * N * I, false);
    a.whh = (const float*)arr(env, o, "whh", F, M * G * N * N, false);
    a.bih = (const float*)arr(env, o, "bih", F, M * G * N, leaky);
    if (!leaky && !a.bih) throw JsError{"bih is required"};
    if (leaky) a.bih = nullptr;
    a.bhh = (const float*)arr(env, o, "bhh", F, M * G * N, false);
    a.wout = ro ? (const float*)arr(env, o, "wout", F, M * O * N, false) : nullptr;
    a.bout = ro ? (const float*)arr(env, o, "bout", F, M * O, false) : nullptr;
    a.inputs = (const float*)arr(env, o, "inputs", F, D * B * T * I, false);
    a.targets = (const float*)arr(env, o, "targets", F, D * B * T * O, true);
    a.mask = (const float*)arr(env, o, "mask", F, D * B * T * O, true);
    a.h0 = (const float*)arr(env, o, "h0", F, (a.sharedH0 ? 1 : M) * B * S, true);
    a.outputs = (float*)arr(env, o, "outputs", F, M * B * T * O, false);
    a.states = (float*)arr(env, o, "states", F, M * B * T * S, true);
    a.loss = (double*)arr(env, o, "loss", napi_float64_array, M, true);
    if (a.grad) {
      if (!a.targets) throw JsError{"targets are required for gradients"};
      a.gwih = (float*)arr(env, o, "gwih", F, M * G * N * I, false);
      a.gwhh = (float*)arr(env, o, "gwhh", F, M * G * N * N, false);
      a.gbih = leaky ? nullptr : (float*)arr(env, o, "gbih", F, M * G * N, false);
      a.gbhh = (float*)arr(env, o, "gbhh", F, M * G * N, false);
      a.gwout = ro ? (float*)arr(env, o, "gwout", F, M * O * N, false) : nullptr;
      a.gbout = ro ? (float*)arr(env, o, "gbout", F, M * O, false) : nullptr;
    }
    rnnRun(a, threads);
  } catch (const JsError& e) {
    napi_throw_error(env, nullptr, ("rnn-atlas native kernel: " + e.msg).c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string("rnn-atlas native kernel: ") + e.what()).c_str());
  }
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_value fn, hw, simd, fma, chunk, portable;
  napi_create_function(env, "run", NAPI_AUTO_LENGTH, Run, nullptr, &fn);
  napi_set_named_property(env, exports, "run", fn);
  napi_create_uint32(env, std::thread::hardware_concurrency(), &hw);
  napi_set_named_property(env, exports, "hardwareThreads", hw);
  napi_create_string_utf8(env, rnnSimdName(), NAPI_AUTO_LENGTH, &simd);
  napi_set_named_property(env, exports, "simd", simd);
  napi_get_boolean(env, rnnHardwareFma(), &fma);
  napi_set_named_property(env, exports, "hardwareFma", fma);
  napi_create_uint32(env, rnnChunkTrials(), &chunk);
  napi_set_named_property(env, exports, "chunkTrials", chunk);
#if defined(RNN_ATLAS_PORTABLE)
  napi_get_boolean(env, true, &portable);
#else
  napi_get_boolean(env, false, &portable);
#endif
  napi_set_named_property(env, exports, "portable", portable);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
