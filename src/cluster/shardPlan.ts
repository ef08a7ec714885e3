/**
 * Splitting a population into shards (one Slurm array task each). Shards are contiguous runs of
 * network indices, so gathering them in shard order gives the population's own order.
 */

export interface Shard {
  /** Array task id. */
  readonly index: number;
  /** Global network indices, increasing. */
  readonly members: ReadonlyArray<number>;
}

export function planShards(networks: number, networksPerShard: number): Shard[] {
  if (!Number.isInteger(networks) || networks < 1) throw new Error(`networks must be a positive integer, got ${networks}.`);
  if (!Number.isInteger(networksPerShard) || networksPerShard < 1) throw new Error(`networksPerShard must be a positive integer, got ${networksPerShard}.`);
  const shards: Shard[] = [];
  for (let start = 0, k = 0; start < networks; start += networksPerShard, k++) {
    const end = Math.min(networks, start + networksPerShard);
    shards.push({ index: k, members: Array.from({ length: end - start }, (_, i) => start + i) });
  }
  return shards;
}

/**
 * Networks per shard so that one array task takes about `targetMs`: the measured cost of one network
 * times its planned updates. A task much shorter than the scheduler's latency wastes the cluster; a
 * much longer one loses more work to a node failure and waits longer for a slot.
 */
export function shardSizeFromCost(msPerNetwork: number, networks: number, targetMs: number): number {
  if (!(msPerNetwork > 0) || !Number.isFinite(msPerNetwork)) return Math.min(networks, 1);
  return Math.max(1, Math.min(networks, Math.floor(targetMs / msPerNetwork)));
}

/** "0-3", "5,7-9": the id list sbatch --array takes. */
export function arraySpec(ids: ReadonlyArray<number>): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}
