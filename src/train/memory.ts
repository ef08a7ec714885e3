/**
 * What a training run will hold in memory, estimated before it starts, so that a population too large
 * for the machine is refused with the estimate instead of ending in a heap abort minutes later.
 */
import * as os from "node:os";
import type { ModelSpec } from "../core/types";
import { paramCount, stateSize } from "../models/spec";

/** Bytes of a run: per network, 8 float32 copies of the weights (weights, best, initial, epoch start,
 * two Adam moments, gradients, one gathered copy) and float64 states/activations of one batch kept
 * for backpropagation (about 4 values per state unit per step, the gated architectures' gates). */
export function trainingBytes(spec: ModelSpec, networks: number, batch: number, time: number): number {
  const P = paramCount(spec);
  const S = stateSize(spec);
  return networks * (8 * 4 * P + 4 * 8 * batch * time * S);
}

/**
 * Throws when the estimate exceeds half of this machine's memory (the kernels' workspaces, the JS heap
 * and the system come on top of it), naming the estimate and the fix.
 */
export function checkTrainingFits(spec: ModelSpec, networks: number, batch: number, time: number): void {
  const need = trainingBytes(spec, networks, batch, time);
  const have = os.totalmem();
  if (need > 0.5 * have) {
    const gb = (b: number): string => (b / 2 ** 30).toFixed(b < 2 ** 30 ? 3 : 1);
    throw new Error(
      `training ${networks} network(s) of ${spec.hiddenSize} units (batch ${batch}, ${time} steps) needs about ${gb(need)} GiB, ` +
        `more than half of this machine's ${gb(have)} GiB. Train fewer networks at a time, fewer units, or a smaller batch.`,
    );
  }
}
