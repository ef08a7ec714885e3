/**
 * Linearisation of every point of a record: F(x*), the analytic recurrent and input Jacobians and
 * (optionally) their float64 eigen-decompositions with left and right eigenvectors.
 */
import type { Model } from "../../core/types";
import { Dynamics, getDynamics } from "./dynamics";
import { eigenBatch } from "./eigen";
import { FixedPoints, FixedPointsData } from "./FixedPoints";

export interface DecomposeOptions {
  /** Also eigen-decompose the Jacobians (default true). */
  eigen?: boolean;
}

export function decomposeFixedPoints(model: Model | Dynamics, fps: FixedPoints, opts: DecomposeOptions = {}): FixedPoints {
  const dyn = "evaluate" in model ? model : getDynamics(model);
  if (dyn.stateSize !== fps.stateSize || dyn.inputSize !== fps.inputSize) {
    throw new Error(
      `decomposeFixedPoints: the points have stateSize ${fps.stateSize} / inputSize ${fps.inputSize} but the model ` +
        `has ${dyn.stateSize} / ${dyn.inputSize}; use the model the points were found for.`,
    );
  }
  const K = fps.count;
  const S = fps.stateSize;
  const { F, J, Ju } = dyn.jacobians(fps.xstar, fps.inputs, K);
  const data: Record<string, unknown> = { ...fps.meta(), count: K };
  for (const f of ["xstar", "inputs", "xinit", "q", "iterations", "gradNorm"] as const) data[f] = fps[f];
  data.F = F;
  data.J = J;
  data.Ju = Ju;
  if (opts.eigen ?? true) {
    const e = eigenBatch(J, S, K, dyn.continuous ? "real" : "abs");
    Object.assign(data, {
      eigRe: e.re,
      eigIm: e.im,
      rightRe: e.rightRe,
      rightIm: e.rightIm,
      leftRe: e.leftRe,
      leftIm: e.leftIm,
    });
  }
  return new FixedPoints(data as unknown as FixedPointsData);
}
