export { local, slurm, type Executor, type SlurmOptions } from "./executor";
export { planShards, shardSizeFromCost, type Shard } from "./shardPlan";
export { gatherShards, missingShards } from "./gather";
export { readPlan, type Plan } from "./shardedRun";
export { shardStates, watchShards, ShardFailureError, type ShardState, type ShardPhase } from "./shardDriver";
export { watchAndGather } from "./trainOnSlurm";
export { analyseOnSlurm, analysisDir } from "./analyseOnSlurm";
