/**
 * Executes notebooks/00_tour.ipynb headless, opens its HTML export in headless Chromium
 * (Debian's /usr/bin/chromium driven by playwright-core) and checks that every chart drew:
 * the SVG pictures decode and render, the plotly 3-D view has a WebGL canvas with coloured pixels,
 * the table and the tensor are there. Screenshots go to test-output/.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, BrowserContext, Page } from "playwright-core";
import { ROOT, joined, readNotebook, richOutputs, runRunner, svgFromImgHtml, tempDir } from "../integration/helpers";
import { figureStyleProblems, sizeBudget, staticSvgs } from "../integration/staticPictures";
import { colourStats, decodePng } from "./png";

const CHROMIUM = process.env.RNN_ATLAS_CHROMIUM ?? "/usr/bin/chromium";
const OUTPUT = path.join(ROOT, "test-output");
const NB_OUT = path.join(OUTPUT, "notebooks");

// Flags for a root, offline, GPU-less machine: without the background-networking ones Chromium keeps
// trying to reach Google's hosts. WebGL still works through SwiftShader.
const ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader",
];

describe("00_tour in headless Chromium", () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: run bash kernel-helpers/setup.sh --tests (Debian: apt-get install chromium) or set RNN_ATLAS_CHROMIUM`);
    const run = await runRunner(["--out", NB_OUT, "00_tour"]);
    assert.equal(run.code, 0, `00_tour failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);

    profile = tempDir("chromium");
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1100, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(pathToFileURL(path.join(NB_OUT, "00_tour.html")).href, { waitUntil: "load" });
  });

  after(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  test("every figure of the tour passes the figure style checks (fits the cell, titled, titled axes, whole legend labels, distinct legend colours)", () => {
    const nb = readNotebook(path.join(NB_OUT, "00_tour.ipynb"));
    const style = [...new Set(staticSvgs(nb).flatMap(({ cell, svg }) => figureStyleProblems(svg).map((p) => `cell ${cell}: ${p}`)))];
    assert.deepEqual(style, []);
  });

  test("the executed notebook and its HTML export fit the size budget of a shared notebook", () => {
    const size = sizeBudget(path.join(NB_OUT, "00_tour.ipynb"), path.join(NB_OUT, "00_tour.html"));
    console.log(size.line);
    assert.deepEqual(size.problems, []);
  });

  test("the executed notebook has every code cell counted and no error output", () => {
    const nb = readNotebook(path.join(NB_OUT, "00_tour.ipynb"));
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert.deepEqual(code.map((c) => c.execution_count), code.map((_, i) => i + 1));
    for (const c of code) {
      for (const o of c.outputs ?? []) {
        if (o.output_type === "stream" && o.name === "stderr") {
          // Only the one-line backend notice is expected on stderr.
          assert.match(String(Array.isArray(o.text) ? o.text.join("") : o.text).trim(), /^rnn-atlas: TF\.js backend "\w+"/);
        }
        assert.notEqual(o.output_type, "error");
      }
    }
  });

  test("every SVG picture decodes, is non-empty and renders in the browser", async () => {
    const imgs = await page.$$eval('img[src^="data:image/svg+xml;base64,"]', (els) =>
      els.map((e) => {
        // No DOM lib in this project's tsconfig: describe the few fields used.
        const img = e as unknown as { src: string; complete: boolean; naturalWidth: number; naturalHeight: number };
        return { src: img.src, alt: e.getAttribute("alt") ?? "", complete: img.complete, width: img.naturalWidth, height: img.naturalHeight };
      }),
    );
    // line chart, scatter, heatmap, live curve, static heatmap, tensor (the 3-D view's fallback
    // projection is replaced once plotly draws: checked in the HTML file below)
    assert.ok(imgs.length >= 6, `expected at least 6 SVG pictures, found ${imgs.length}`);
    for (const kind of ["Line chart", "Scatter", "Heatmap"]) {
      assert.ok(imgs.some((img) => img.alt.startsWith(kind)), `no ${kind} picture (alts: ${imgs.map((i) => i.alt).join(" | ")})`);
    }
    for (const [i, img] of imgs.entries()) {
      const svg = svgFromImgHtml(`<img src="${img.src}"`);
      assert.ok(svg && /<svg[\s>]/.test(svg) && /<(path|rect|line|circle)[\s>]/.test(svg), `picture ${i} is not a drawing SVG`);
      assert.ok(img.complete && img.width > 0 && img.height > 0, `picture ${i} did not render (${img.width}×${img.height})`);
    }
    const html = fs.readFileSync(path.join(NB_OUT, "00_tour.html"), "utf8");
    const fallback = /<img\s[^>]*src="data:image\/svg\+xml;base64,[^"]*"[^>]*alt="3-D[^"]*"|<img\s[^>]*alt="3-D[^"]*"[^>]*src="data:image\/svg\+xml;base64,[^"]*"/.exec(html);
    assert.ok(fallback, "the 3-D view carries no static SVG fallback in the exported HTML");
    const svg = svgFromImgHtml(fallback[0]);
    assert.ok(svg && /<(path|circle|line)[\s>]/.test(svg), "the 3-D fallback SVG draws nothing");
  });

  test("the plotly 3-D view drew into a WebGL canvas", async () => {
    await page.waitForSelector(".js-plotly-plot", { timeout: 60_000 });
    const info = await page.$$eval(".js-plotly-plot", (plots) =>
      plots.map((p) => ({
        canvases: p.querySelectorAll("canvas").length,
        svgs: p.querySelectorAll("svg").length,
        traces: ((p as any).data ?? []).length as number,
      })),
    );
    assert.ok(info.length >= 1, "no plotly figure on the page");
    assert.ok(info.every((p) => p.canvases >= 1), `a 3-D figure has no canvas: ${JSON.stringify(info)}`);
    assert.ok(info.some((p) => p.traces >= 3), `expected the 3 Lorenz traces: ${JSON.stringify(info)}`);
    // Give WebGL a moment, then look at the pixels: the trajectories are coloured (viridis).
    await page.waitForTimeout(1500);
    const plot = (await page.$$(".js-plotly-plot"))[0]!;
    await plot.scrollIntoViewIfNeeded();
    fs.mkdirSync(OUTPUT, { recursive: true });
    const shot = await plot.screenshot({ path: path.join(OUTPUT, "tour-plotly.png") });
    const stats = colourStats(decodePng(shot));
    assert.ok(stats.saturated > 0.005, `the 3-D view looks empty: ${JSON.stringify(stats)}`);
    assert.ok(stats.distinct > 20, `the 3-D view has too few colours: ${JSON.stringify(stats)}`);
  });

  test("the arquero table and the tensor preview are shown", async () => {
    const tableText = await page.$$eval("table", (ts) => ts.map((t) => t.textContent ?? "").join("\n"));
    assert.match(tableText, /ready-set-go/);
    assert.match(tableText, /Sussillo & Barak 2013/);
    // The tensor is drawn as a 4×6 picture (its text/plain names dtype and shape, checked below).
    const alts = await page.$$eval("img", (els) => els.map((e) => e.getAttribute("alt") ?? ""));
    assert.ok(alts.some((a) => a.includes("4×6")), `no 4×6 tensor picture among: ${alts.join(" | ")}`);
    const nb = readNotebook(path.join(NB_OUT, "00_tour.ipynb"));
    const tensorCell = nb.cells.find((c) => joined(c.source).includes("tf.randomNormal([4, 6]"))!;
    const plain = richOutputs(tensorCell).map((o) => joined(o.data?.["text/plain"] as string | string[])).join("\n");
    assert.match(plain, /float32/);
    assert.match(plain, /\[4, ?6\]/);
    const body = await page.textContent("body");
    assert.match(body ?? "", /Interval \[480, 1200\] ms, width 720 ms/, "the custom renderer's HTML is missing");
  });

  test("no script errors on the page; full-page screenshot saved", async () => {
    assert.deepEqual(pageErrors, []);
    const file = path.join(OUTPUT, "tour.png");
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(fs.statSync(file).size > 10_000);
  });
});
