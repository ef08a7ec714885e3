/** Worker-thread entry for eigBatchParallel: decomposes matrices [from, to) into shared outputs. */
import { parentPort, workerData } from "node:worker_threads";
import { eigRangeJs } from "./eig";

const { input, n, from, to, out, vectors, sort } = workerData;
try {
  eigRangeJs(input, n, from, to, out, vectors, sort);
  parentPort!.postMessage({});
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message });
}
