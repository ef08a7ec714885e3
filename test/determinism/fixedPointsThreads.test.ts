// Thread count does not change a byte: the fused fixed-point search (RNN_ATLAS_FP_THREADS = 1, 2,
// 3), eigBatch, gemm and invertBatch (threads argument 1, 2, 3). Threads only split independent
// rows / matrices; every global quantity of the search (mean q, gradient norm, its quantile clip)
// is reduced serially in point order. 3 threads on a 2-core machine also covers oversubscription.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eigDigests, gemmInvertDigests, nativeSearchUnavailable, requireAddon, runSearch, threadCases } from "./fixedPointsProbe";

const THREADS = [1, 2, 3];
const native = process.env.RNN_ATLAS_NO_NATIVE === "1" ? "RNN_ATLAS_NO_NATIVE=1" : false;

// RNN_ATLAS_FP_SPLIT=fixed: every pass is split over the threads in fixed shares, so each thread
// computes rows even on a loaded machine (by default an idle core claims the rows, and the search
// runs single-threaded while that measures faster).
function withFpThreads<T>(n: number, f: () => T): T {
  const saved = { threads: process.env.RNN_ATLAS_FP_THREADS, split: process.env.RNN_ATLAS_FP_SPLIT };
  process.env.RNN_ATLAS_FP_THREADS = String(n);
  process.env.RNN_ATLAS_FP_SPLIT = n > 1 ? "fixed" : "";
  try {
    return f();
  } finally {
    for (const [k, v] of [["RNN_ATLAS_FP_THREADS", saved.threads], ["RNN_ATLAS_FP_SPLIT", saved.split]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test("fixed-point search: 1, 2 and 3 threads give the same bytes", { skip: nativeSearchUnavailable() ?? false }, () => {
  requireAddon();
  for (const c of threadCases()) {
    const runs = THREADS.map((t) => withFpThreads(t, () => runSearch(c)));
    // The case must be big enough to split, and must not be trivially all-converged at step 0.
    assert.ok(runs[0]!.itersRun > 10, `${c.name}: ran only ${runs[0]!.itersRun} iterations`);
    for (let i = 1; i < THREADS.length; i++) {
      assert.equal(runs[i]!.digest, runs[0]!.digest, `${c.name}: ${THREADS[i]} threads differ from 1`);
    }
  }
});

test("eigBatch (values, right and left vectors): 1, 2 and 3 threads give the same bytes", { skip: native }, () => {
  requireAddon();
  const base = eigDigests("native", 1);
  for (const t of THREADS.slice(1)) assert.deepEqual(eigDigests("native", t), base, `${t} threads`);
});

test("gemm and invertBatch: 1, 2 and 3 threads give the same bytes", { skip: native }, () => {
  const mod = requireAddon();
  const base = gemmInvertDigests(mod, 1);
  for (const t of THREADS.slice(1)) assert.deepEqual(gemmInvertDigests(mod, t), base, `${t} threads`);
});
