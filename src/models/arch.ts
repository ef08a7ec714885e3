/** Architecture registry: arch name -> its step implementation. */
import type { Arch } from "../core/types";
import type { ArchImpl } from "./archImpl";
import { gruArch } from "./gru";
import { leakyArch } from "./leaky";
import { linearArch } from "./linear";
import { lstmArch } from "./lstm";
import { vanillaArch } from "./vanilla";

const IMPLS: Record<Arch, ArchImpl> = {
  vanilla: vanillaArch,
  linear: linearArch,
  gru: gruArch,
  lstm: lstmArch,
  leaky: leakyArch,
};

export function archImpl(arch: Arch): ArchImpl {
  const impl = IMPLS[arch];
  if (!impl) throw new Error(`Unknown arch "${String(arch)}"; expected one of ${Object.keys(IMPLS).join(", ")}.`);
  return impl;
}
