/**
 * Hand-designed baselines for the learned optimizer (notebook 13): momentum SGD (heavy ball,
 * v ← βv + g, Δx = −αv; the form whose β a learned optimizer's slow eigenvalue is compared with)
 * and Adam (β1 0.9, β2 0.999, ε 1e-8), tuned by grid search on a set of tuning problems for the
 * same objective the learned optimizer is meta-trained on (runObjective).
 */
import type { GradientOracle } from "../analysis/learnedOptimizer/optimizer";
import { LOG_FLOOR, type MetaObjective } from "./learnedOptimizerTraining";

export type BaselineHyper = { readonly kind: "momentum"; readonly lr: number; readonly beta: number } | { readonly kind: "adam"; readonly lr: number };

/** L(x_t), t = 0..steps, of a baseline run from x0. A diverged run's losses become Infinity. */
export function runBaseline(hyper: BaselineHyper, problem: GradientOracle, steps: number): Float64Array {
  if (!(Number.isInteger(steps) && steps > 0)) throw new Error(`runBaseline: steps must be a positive integer (got ${String(steps)}).`);
  if (!(hyper && (hyper.kind === "momentum" || hyper.kind === "adam"))) throw new Error(`runBaseline: hyper.kind must be "momentum" or "adam".`);
  if (!(hyper.lr > 0)) throw new Error(`runBaseline: lr must be positive (got ${hyper.lr}).`);
  if (hyper.kind === "momentum" && !(hyper.beta >= 0 && hyper.beta < 1)) throw new Error(`runBaseline: momentum beta must be in [0, 1) (got ${hyper.beta}).`);
  const P = problem.dim;
  const x = Float64Array.from(problem.x0), g = new Float64Array(P), m = new Float64Array(P), v = new Float64Array(P);
  const losses = new Float64Array(steps + 1);
  for (let t = 0; t < steps; t++) {
    losses[t] = problem.lossGrad(x, g);
    for (let i = 0; i < P; i++) {
      if (hyper.kind === "momentum") {
        m[i] = hyper.beta * m[i]! + g[i]!;
        x[i] -= hyper.lr * m[i]!;
      } else {
        m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
        v[i] = 0.999 * v[i]! + 0.001 * g[i]! * g[i]!;
        const mh = m[i]! / (1 - 0.9 ** (t + 1)), vh = v[i]! / (1 - 0.999 ** (t + 1));
        x[i] -= (hyper.lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
    }
  }
  losses[steps] = problem.lossGrad(x);
  for (let t = 0; t <= steps; t++) if (!Number.isFinite(losses[t]!)) losses.fill(Infinity, t);
  return losses;
}

/**
 * The meta-objective of one run: mean over t = 1..steps of L(x_t)/L(x_0) ("ratio"), or of
 * log(L(x_t)/L(x_0) + LOG_FLOOR) ("log"; learnedOptimizerTraining.ts's two objectives).
 */
export function runObjective(losses: Float64Array, objective: MetaObjective = "ratio"): number {
  let s = 0;
  for (let t = 1; t < losses.length; t++) s += objective === "log" ? Math.log(losses[t]! / losses[0]! + LOG_FLOOR) : losses[t]! / losses[0]!;
  return s / (losses.length - 1);
}

export interface TunedBaseline {
  readonly best: BaselineHyper;
  /** Mean objective over the tuning problems of every grid point. */
  readonly grid: readonly { hyper: BaselineHyper; objective: number }[];
}

/** Grid search: lrs × betas (momentum) or lrs (Adam); the lowest mean objective wins (ties: first). */
export function tuneBaseline(kind: "momentum" | "adam", grid: { lrs: readonly number[]; betas?: readonly number[] }, problems: readonly GradientOracle[], steps: number, objective: MetaObjective = "ratio"): TunedBaseline {
  if (!grid?.lrs?.length) throw new Error("tuneBaseline: grid.lrs is empty; give the learning rates to try.");
  if (kind === "momentum" && !grid.betas?.length) throw new Error("tuneBaseline: momentum needs grid.betas (e.g. [0, 0.5, 0.9]).");
  if (problems.length === 0) throw new Error("tuneBaseline: no tuning problems.");
  const hypers: BaselineHyper[] = kind === "adam" ? grid.lrs.map((lr) => ({ kind, lr })) : grid.lrs.flatMap((lr) => grid.betas!.map((beta) => ({ kind, lr, beta })));
  const rows = hypers.map((hyper) => {
    let s = 0;
    for (const p of problems) s += runObjective(runBaseline(hyper, p, steps), objective) / problems.length;
    return { hyper, objective: Number.isFinite(s) ? s : Infinity };
  });
  let best = rows[0]!;
  for (const r of rows) if (r.objective < best.objective) best = r;
  return { best: best.hyper, grid: rows };
}
