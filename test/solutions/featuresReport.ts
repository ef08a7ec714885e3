/** Our §5.5 features of the fixture networks next to the authors' stored feature-matrix rows. */
import * as fs from "node:fs";
import * as path from "node:path";
import { readNpy } from "../../src/io";
import { neuralFeatures } from "../../src/solutions/features";
import { FIXTURE_DIR, fixtureNets, loadNet, type FixtureNet } from "./fixtures";

export interface FeatureRowComparison {
  readonly name: string;
  readonly task: string;
  readonly row: number;
  readonly names: readonly string[];
  readonly ours: number[];
  readonly stored: number[];
}

const matrixCache = new Map<string, { data: Float64Array; cols: number }>();

function storedMatrix(file: string): { data: Float64Array; cols: number } {
  let m = matrixCache.get(file);
  if (!m) {
    const a = readNpy(path.join(FIXTURE_DIR, file));
    m = { data: Float64Array.from(a.data as ArrayLike<number>), cols: a.shape[1]! };
    matrixCache.set(file, m);
  }
  return m;
}

export function compareFeatures(net: FixtureNet): FeatureRowComparison {
  const j = JSON.parse(fs.readFileSync(net.json, "utf8")) as { solution_type: { files_row: number; features_file: string } };
  const { files_row: row, features_file } = j.solution_type;
  const m = storedMatrix(features_file);
  const f = neuralFeatures(loadNet(net), net.task);
  return { name: net.name, task: net.task, row, names: f.names, ours: [...f.values], stored: [...m.data.subarray(row * m.cols, (row + 1) * m.cols)] };
}

export function allFeatureComparisons(): FeatureRowComparison[] {
  return fixtureNets().map(compareFeatures);
}

if (require.main === module) {
  for (const c of allFeatureComparisons()) {
    console.log(c.name, "row", c.row);
    c.names.forEach((n, i) => {
      const a = c.ours[i]!;
      const b = c.stored[i]!;
      const rel = Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
      console.log(`  ${n.padEnd(20)} ours ${a.toPrecision(7).padStart(14)} stored ${b.toPrecision(7).padStart(14)} rel ${rel.toExponential(1)}${rel > 1e-3 ? "  <<<" : ""}`);
    });
  }
}
