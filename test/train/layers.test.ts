import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The module-level imports (`import … from "x"`, `export … from "x"`) of every .ts file under dir. */
function imports(dir: string): Array<{ file: string; from: string }> {
  const out: Array<{ file: string; from: string }> = [];
  for (const f of fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[]) {
    if (!f.endsWith(".ts")) continue;
    const file = path.join(dir, f);
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms)) {
      out.push({ file, from: path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), m[1]!)) });
    }
  }
  return out;
}

test("src/train loads without the display or the renderers (progress loads its panel lazily)", () => {
  const bad = imports("src/train").filter((i) => /^src\/(display|plots)(\/|$)/.test(i.from));
  assert.deepEqual(bad, []);
  assert.ok(imports("src/train").length > 20, "the scan found the imports of src/train");
});

test("analyses are functions of trained networks: src/analysis and src/solutions neither train nor import src/experiments", () => {
  const all = [...imports("src/analysis"), ...imports("src/solutions")];
  const bad = all.filter((i) => /^src\/experiments(\/|$)/.test(i.from) || /^src\/train(\/(trainPopulation|index))?$/.test(i.from));
  assert.deepEqual(bad, []);
  assert.ok(all.some((i) => i.from === "src/train/types"), "the scan sees imports of src/train (types are allowed)");
});
