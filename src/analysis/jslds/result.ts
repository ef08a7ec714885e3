/**
 * A trained JSLDS: the co-trained RNN as an ordinary library Model (so fixed-point search, runModel,
 * etc. apply to it), its expansion-point network P, and what it does on a set of trials
 * (JsldsTrajectories): expansion points e_t, residuals ‖F(e_t, x*) − e_t‖, the JSLDS-vs-RNN error
 * and the eigenvalues of J_h(e_t, x*).
 */
import type { Model, Trials } from "../../core/types";
import { archModule } from "../../models/arch/index";
import type { Params64 } from "../../models/arch/types";
import type { FixedPoints } from "../fixedPoints/FixedPoints";
import { eigenBatch } from "../fixedPoints/eigen";
import { jsldsLossGrad, type JsldsForward, type JsldsLoss, type JsldsWeights } from "./engine";
import type { ExpanderShape } from "./expander";

export interface JsldsHistoryRow extends JsldsLoss {
  readonly update: number;
}

export interface JsldsResultData {
  readonly model: Model;
  /** P's parameters (float32; null for the plain baseline, all λ = 0). */
  readonly expander: Readonly<Record<string, Float32Array>> | null;
  readonly expanderShape: ExpanderShape | null;
  readonly weights: JsldsWeights;
  readonly staticChannels: readonly number[];
  readonly taskName: string;
  readonly seed: number;
  readonly updates: number;
  readonly history: readonly JsldsHistoryRow[];
  readonly finalLoss: JsldsLoss;
  readonly seconds: number;
}

function widen(r: Readonly<Record<string, Float32Array>>): Record<string, Float64Array> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Float64Array.from(v)]));
}

export class JsldsResult implements JsldsResultData {
  readonly model!: Model;
  readonly expander!: Readonly<Record<string, Float32Array>> | null;
  readonly expanderShape!: ExpanderShape | null;
  readonly weights!: JsldsWeights;
  readonly staticChannels!: readonly number[];
  readonly taskName!: string;
  readonly seed!: number;
  readonly updates!: number;
  readonly history!: readonly JsldsHistoryRow[];
  readonly finalLoss!: JsldsLoss;
  readonly seconds!: number;

  constructor(data: JsldsResultData) {
    Object.assign(this, data);
    Object.freeze(this);
  }

  /** true when P was trained (some λ > 0). */
  get hasExpander(): boolean {
    return this.expander !== null;
  }

  /** Run the RNN (and, with P, the JSLDS) on trials; nothing is trained. */
  run(trials: Trials): JsldsTrajectories {
    if (trials.task !== this.taskName) {
      throw new Error(`JsldsResult.run: these trials are from task "${trials.task}" but the network was trained on "${this.taskName}".`);
    }
    const rnn: Params64 = widen(this.model.params);
    const { forward, loss } = jsldsLossGrad(
      { spec: this.model.spec, rnn, expander: this.expander ? widen(this.expander) : null, expanderShape: this.expanderShape, staticChannels: this.staticChannels },
      trials,
      this.hasExpander ? this.weights : { jsldsTask: 0, fixedPoint: 0, match: 0 },
      null,
      true,
    );
    return new JsldsTrajectories(this.model, trials, forward!, loss, this.hasExpander);
  }

  /** A one-line summary for notebooks. */
  toString(): string {
    const w = this.weights;
    const l = this.finalLoss;
    return (
      `JSLDS ${this.model.spec.arch} N=${this.model.spec.hiddenSize} on ${this.taskName} (λ1 ${w.jsldsTask}, λ2 ${w.fixedPoint}, λ3 ${w.match}; ` +
      `${this.updates} updates, ${this.seconds.toFixed(1)} s): last batch task ${l.task.toExponential(2)}` +
      (this.hasExpander ? `, JSLDS task ${l.jsldsTask.toExponential(2)}, ‖F(e)−e‖² ${l.fixedPoint.toExponential(2)}, ‖h−h̃‖² ${l.match.toExponential(2)}` : "")
    );
  }
}

