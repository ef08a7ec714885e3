/**
 * Manual benchmark (not a test): batched eigen-decomposition of COUNT random N×N float64 matrices
 * (default 1024 × 100×100, the fixed-point finder's Jacobians) with each backend vs NumPy on the same
 * matrices, in interleaved rounds so machine load hits both alike.
 *
 *   node dist/test/analysis/eigBench.js [--count 1024] [--n 100] [--rounds 2] [--js] [--workers]
 *
 * --js / --workers add the (slow) pure-JS backends. Prints one JSON line at the end with the best
 * time per backend and the ratios to NumPy (eigvals and eig with right vectors).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng } from "../../src/core/random";
import { eigBatch } from "../../src/analysis/linalg/eig";
import { eigBatchParallel } from "../../src/analysis/linalg/eigParallel";
import { nativeLinalgStatus } from "../../src/analysis/linalg/native";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

async function main(): Promise<void> {
  const count = arg("count", 1024);
  const n = arg("n", 100);
  const rounds = arg("rounds", 2);
  const rng = new Rng(0);
  const mats = Float64Array.from({ length: count * n * n }, () => rng.normal());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eigbench-"));
  const file = path.join(dir, "mats.bin");
  fs.writeFileSync(file, Buffer.from(mats.buffer));
  const best: Record<string, number> = {};
  const note = (k: string, s: number) => {
    best[k] = Math.min(best[k] ?? Infinity, s);
    console.log(`${k.padEnd(24)} ${s.toFixed(3)} s`);
  };
  const time = async (fn: () => unknown) => {
    const t = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t) / 1e9;
  };
  const native = nativeLinalgStatus();
  console.log(`eig bench: ${count} × ${n}×${n} float64, ${os.cpus().length} cores, native addon: ${native.loaded ? "yes" : native.reason}`);
  for (let r = 0; r < rounds; r++) {
    const py = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        `import numpy as np, time, json\na=np.fromfile(${JSON.stringify(file)}).reshape(${count},${n},${n})\n` +
          `t=time.perf_counter(); np.linalg.eigvals(a); e=time.perf_counter()-t\n` +
          `t=time.perf_counter(); np.linalg.eig(a); v=time.perf_counter()-t\nprint(json.dumps([e,v]))`,
      ],
      { encoding: "utf8" },
    );
    if (py.status === 0) {
      const [e, v] = JSON.parse(py.stdout.trim()) as [number, number];
      note("numpy eigvals", e);
      note("numpy eig (right)", v);
    } else {
      console.log(`numpy unavailable: ${py.stderr.trim().split("\n").pop()}`);
    }
    if (native.loaded) {
      note("native eigvals", await time(() => eigBatch(mats, n, count, { backend: "native" })));
      note("native eigvals 1 thread", await time(() => eigBatch(mats, n, count, { backend: "native", threads: 1 })));
      note("native right", await time(() => eigBatch(mats, n, count, { backend: "native", vectors: "right" })));
      note("native both", await time(() => eigBatch(mats, n, count, { backend: "native", vectors: "both" })));
    }
    if (process.argv.includes("--js")) {
      note("js eigvals", await time(() => eigBatch(mats, n, count, { backend: "js" })));
      note("js right", await time(() => eigBatch(mats, n, count, { backend: "js", vectors: "right" })));
    }
    if (process.argv.includes("--workers")) {
      note("workers eigvals", await time(() => eigBatchParallel(mats, n, count, { backend: "js" })));
      note("workers right", await time(() => eigBatchParallel(mats, n, count, { backend: "js", vectors: "right" })));
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const ratio = (a: string, b: string) => (best[a] && best[b] ? +(best[a] / best[b]).toFixed(3) : null);
  console.log(
    JSON.stringify({
      bench: "eigBatch",
      count,
      n,
      best_s: best,
      native_over_numpy_eigvals: ratio("native eigvals", "numpy eigvals"),
      native_over_numpy_eig: ratio("native right", "numpy eig (right)"),
      js_over_numpy_eigvals: ratio("js eigvals", "numpy eigvals"),
      workers_over_numpy_eigvals: ratio("workers eigvals", "numpy eigvals"),
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
