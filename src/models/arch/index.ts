/**
 * Architecture registry: name -> module. One file per architecture in this folder holds all its
 * equations (see types.ts for what each provides). "linear" is the vanilla module: the vanilla
 * equations with φ = identity, and the vanilla code for the native addons.
 * Import it as ".../models/arch/index": a dist/ built before this folder existed still holds
 * dist/src/models/arch.js (the old registry), which a bare ".../models/arch" would resolve first.
 */
import type { Arch } from "../../core/types";
import { gru } from "./gru";
import { leaky } from "./leaky";
import { lstm } from "./lstm";
import type { ArchModule } from "./types";
import { ugrnn } from "./ugrnn";
import { vanilla } from "./vanilla";

const MODULES: Readonly<Record<Arch, ArchModule>> = { vanilla, linear: vanilla, gru, lstm, leaky, ugrnn };

/** Architecture names with a module, in the order error messages list them. */
export const ARCH_NAMES = Object.keys(MODULES) as readonly Arch[];

export function isArch(name: unknown): name is Arch {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(MODULES, name);
}

export function archModule(arch: Arch): ArchModule {
  if (!isArch(arch)) throw new Error(`Unknown arch "${String(arch)}"; expected one of ${ARCH_NAMES.join(", ")}.`);
  return MODULES[arch];
}

export { ARCH_CODE, PHI_CODE, type ArchCodeValue, type PhiCodeValue } from "./codes";
export type * from "./types";