/** What a JsldsResult does on one set of trials; per-step arrays are [B, T, ·] row-major (the engine's JsldsForward). */
// The forward pass's fields are declared once, in JsldsForward (interface and class merge).
export interface JsldsTrajectories extends JsldsForward {}
export class JsldsTrajectories {
  constructor(
    readonly model: Model,
    readonly trials: Trials,
    f: JsldsForward,
    /** The loss terms on these trials. */
    readonly loss: JsldsLoss,
    /** false for the plain baseline: no expansion points. */
    readonly hasExpander: boolean,
  ) {
    const { B, T, N, states, expansion, fAtExpansion, jslds, inputStar, outputs, jsldsOutputs } = f;
    Object.assign(this, { B, T, N, states, expansion, fAtExpansion, jslds, inputStar, outputs, jsldsOutputs });
  }

  private needP(who: string): void {
    if (!this.hasExpander) throw new Error(`${who}: this network was trained without P (all λ = 0), so it has no expansion points.`);
  }

  /** ‖F(e_t, x*) − e_t‖ per step [B·T]. */
  residuals(): Float64Array {
    this.needP("residuals");
    return this.rowNorms(this.fAtExpansion, this.expansion);
  }

  /** ‖h_t − h̃_t‖ per step [B·T]: the JSLDS-vs-RNN error. */
  mismatch(): Float64Array {
    this.needP("mismatch");
    return this.rowNorms(this.states, this.jslds);
  }

  private rowNorms(a: Float64Array, b: Float64Array): Float64Array {
    const N = this.N;
    const out = new Float64Array(this.B * this.T);
    for (let k = 0; k < out.length; k++) {
      let s = 0;
      for (let n = 0; n < N; n++) {
        const d = a[k * N + n]! - b[k * N + n]!;
        s += d * d;
      }
      out[k] = Math.sqrt(s);
    }
    return out;
  }

  /** Rows (flat step indices b·T + t) of a [B·T, N] array. */
  rows(which: "expansion" | "states" | "jslds", steps: ArrayLike<number>): Float64Array {
    if (which === "expansion") this.needP("rows");
    const src = this[which];
    const N = this.N;
    const out = new Float64Array(steps.length * N);
    for (let j = 0; j < steps.length; j++) {
      const k = steps[j]!;
      if (!(Number.isInteger(k) && k >= 0 && k < this.B * this.T)) throw new Error(`rows: step index ${k} out of range [0, ${this.B * this.T}).`);
      out.set(src.subarray(k * N, (k + 1) * N), j * N);
    }
    return out;
  }

  /**
   * Eigenvalues of J_h(e_t, x*_t) at the given steps, sorted by |λ| descending: re, im [K, N]. The
   * Jacobians come from the architecture's fixed-point dynamics (the same ones the search uses).
   */
  jacobianEigenvalues(steps: ArrayLike<number>, at: "expansion" | "states" = "expansion"): { re: Float64Array; im: Float64Array; K: number; N: number } {
    this.needP("jacobianEigenvalues");
    const K = steps.length;
    const N = this.N;
    const I = this.trials.inputSize;
    // at "states": the same linearisation (input x*) at the RNN's own states h_t, for comparison.
    const x = this.rows(at, steps);
    const u = new Float64Array(K * I);
    for (let j = 0; j < K; j++) u.set(this.inputStar.subarray(steps[j]! * I, (steps[j]! + 1) * I), j * I);
    const { J } = archModule(this.model.spec.arch).dynamics(this.model).jacobians(x, u, K);
    const eig = eigenBatch(J, N, K, "abs");
    return { re: eig.re, im: eig.im, K, N };
  }

  /**
   * Distance from each expansion point at `steps` to the nearest of the fixed points `fps` (the
   * standard search on the same RNN), [K]; Infinity when fps is empty.
   */
  distanceToFixedPoints(steps: ArrayLike<number>, fps: FixedPoints): Float64Array {
    this.needP("distanceToFixedPoints");
    if (fps.stateSize !== this.N) throw new Error(`distanceToFixedPoints: fixed points have state size ${fps.stateSize}, the network ${this.N}.`);
    const x = this.rows("expansion", steps);
    const N = this.N;
    const out = new Float64Array(steps.length).fill(Infinity);
    for (let j = 0; j < steps.length; j++) {
      for (let k = 0; k < fps.count; k++) {
        let s = 0;
        for (let n = 0; n < N; n++) {
          const d = x[j * N + n]! - fps.xstar[k * N + n]!;
          s += d * d;
        }
        if (s < out[j]! * out[j]!) out[j] = Math.sqrt(s);
      }
    }
    return out;
  }
}
