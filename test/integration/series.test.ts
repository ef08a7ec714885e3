/**
 * The notebook series in quick mode: every science notebook (01 onwards; 00_tour is run by the
 * browser test) executes headless through the real kernel with its own checks (asserts in cells)
 * passing. This is what makes "the notebook reproduces the figure and checks its numbers" part of CI.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, readNotebook, runRunner } from "./helpers";
import { claimsOf } from "../../kernel-helpers/seedSweep";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { figureStyleProblems, imageProblems, sizeBudget, staticSvgs } from "./staticPictures";

const CHROMIUM = process.env.RNN_ATLAS_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = path.join(ROOT, "test-output", "screenshots");

/** A full-page screenshot of an HTML export in headless Chromium (kept as test output to look at). */
async function screenshot(html: string, png: string): Promise<number> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--enable-unsafe-swiftshader"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
    await page.waitForTimeout(1500); // 3-D views draw once plotly has run
    fs.mkdirSync(path.dirname(png), { recursive: true });
    await page.screenshot({ path: png, fullPage: true });
    return fs.statSync(png).size;
  } finally {
    await browser.close();
  }
}

const NB_DIR = path.join(ROOT, "notebooks");
const OUT = path.join(ROOT, "test-output", "series");

const science = fs
  .readdirSync(NB_DIR)
  .filter((f) => f.endsWith(".ipynb") && !f.startsWith("00_"))
  .sort()
  .map((f) => f.replace(/\.ipynb$/, ""));

describe("notebook series (quick mode)", () => {
  test("there are science notebooks to run", () => {
    assert.ok(science.length >= 3, `expected the science notebooks in notebooks/, found: ${science.join(", ")}`);
  });

  for (const name of science) {
    test(`${name} executes headless with its checks passing`, async (t) => {
      const run = await runRunner(["--out", OUT, name]);
      assert.equal(run.code, 0, `${name} failed (exit ${run.code}):\n${run.stdout.slice(-6000)}\n${run.stderr.slice(-6000)}`);
      const nb = readNotebook(path.join(OUT, `${name}.ipynb`));
      const code = nb.cells.filter((c) => c.cell_type === "code");
      assert.ok(code.length > 0, "no code cells");
      assert.deepEqual(
        code.map((c) => c.execution_count),
        code.map((_, i) => i + 1),
        "every code cell ran, in order",
      );
      for (const c of code) {
        for (const o of c.outputs ?? []) assert.notEqual(o.output_type, "error", `error output in ${name}`);
      }
      assert.ok(fs.existsSync(path.join(OUT, `${name}.html`)), "HTML export written");
      const size = sizeBudget(path.join(OUT, `${name}.ipynb`), path.join(OUT, `${name}.html`));
      t.diagnostic(size.line);
      console.log(size.line);
      assert.deepEqual(size.problems, [], `${name}: over the size budget of a shared notebook`);
      // No blank static figure: every raster layer of every static SVG carries its image data.
      const blank = staticSvgs(nb).flatMap(({ cell, svg }) => imageProblems(svg).map((p) => `cell ${cell}: ${p}`));
      assert.deepEqual(blank, [], `${name}: static pictures with missing raster data`);
      // Figure style: fits the cell, titled, titled axes, whole legend labels, no repeated legend colour.
      const style = [...new Set(staticSvgs(nb).flatMap(({ cell, svg }) => figureStyleProblems(svg).map((p) => `cell ${cell}: ${p}`)))];
      assert.deepEqual(style, [], `${name}: figure style problems`);
      const shot = path.join(SHOTS, `${name}.png`);
      t.diagnostic(`screenshot: ${shot} (${await screenshot(path.join(OUT, `${name}.html`), shot)} bytes)`);
      // Every science notebook ends with its claims table; scripts read it as application/json.
      const claims = claimsOf(path.join(OUT, `${name}.ipynb`));
      assert.ok(claims.length > 0, `${name}: no claims table (application/json) in the executed notebook`);
      for (const c of claims) {
        assert.ok(["pass", "fail", "reported", "not-reproduced"].includes(c.status), `${name}: claim "${c.claim}" has status ${c.status}`);
        assert.ok(c.tolerance.trim() !== "" && c.paper.trim() !== "", `${name}: claim "${c.claim}" states no tolerance or paper value`);
        assert.notEqual(c.status, "fail", `${name}: claim "${c.claim}" failed: ours ${c.ours} (${c.tolerance})`);
      }
    });
  }
});
