/**
 * Request validation shared by every kernel implementation: checks names, shapes and data, and
 * resolves a ModelSpec into the few numbers the kernels loop over.
 *
 * Non-finite values policy (identical in the JS and native kernels):
 * - inputs / targets / mask / h0 containing NaN or ±Inf → throws an Error naming the array and the
 *   network (for per-network data) and the trial/step/channel: that is bad data, not a training event.
 * - params of network m containing NaN or ±Inf → no throw: that network's loss is NaN, its outputs and
 *   gradients are NaN, and the other networks are computed normally, so training can detect the
 *   blow-up per network (and restore/lower the learning rate) without losing the population.
 * - finite params that overflow during the run (e.g. a ReLU network exploding) propagate Inf/NaN
 *   into the loss of that network (ReLU keeps NaN: relu(NaN) = NaN).
 */
import type { KernelRequest } from "./types";
import { ARCH_NAMES, PHI_CODE, archModule, isArch, type ArchCodeValue, type PhiCodeValue } from "../models/arch/index";
import { gateCount, leakyDt, stateSize } from "../models/spec";

export interface KernelPlan {
  /** Architecture code shared with the native addons (src/models/arch/codes.ts; linear = vanilla). */
  readonly arch: ArchCodeValue;
  /** φ code (codes.ts): vanilla/leaky from the spec, identity for linear, 0 for GRU/LSTM/UGRNN. */
  readonly phi: PhiCodeValue;
  /** Gate blocks: 1 (vanilla/linear/leaky), 2 (ugrnn), 3 (gru), 4 (lstm). */
  readonly gates: number;
  readonly M: number;
  readonly B: number;
  readonly T: number;
  readonly I: number;
  readonly N: number;
  readonly O: number;
  /** State size: N, or 2N for LSTM. */
  readonly S: number;
  readonly dt: number;
  /** leaky readout "state": y = x, no readout params. */
  readonly readoutState: boolean;
  readonly lossScale: number;
  readonly perNetworkData: boolean;
  /** h0 given once for all networks ([B, S]) instead of [M, B, S]. */
  readonly sharedH0: boolean;
  /** Parameter names this spec uses, in a fixed order. */
  readonly paramNames: readonly string[];
  /** Per-network element count of each parameter (same order as paramNames). */
  readonly paramSizes: readonly number[];
}

/** Parameter names and one-network shapes for a spec (PyTorch layout, see core/types.ts). */
export function kernelParamShapes(
  spec: KernelRequest["spec"],
): Record<string, number[]> {
  const N = spec.hiddenSize;
  const I = spec.inputSize;
  const O = spec.outputSize;
  const G = gateCount(spec.arch);
  if (spec.arch === "leaky") {
    const shapes: Record<string, number[]> = {
      weight_ih_l0: [N, I],
      weight_hh_l0: [N, N],
      bias_hh_l0: [N],
    };
    if ((spec.readout ?? "phi") === "phi") {
      shapes["readout.weight"] = [O, N];
      shapes["readout.bias"] = [O];
    }
    return shapes;
  }
  return {
    weight_ih_l0: [G * N, I],
    weight_hh_l0: [G * N, N],
    bias_ih_l0: [G * N],
    bias_hh_l0: [G * N],
    "readout.weight": [O, N],
    "readout.bias": [O],
  };
}

function posInt(v: unknown, what: string, min = 1): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new Error(`RnnKernel: ${what} must be an integer ≥ ${min}, got ${String(v)}`);
  }
  return v;
}

