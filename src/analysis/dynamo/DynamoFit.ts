/**
 * The result of a DYNAMO fit: θ per network, the held-out emulation error per network and the
 * meta-model itself, with the operations the paper uses — the meta-model at any θ as a plain GRU
 * `Model` (θ folded into the input bias, so the fixed-point finder and runModel take it as is),
 * model averaging at a cluster's mean θ, and a path between two θ's with its bifurcations.
 */
import { createHash } from "node:crypto";
import type { Model } from "../../core/types";
import { runModel } from "../../models/forward";
import type { Trials } from "../../core/types";
import type { Task, TaskScore } from "../../tasks/types";
import type { DistanceMatrix } from "../projection/distanceMatrix";
import type { MetaLayout } from "./metaGru";
import { thetaPath, type ThetaPath, type ThetaPathOptions } from "./path";

/** Held-out emulation error of one network at its own θ. */
export interface EmulationError {
  readonly id: string;
  /** Mean squared output error. */
  readonly outputMse: number;
  /** Output squared error / the network's output variance. */
  readonly outputNmse: number;
  /** Squared error of the emulated PCs / their variance (1 − R²). */
  readonly hiddenNmse: number;
  /** R² of the emulated PCs. */
  readonly hiddenR2: number;
}

export interface DynamoFitData {
  readonly ids: readonly string[];
  readonly labels: ReadonlyArray<Readonly<Record<string, string>>>;
  readonly task: string;
  readonly layout: MetaLayout;
  /** Every trained number (see metaGru.ts for the layout). */
  readonly params: Float64Array;
  readonly emulation: readonly EmulationError[];
  readonly history: ReadonlyArray<{ update: number; loss: number; output: number; hidden: number }>;
  readonly options: Readonly<Record<string, number>>;
  readonly trialSteps: number;
  readonly seconds: number;
}

// The record's fields are declared once, in DynamoFitData (interface and class merge).
export interface DynamoFit extends DynamoFitData {}
export class DynamoFit {
  constructor(d: DynamoFitData) {
    const { ids, labels, task, layout, params, emulation, history, options, trialSteps, seconds } = d;
    Object.assign(this, { ids, labels, task, layout, params, emulation, history, options, trialSteps, seconds });
  }

  get count(): number {
    return this.ids.length;
  }
  get dims(): number {
    return this.layout.d;
  }

  /** θ of every network, [M, d] row-major (a copy). */
  get thetas(): Float64Array {
    const L = this.layout;
    return this.params.slice(L.theta, L.theta + L.M * L.d);
  }

  indexOf(id: string): number {
    const i = this.ids.indexOf(id);
    if (i < 0) throw new Error(`DynamoFit: no network "${id}"; the fit has ${this.ids.slice(0, 5).join(", ")}${this.ids.length > 5 ? ", …" : ""}.`);
    return i;
  }

  /** θ of network i (index or id). */
  theta(i: number | string): Float64Array {
    const k = typeof i === "string" ? this.indexOf(i) : i;
    if (!(k >= 0 && k < this.count)) throw new Error(`DynamoFit.theta: index ${k} outside 0..${this.count - 1}.`);
    const L = this.layout;
    return this.params.slice(L.theta + k * L.d, L.theta + (k + 1) * L.d);
  }

  /** Mean θ of a set of networks (indices or ids): the centre of a cluster. */
  meanTheta(members: ReadonlyArray<number | string>): Float64Array {
    if (members.length === 0) throw new Error("DynamoFit.meanTheta: no members given; a cluster needs at least one network.");
    const m = new Float64Array(this.dims);
    for (const i of members) {
      const t = this.theta(i);
      for (let e = 0; e < m.length; e++) m[e]! += t[e]! / members.length;
    }
    return m;
  }

  /** Euclidean distances between the θ's (for groupSeparation, MDS comparisons). */
  distances(): DistanceMatrix {
    const n = this.count;
    const d = this.dims;
    const th = this.thetas;
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        for (let e = 0; e < d; e++) s += (th[i * d + e]! - th[j * d + e]!) ** 2;
        data[i * n + j] = data[j * n + i] = Math.sqrt(s);
      }
    }
    return { size: n, data, labels: this.ids };
  }

  /**
   * The meta-model at embedding θ as a plain GRU on the task's inputs: W_ih = the task-input columns,
   * b_ih + W_θ θ as the input bias, the shared readout.
   */
  modelAt(theta: ArrayLike<number>): Model {
    const L = this.layout;
    if (theta.length !== L.d) throw new Error(`DynamoFit.modelAt: θ has ${theta.length} values; this fit embeds in ${L.d} dimensions.`);
    for (let e = 0; e < L.d; e++) if (!Number.isFinite(theta[e]!)) throw new Error(`DynamoFit.modelAt: θ[${e}] = ${theta[e]} is not finite.`);
    const p = this.params;
    const G = 3 * L.H;
    const X = L.I + L.d;
    const wih = new Float32Array(G * L.I);
    const bih = new Float32Array(G);
    for (let g = 0; g < G; g++) {
      for (let m = 0; m < L.I; m++) wih[g * L.I + m] = p[L.wih + g * X + m]!;
      let s = p[L.bih + g]!;
      for (let e = 0; e < L.d; e++) s += p[L.wih + g * X + L.I + e]! * theta[e]!;
      bih[g] = s;
    }
    return {
      spec: { arch: "gru", inputSize: L.I, hiddenSize: L.H, outputSize: L.O },
      params: {
        weight_ih_l0: wih,
        weight_hh_l0: Float32Array.from(p.subarray(L.whh, L.whh + G * L.H)),
        bias_ih_l0: bih,
        bias_hh_l0: Float32Array.from(p.subarray(L.bhh, L.bhh + G)),
        "readout.weight": Float32Array.from(p.subarray(L.wout, L.wout + L.O * L.H)),
        "readout.bias": Float32Array.from(p.subarray(L.bout, L.bout + L.O)),
      },
    };
  }

  /** The averaged model of a cluster: the meta-model at the members' mean θ. */
  averagedModel(members: ReadonlyArray<number | string>): Model {
    return this.modelAt(this.meanTheta(members));
  }

  /** The meta-model at θ run on trials and scored by the task's own metric (default: its validation trials). */
  scoreAt(theta: ArrayLike<number>, task: Task, trials: Trials = task.validation()): TaskScore {
    if (task.name !== this.task) throw new Error(`DynamoFit.scoreAt: the meta-model emulates "${this.task}" networks; got task "${task.name}".`);
    const run = runModel(this.modelAt(theta), trials.inputs, { batch: trials.batch, time: trials.time });
    return task.score(trials, run.outputs);
  }

  /** Fixed points of the meta-model along the straight path from θ_a to θ_b, bifurcations marked. */
  path(a: ArrayLike<number>, b: ArrayLike<number>, options: ThetaPathOptions): ThetaPath {
    return thetaPath((theta) => this.modelAt(theta), a, b, options);
  }

  /** sha256 of every trained number: equal digests = the same fit, bit for bit. */
  digest(): string {
    return createHash("sha256").update(new Uint8Array(this.params.buffer, this.params.byteOffset, this.params.byteLength)).digest("hex");
  }
}
