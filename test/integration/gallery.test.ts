/**
 * The executed gallery (gallery/*.ipynb with their HTML exports): what a collaborator opens on GitHub.
 * Each must record how it was made (mode, seed, run time, machine, date), have run every cell with no
 * failed claim, show its figures as static pictures (no JavaScript needed), keep the sharing size budget,
 * and come from a notebook of the series.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Notebook } from "./helpers";
import { HTML_BUDGET, IPYNB_BUDGET, imageProblems, staticSvgs } from "./staticPictures";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const GALLERY = path.join(ROOT, "gallery");
const notebooks = fs.existsSync(GALLERY) ? fs.readdirSync(GALLERY).filter((f) => f.endsWith(".ipynb")).sort() : [];

test("the gallery holds executed notebooks", () => {
  assert.ok(notebooks.length > 0, `no executed notebooks in ${GALLERY}`);
});

for (const file of notebooks) {
  const base = file.replace(/\.ipynb$/, "");
  test(`gallery ${base}: run record, claims, static pictures, size`, () => {
    assert.ok(fs.existsSync(path.join(ROOT, "notebooks", file)), `${file} is not a notebook of the series`);
    const nb = JSON.parse(fs.readFileSync(path.join(GALLERY, file), "utf8")) as Notebook & { metadata: { rnn_atlas?: Record<string, unknown> } };
    const rec = nb.metadata.rnn_atlas;
    assert.ok(rec, "metadata.rnn_atlas missing (run it with the runner: npm run notebooks -- --mode paper --out gallery NAME)");
    assert.ok(rec.mode === "paper" || rec.mode === "full", `mode ${String(rec.mode)}: the gallery shows paper-scale runs`);
    assert.equal(rec.complete, true, "not every cell ran");
    assert.ok(typeof rec.seconds === "number" && rec.seconds > 0);
    assert.equal(typeof rec.seed, "number");
    assert.match(String(rec.cpu), /\((avx512|avx2|neon|generic), \d+ cores\)$/);
    assert.match(String(rec.date), /^\d{4}-\d{2}-\d{2}$/);
    const text = JSON.stringify(nb.cells.flatMap((c) => c.outputs ?? []));
    const m = /Claims of [\w]+: (\d+) pass, (\d+) fail/.exec(text);
    assert.ok(m, "no claims table in the outputs");
    assert.equal(Number(m[2]), 0, `${m[2]} failed claims`);
    const svgs = staticSvgs(nb);
    assert.ok(svgs.length > 0, "no static pictures");
    for (const s of svgs) assert.deepEqual(imageProblems(s.svg), [], `cell ${s.cell}`);
    const html = path.join(GALLERY, `${base}.html`);
    assert.ok(fs.existsSync(html), `${base}.html (the HTML export) missing`);
    assert.match(fs.readFileSync(html, "utf8"), /<img\s[^>]*src="data:image\/svg\+xml;base64,/);
    assert.ok(fs.statSync(path.join(GALLERY, file)).size <= IPYNB_BUDGET, "notebook over the sharing budget");
    assert.ok(fs.statSync(html).size <= HTML_BUDGET, "HTML export over the sharing budget");
  });
}
