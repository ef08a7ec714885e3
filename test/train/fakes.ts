/**
 * Small stand-ins for tests: a task with seeded random inputs and a "kernel" whose loss is a
 * quadratic bowl around a data-dependent centre, so every optimiser rule can be checked by hand.
 */
import { Rng } from "../../src/core/random";
import type { ModelSpec, Trials } from "../../src/core/types";
import type { ForwardResult, KernelRequest, LossGradResult, RnnKernel } from "../../src/kernels/types";
import type { TrainTask } from "../../src/train";

export const FAKE_SPEC: ModelSpec = { arch: "vanilla", inputSize: 1, hiddenSize: 2, outputSize: 1 };

/** inputs U(0, 1), T = 3; targets = inputs; validation = 4 fixed trials. */
export function fakeTask(name = "fake"): TrainTask {
  const make = (batch: number, seed: number): Trials => {
    const rng = new Rng(seed);
    const T = 3;
    const inputs = rng.fillUniform(new Float32Array(batch * T), 0, 1);
    return {
      task: name,
      batch,
      time: T,
      inputSize: 1,
      outputSize: 1,
      inputs,
      targets: inputs.slice(),
      mask: new Float32Array(batch * T).fill(1),
      meta: Array.from({ length: batch }, (_, i) => ({ i })),
      periods: Array.from({ length: batch }, () => [{ name: "all", start: 0, end: T }]),
    };
  };
  return {
    name,
    inputSize: 1,
    outputSize: 1,
    lossScale: 1,
    trials: ({ batch, seed }) => make(batch, seed),
    validation: () => make(4, 12345),
    // accuracy = fraction of output values within 0.05 of 0.5 (the fake kernel outputs the mean param)
    score: (_t, outputs) => {
      let ok = 0;
      for (let k = 0; k < outputs.length; k++) if (Math.abs(outputs[k]! - 0.5) < 0.05) ok++;
      return { accuracy: ok / outputs.length };
    },
  };
}

export interface FakeKernelOptions {
  /** Replace the loss of network m (index in the full population) at call c; return undefined to keep it. */
  readonly script?: (call: number, m: number, loss: number, networks: number) => number | undefined;
  /** Put NaN into this gradient array of (call, m). */
  readonly nanGrad?: { call: number; m: number; name: string };
  /** Fixed centre instead of the batch mean. */
  readonly centre?: number;
}

/**
 * Loss of network m: mean over all its parameters of (p − c)², c = mean of its batch inputs.
 * `memberIndex` maps the compact position k to the population index (tests pass identity when all
 * networks are active; the trainer compacts, so the script sees the compact index otherwise).
 */
export function fakeKernel(opts: FakeKernelOptions = {}): RnnKernel & { calls: number; seen: number[][] } {
  const k = {
    name: "fake",
    threads: 1,
    calls: 0,
    seen: [] as number[][],
    forward(req: KernelRequest): ForwardResult {
      const { networks: M, data } = req;
      const names = Object.keys(req.params).sort();
      const per = data.batch * data.time * req.spec.outputSize;
      const outputs = new Float32Array(M * per);
      for (let m = 0; m < M; m++) {
        let s = 0;
        let n = 0;
        for (const name of names) {
          const a = req.params[name]!;
          const P = a.length / M;
          for (let i = 0; i < P; i++) s += a[m * P + i]!;
          n += P;
        }
        outputs.fill(s / n, m * per, (m + 1) * per);
      }
      return { outputs, loss: new Float64Array(M).fill(0.1) };
    },
    lossAndGrad(req: KernelRequest): LossGradResult {
      const { networks: M, data } = req;
      const call = k.calls++;
      const names = Object.keys(req.params).sort();
      const total = names.reduce((s, n) => s + req.params[n]!.length / M, 0);
      const loss = new Float64Array(M);
      const grads: Record<string, Float32Array> = {};
      for (const n of names) grads[n] = new Float32Array(req.params[n]!.length);
      const centres: number[] = [];
      for (let m = 0; m < M; m++) {
        const per = data.batch * data.time * req.spec.inputSize;
        const off = data.perNetworkData ? m * per : 0;
        let c = 0;
        for (let i = 0; i < per; i++) c += data.inputs[off + i]!;
        c = opts.centre ?? c / per;
        centres.push(c);
        let l = 0;
        for (const n of names) {
          const a = req.params[n]!;
          const P = a.length / M;
          for (let i = 0; i < P; i++) {
            const d = a[m * P + i]! - c;
            l += d * d;
            grads[n]![m * P + i] = ((req.lossScale ?? 1) * 2 * d) / total;
          }
        }
        loss[m] = ((req.lossScale ?? 1) * l) / total;
        const override = opts.script?.(call, m, loss[m]!, M);
        if (override !== undefined) loss[m] = override;
        if (opts.nanGrad && opts.nanGrad.call === call && opts.nanGrad.m === m) {
          const P = grads[opts.nanGrad.name]!.length / M;
          grads[opts.nanGrad.name]![m * P + 1] = NaN;
        }
      }
      k.seen.push(centres);
      return { loss, grads };
    },
  };
  return k;
}