/** Validates a request and returns the plan. Throws a descriptive Error on bad input. */
export function makePlan(req: KernelRequest, needTargets: boolean): KernelPlan {
  const spec = req.spec;
  if (!spec || typeof spec !== "object") throw new Error("RnnKernel: request.spec is missing");
  const archName = spec.arch;
  if (!isArch(archName)) {
    throw new Error(`RnnKernel: unknown arch "${String(archName)}" (expected ${ARCH_NAMES.join(" | ")})`);
  }
  const N = posInt(spec.hiddenSize, "spec.hiddenSize");
  const I = posInt(spec.inputSize, "spec.inputSize", 0);
  const O = posInt(spec.outputSize, "spec.outputSize");
  const M = posInt(req.networks, "request.networks");
  const data = req.data;
  if (!data) throw new Error("RnnKernel: request.data is missing");
  const B = posInt(data.batch, "data.batch");
  const T = posInt(data.time, "data.time");
  const arch = archModule(archName).code;
  let phi: PhiCodeValue = PHI_CODE.tanh;
  if (archName === "linear") phi = PHI_CODE.identity;
  else if (archName === "vanilla" || archName === "leaky") {
    const nl = spec.nonlinearity ?? "tanh";
    if (!(nl in PHI_CODE)) {
      throw new Error(`RnnKernel: unknown nonlinearity "${String(nl)}" (expected tanh | relu | identity)`);
    }
    phi = PHI_CODE[nl];
  }
  const readoutState = archName === "leaky" && (spec.readout ?? "phi") === "state";
  if (archName === "leaky" && spec.readout !== undefined && spec.readout !== "phi" && spec.readout !== "state") {
    throw new Error(`RnnKernel: unknown leaky readout "${String(spec.readout)}" (expected "phi" | "state")`);
  }
  if (readoutState && O !== N) {
    throw new Error(
      `RnnKernel: leaky readout "state" outputs the state, so outputSize (${O}) must equal hiddenSize (${N})`,
    );
  }
  const dt = archName === "leaky" ? leakyDt(spec) : 1;
  if (!Number.isFinite(dt) || dt <= 0) throw new Error(`RnnKernel: spec.dt must be a positive number, got ${dt}`);
  const lossScale = req.lossScale ?? 1;
  if (!Number.isFinite(lossScale)) throw new Error(`RnnKernel: lossScale must be finite, got ${lossScale}`);
  const gates = gateCount(archName);
  const S = stateSize(spec);

  const shapes = kernelParamShapes(spec);
  const paramNames = Object.keys(shapes);
  const paramSizes = paramNames.map((k) => shapes[k].reduce((a, b) => a * b, 1));
  const params = req.params ?? {};
  for (let i = 0; i < paramNames.length; i++) {
    const name = paramNames[i];
    const a = params[name];
    if (!(a instanceof Float32Array)) {
      throw new Error(
        `RnnKernel: params["${name}"] is missing or not a Float32Array (arch ${archName} needs ${paramNames.join(", ")})`,
      );
    }
    if (a.length !== M * paramSizes[i]) {
      throw new Error(
        `RnnKernel: params["${name}"] has ${a.length} elements, expected ${M * paramSizes[i]} = networks ${M} × [${shapes[name].join(", ")}]`,
      );
    }
  }
  for (const name of Object.keys(params)) {
    if (!(name in shapes)) {
      throw new Error(
        `RnnKernel: unexpected parameter "${name}" for arch ${archName}` +
          (readoutState ? ' with readout "state"' : "") +
          ` (expected only ${paramNames.join(", ")})`,
      );
    }
  }

  const perNetworkData = !!data.perNetworkData;
  const D = perNetworkData ? M : 1;
  checkData(data.inputs, "inputs", D * B * T * I, perNetworkData, [B, T, I], M);
  if (data.targets !== undefined) checkData(data.targets, "targets", D * B * T * O, perNetworkData, [B, T, O], M);
  else if (needTargets) throw new Error("RnnKernel: lossAndGrad needs data.targets ([B, T, O], or [M, B, T, O] per network)");
  if (data.mask !== undefined) {
    if (data.targets === undefined) throw new Error("RnnKernel: data.mask given without data.targets");
    checkData(data.mask, "mask", D * B * T * O, perNetworkData, [B, T, O], M);
  }
  let sharedH0 = false;
  if (data.h0 !== undefined) {
    if (data.h0 instanceof Float32Array && data.h0.length === B * S && M > 1) {
      sharedH0 = true;
      checkData(data.h0, "h0", B * S, false, [B, S], M);
    } else {
      checkData(data.h0, "h0", M * B * S, true, [B, S], M);
    }
  }
  return {
    arch, phi, gates, M, B, T, I, N, O, S, dt, readoutState, lossScale, perNetworkData, sharedH0,
    paramNames, paramSizes,
  };
}

function checkData(
  a: unknown,
  name: string,
  expected: number,
  perNetwork: boolean,
  inner: number[],
  M: number,
): void {
  if (!(a instanceof Float32Array)) throw new Error(`RnnKernel: data.${name} must be a Float32Array`);
  if (a.length !== expected) {
    const shape = perNetwork ? `[M=${M}, ${inner.join(", ")}]` : `[${inner.join(", ")}]`;
    throw new Error(
      `RnnKernel: data.${name} has ${a.length} elements, expected ${expected} = ${shape}` +
        (name === "h0" ? " (h0 may also be [B, S] shared by all networks)" : "") +
        (name !== "h0" ? " (check data.perNetworkData)" : ""),
    );
  }
  for (let k = 0; k < a.length; k++) {
    const v = a[k];
    if (v - v !== 0) {
      const per = inner.reduce((x, y) => x * y, 1);
      const net = Math.floor(k / per);
      let rest = k - net * per;
      const idx: number[] = [];
      for (let d = inner.length - 1; d >= 0; d--) {
        idx.unshift(rest % inner[d]);
        rest = Math.floor(rest / inner[d]);
      }
      const labels = name === "h0" ? ["trial", "unit"] : ["trial", "step", "channel"];
      const where = idx.map((x, d) => `${labels[d]} ${x}`).join(", ");
      const who = perNetwork ? `network ${net}` : "the shared data (all networks)";
      throw new Error(
        `RnnKernel: data.${name} contains ${String(v)} for ${who} at ${where}; inputs, targets, mask and h0 must be finite`,
      );
    }
  }
}

/** Index of the first non-finite parameter value of network m, or -1. */
export function firstNonFiniteParam(
  plan: KernelPlan,
  params: Readonly<Record<string, Float32Array>>,
  m: number,
): { name: string; index: number } | null {
  for (let p = 0; p < plan.paramNames.length; p++) {
    const a = params[plan.paramNames[p]];
    const size = plan.paramSizes[p];
    const off = m * size;
    for (let k = 0; k < size; k++) {
      const v = a[off + k];
      if (v - v !== 0) return { name: plan.paramNames[p], index: k };
    }
  }
  return null;
}

/** Σ mask of network m (B·T·O when there is no mask). */
export function maskSum(plan: KernelPlan, mask: Float32Array | undefined, m: number): number {
  const n = plan.B * plan.T * plan.O;
  if (!mask) return n;
  const off = plan.perNetworkData ? m * n : 0;
  let s = 0;
  for (let k = 0; k < n; k++) s += mask[off + k];
  return s;
}
