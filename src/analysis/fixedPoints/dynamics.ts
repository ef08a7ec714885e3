/**
 * The float64 dynamics of a network for the fixed-point search: F, the gradient of the objective q
 * (a vector–Jacobian product, two GEMMs per evaluation, no explicit Jacobian) and the explicit
 * Jacobians ∂F/∂x [K,S,S], ∂F/∂u [K,S,I]. Each architecture's equations live in its module
 * (src/models/arch/<arch>.ts, `dynamics`); this file checks the model and picks the module.
 */
import type { Model, ModelSpec } from "../../core/types";
import { ARCH_NAMES, archModule, isArch, type Dynamics } from "../../models/arch/index";

export type { Dynamics, FusedSpec, Workspace } from "../../models/arch/index";

/** Build the float64 dynamics of a model; checks parameter sizes and names them in errors. */
export function getDynamics(model: Model): Dynamics {
  const spec = model.spec;
  if (!spec || typeof spec !== "object") throw new Error("getDynamics: model.spec is missing; pass a Model {spec, params}.");
  const N = spec.hiddenSize;
  const I = spec.inputSize;
  if (!(Number.isInteger(N) && N > 0)) throw new Error(`getDynamics: spec.hiddenSize must be a positive integer, got ${N}.`);
  if (!(Number.isInteger(I) && I >= 0)) throw new Error(`getDynamics: spec.inputSize must be a non-negative integer, got ${I}.`);
  if (!isArch(spec.arch)) {
    throw new Error(`getDynamics: unknown arch "${(spec as ModelSpec).arch}" (expected ${ARCH_NAMES.join(" | ")}).`);
  }
  return archModule(spec.arch).dynamics(model);
}
