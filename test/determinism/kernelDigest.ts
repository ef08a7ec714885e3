/**
 * Byte-level fingerprints of kernel results for the reproducibility tests: SHA-256 over the exact bytes
 * of the loss (float64) and every gradient (float32, parameter names in sorted order), and a first
 * differing position for a readable failure message.
 */
import { createHash } from "node:crypto";
import type { ModelSpec } from "../../src/core/types";
import type { KernelRequest, LossGradResult, RnnKernel } from "../../src/kernels/types";
import { getTask } from "../../src/tasks";
import { trainPopulation } from "../../src/train";
import { makeRequest, variants, type Variant } from "../kernels/reference";

function bytes(a: Float32Array | Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** SHA-256 (hex) of loss and gradient bytes. */
export function resultDigest(r: LossGradResult): string {
  const h = createHash("sha256");
  h.update(bytes(r.loss));
  for (const k of Object.keys(r.grads).sort()) h.update(k).update(bytes(r.grads[k]));
  return h.digest("hex");
}

/** "" when a and b are the same bytes, else where they first differ. */
export function firstDifference(a: LossGradResult, b: LossGradResult): string {
  if (!bytes(a.loss).equals(bytes(b.loss))) {
    const i = a.loss.findIndex((x, j) => !Object.is(x, b.loss[j]));
    return `loss[${i}]: ${a.loss[i]} vs ${b.loss[i]}`;
  }
  for (const k of Object.keys(a.grads).sort()) {
    if (!b.grads[k]) return `${k} missing in the second result`;
    if (!bytes(a.grads[k]).equals(bytes(b.grads[k]))) {
      const i = a.grads[k].findIndex((x, j) => !Object.is(x, b.grads[k][j]));
      return `${k}[${i}]: ${a.grads[k][i]} vs ${b.grads[k][i]}`;
    }
  }
  return "";
}

/** Network m's slice of a population result. */
export function networkSlice(r: LossGradResult, M: number, m: number): LossGradResult {
  const grads: Record<string, Float32Array> = {};
  for (const [k, g] of Object.entries(r.grads)) {
    const n = g.length / M;
    grads[k] = g.slice(m * n, (m + 1) * n);
  }
  return { loss: r.loss.slice(m, m + 1), grads };
}

/** One variant per architecture / nonlinearity / readout (per-network data, h0 and mask on alternate ones). */
export function archVariants(N: number, I = 3, O = 2): Variant[] {
  const all = variants(N, I, O);
  const seen = new Set<string>();
  const out: Variant[] = [];
  for (const [i, v] of all.entries()) {
    const key = JSON.stringify(v.spec);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(all[i + (out.length % 2 === 0 ? 1 : 3)] ?? v);
  }
  return out;
}

/**
 * Shapes of the cross-build / cross-thread tests: odd N, batches that are not a multiple of the chunk
 * (16 trials), and one with more steps than a weight-gradient block (128 rows / chunk height) and a
 * ragged last block.
 */
export const SHAPES: ReadonlyArray<{ N: number; B: number; T: number }> = [
  { N: 7, B: 37, T: 9 },
  { N: 13, B: 20, T: 7 },
  { N: 100, B: 33, T: 5 },
  { N: 9, B: 37, T: 23 },
];

export function request(v: Variant, M: number, shape: { B: number; T: number }, seed: number): KernelRequest {
  return makeRequest(v, M, shape.B, shape.T, seed);
}

/** SHA-256 (hex) of a population's parameters: names sorted, each name then its float32 bytes. */
export function paramsDigest(params: Readonly<Record<string, Float32Array>>): string {
  const h = createHash("sha256");
  for (const k of Object.keys(params).sort()) h.update(k).update(bytes(params[k]));
  return h.digest("hex");
}

/** The golden training runs: one small flip-flop population per architecture. */
export const GOLDEN_SPECS: ReadonlyArray<{ label: string; spec: { arch: ModelSpec["arch"]; hiddenSize: number; nonlinearity?: "tanh" | "relu" } }> = [
  { label: "vanilla tanh", spec: { arch: "vanilla", hiddenSize: 12, nonlinearity: "tanh" } },
  { label: "vanilla relu", spec: { arch: "vanilla", hiddenSize: 12, nonlinearity: "relu" } },
  { label: "linear", spec: { arch: "linear", hiddenSize: 12 } },
  { label: "gru", spec: { arch: "gru", hiddenSize: 10 } },
  { label: "lstm", spec: { arch: "lstm", hiddenSize: 9 } },
  { label: "leaky", spec: { arch: "leaky", hiddenSize: 16, nonlinearity: "tanh" } },
  { label: "ugrnn", spec: { arch: "ugrnn", hiddenSize: 10 } },
];

/**
 * 200 Adam updates of 3 networks on the 3-bit flip-flop (30 steps, batch 20 = two batch chunks,
 * fresh trials every update, clipping on) with the given kernel; returns the digest of the final
 * (best) weights and the final losses.
 */
export async function goldenRun(spec: (typeof GOLDEN_SPECS)[number]["spec"], kernel: RnnKernel): Promise<{ digest: string; losses: number[] }> {
  const res = await trainPopulation({
    task: getTask("flipflop3", { time: 30 }),
    spec,
    networks: 3,
    seed: 7,
    lr: 0.01,
    clipNorm: 1,
    data: { batch: 20 },
    kernel,
    stop: { maxUpdates: 200 },
  });
  return { digest: paramsDigest(res.population.params), losses: res.networks.map((n) => Number(n.bestLoss)) };
}
