/**
 * `eigBatchParallel`: the batched eigen-solver spread over worker threads when the native addon is
 * missing (with the addon, it simply runs the addon, which is already multi-threaded).
 *
 * Inputs and outputs live in SharedArrayBuffers; each worker takes a contiguous range of matrices
 * and runs the same JS kernel as `eigBatch`, so results are bitwise identical to the single-thread
 * path.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { EigBatchResult, EigOptions, allocEigOutputs, checkBatchArgs, eigBatch } from "./eig";

export interface EigParallelOptions extends EigOptions {
  /** Worker threads for the JS fallback (default: available cores). */
  workers?: number;
}

/** Path of the compiled worker script, or null when running from TypeScript sources. */
function workerScript(): string | null {
  const p = path.join(__dirname, "eigWorker.js");
  return fs.existsSync(p) ? p : null;
}

/** Like `eigBatch`, but uses all cores even without the native addon. */
export async function eigBatchParallel(
  mats: ArrayLike<number>,
  n: number,
  count: number,
  opts: EigParallelOptions = {},
): Promise<EigBatchResult> {
  checkBatchArgs(mats, n, count, "eigBatchParallel");
  const backend = opts.backend ?? "auto";
  const nWorkers = Math.max(1, Math.min(opts.workers ?? os.availableParallelism?.() ?? os.cpus().length, count));
  const script = workerScript();
  if (backend !== "js") {
    const r = eigBatch(mats, n, count, opts);
    if (r.backend === "native") return r;
    // eigBatch fell back to JS already; fall through only if we could do better with workers.
    if (nWorkers === 1 || !script) return r;
  }
  if (nWorkers === 1 || !script) return eigBatch(mats, n, count, { ...opts, backend: "js" });

  const vectors = opts.vectors ?? "none";
  const sort = opts.sort ?? "abs";
  const input = new Float64Array(new SharedArrayBuffer(n * n * count * 8));
  input.set(mats);
  const out = allocEigOutputs(n, count, vectors, true);
  const per = Math.ceil(count / nWorkers);
  const jobs: Promise<void>[] = [];
  for (let w = 0; w < nWorkers; w++) {
    const from = w * per;
    const to = Math.min(count, from + per);
    if (from >= to) break;
    jobs.push(
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(script, {
          workerData: { input, n, from, to, out, vectors, sort },
        });
        worker.once("message", (m: { error?: string }) => {
          if (m && m.error) reject(new Error(m.error));
          else resolve();
        });
        worker.once("error", reject);
        worker.once("exit", (code) => {
          if (code !== 0) reject(new Error(`eigBatchParallel: worker exited with code ${code}`));
        });
      }),
    );
  }
  await Promise.all(jobs);
  return { n, count, ...out, backend: "workers" };
}
