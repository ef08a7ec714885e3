/**
 * Kernel selection: the native addon when it loads, else the pure-JS kernel.
 * Override with getKernel("js" | "native") or the environment variable RNN_ATLAS_KERNEL=js|native;
 * RNN_ATLAS_NO_NATIVE=1 switches the native kernel off (as it does every native path of rnn-atlas).
 */
import type { RnnKernel } from "./types";
import { jsKernel } from "./jsKernel";
import { makeNativeKernel, nativeKernelAvailable, nativeKernelBuild, nativeKernelError } from "./native";
import { notice } from "../core/notice";

export type KernelPreference = "auto" | "native" | "js";

let cachedNative: RnnKernel | null = null;
const logged = new Set<string>();

/**
 * The fastest available kernel. `preference` (default: env RNN_ATLAS_KERNEL, else "auto"):
 * "auto" → native if built, else JS; "native" → native or a clear error saying how to build it;
 * "js" → the pure-JS kernel. Logs the choice once per process (stderr).
 */
export function getKernel(preference?: KernelPreference): RnnKernel {
  const pref = (preference ?? (process.env.RNN_ATLAS_KERNEL as KernelPreference | undefined) ?? "auto") || "auto";
  if (pref !== "auto" && pref !== "native" && pref !== "js") {
    throw new Error(`getKernel: unknown kernel "${String(pref)}" (expected auto | native | js; check RNN_ATLAS_KERNEL)`);
  }
  let k: RnnKernel;
  let why = "";
  if (pref === "js") {
    k = jsKernel;
    why = "requested";
  } else if (nativeKernelAvailable()) {
    cachedNative ??= makeNativeKernel();
    k = cachedNative;
    const b = nativeKernelBuild()!;
    why = `${b.simd}${b.portable ? " portable build" : ""}${b.hardwareFma ? "" : ", software fma"}, ${k.threads} threads`;
  } else if (pref === "native") {
    throw new Error(`getKernel("native"): ${nativeKernelError()}`);
  } else {
    k = jsKernel;
    why = `native kernel not used: ${nativeKernelError()}`;
  }
  if (!logged.has(k.name)) {
    logged.add(k.name);
    notice(`rnn-atlas: using the ${k.name} RNN kernel (${why})`);
  }
  return k;
}
