/**
 * The executed tour in a real client: Debian's classic Jupyter Notebook 6.4 server, driven in
 * headless Chromium. Opened from disk without `jupyter trust`, a notebook is untrusted there: its
 * text/html outputs go through the notebook's sanitiser (inline <svg> and <script> removed) and
 * image/svg+xml and JavaScript outputs are ignored, so the static pictures must survive as
 * <img src="data:image/svg+xml;base64,…">. Then a fresh copy of the tour runs its first cells through
 * the UI on the project's tslab kernel. Screenshots go to test-output/classic-*.png.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { chromium, BrowserContext, Page } from "playwright-core";
import { ROOT, readNotebook, runRunner, tempDir } from "../integration/helpers";
import { JUPYTER_DISPLAY } from "../../src/display/mime";
import { notebookReporter, trainPopulation } from "../../src/train";
import { FAKE_SPEC, fakeKernel, fakeTask } from "../train/fakes";

const CHROMIUM = process.env.RNN_ATLAS_CHROMIUM ?? "/usr/bin/chromium";
const OUTPUT = path.join(ROOT, "test-output");
// Same flags as tour.test.ts: a root, offline, GPU-less machine.
const ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader",
];
const INSTALL_HINT = "run bash kernel-helpers/setup.sh --tests (Debian: apt-get install jupyter-notebook; elsewhere pip install 'notebook<7' and put jupyter-notebook on PATH)";

/** jupyter-notebook on PATH (Debian puts it in /usr/bin, a pip install wherever its scripts go). */
function findNotebookCommand(): string | null {
  for (const dir of [...(process.env.PATH ?? "").split(path.delimiter), "/usr/bin"]) {
    const p = path.join(dir, "jupyter-notebook");
    if (dir && fs.existsSync(p)) return p;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Processes whose environment carries this exact JUPYTER_RUNTIME_DIR: the server, its kernels and their children. */
function processesOf(runtimeDir: string): number[] {
  const mark = Buffer.from(`JUPYTER_RUNTIME_DIR=${runtimeDir}\0`);
  const pids: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/environ`).includes(mark)) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** A classic Notebook server on 127.0.0.1 with its own token and its own Jupyter dirs. */
class NotebookServer {
  log = "";
  version = "";
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  constructor(readonly cmd: string, readonly notebookDir: string, readonly jupyterDir: string, readonly port: number, readonly token: string) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get runtimeDir(): string {
    return path.join(this.jupyterDir, "runtime");
  }
  url(p: string): string {
    return `${this.base}${p}?token=${this.token}`;
  }

  start(): void {
    const j = this.jupyterDir;
    for (const d of ["config", "data", "runtime", "ipython", "home"]) fs.mkdirSync(path.join(j, d), { recursive: true });
    const env = {
      ...process.env,
      RNN_ATLAS_MODE: "quick",
      // Kernelspecs from the project's .jupyter (the `tslab` kernel); everything else fresh, so no
      // trust database (nbsignatures.db) knows the executed notebook, and nothing goes to $HOME.
      JUPYTER_PATH: path.join(ROOT, ".jupyter"),
      JUPYTER_CONFIG_DIR: path.join(j, "config"),
      JUPYTER_DATA_DIR: path.join(j, "data"),
      JUPYTER_RUNTIME_DIR: this.runtimeDir,
      IPYTHONDIR: path.join(j, "ipython"),
      HOME: path.join(j, "home"),
    };
    const args = [
      "--no-browser", "--allow-root", "--ip=127.0.0.1", `--port=${this.port}`, "--port-retries=0",
      `--notebook-dir=${this.notebookDir}`, `--NotebookApp.token=${this.token}`, "--NotebookApp.password=",
      "--NotebookApp.terminals_enabled=False",
    ];
    // detached: the server leads its own process group, so `after` can signal the whole group.
    const child = spawn(this.cmd, args, { cwd: this.notebookDir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout!.on("data", (d) => (this.log += d));
    child.stderr!.on("data", (d) => (this.log += d));
    this.exited = new Promise((resolve) => child.on("exit", () => resolve()));
  }

  running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  logTail(): string {
    return this.log.split("\n").slice(-25).join("\n");
  }

  /** Polls /api/status with the token until the server answers 200. */
  async waitReady(timeoutMs: number): Promise<void> {
    const t0 = Date.now();
    for (;;) {
      if (!this.running()) throw new Error(`jupyter-notebook exited (${this.child?.exitCode ?? this.child?.signalCode}) before answering:\n${this.logTail()}`);
      try {
        const r = await fetch(this.url("/api/status"), { signal: AbortSignal.timeout(2000) });
        if (r.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() - t0 > timeoutMs) throw new Error(`jupyter-notebook did not answer /api/status within ${timeoutMs / 1000}s:\n${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    this.version = /Jupyter Notebook (\d+\.\d+\.\d+)/.exec(this.log)?.[1] ?? "";
  }

  /** Shuts the kernels down through the API, SIGTERMs the group, then SIGKILLs whatever is left. */
  async stop(): Promise<string[]> {
    const notes: string[] = [];
    if (this.running()) {
      try {
        const headers = { Authorization: `token ${this.token}` };
        const kernels = (await (await fetch(`${this.base}/api/kernels`, { headers, signal: AbortSignal.timeout(5000) })).json()) as Array<{ id: string }>;
        await Promise.all(kernels.map((k) => fetch(`${this.base}/api/kernels/${k.id}`, { method: "DELETE", headers, signal: AbortSignal.timeout(10_000) })));
      } catch (e) {
        notes.push(`kernel shutdown through the API failed: ${e}`);
      }
      kill(-this.child!.pid!, "SIGTERM");
      const done = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
      if (!done) notes.push("the server ignored SIGTERM for 10 s");
    }
    this.killAll();
    return notes;
  }

  /** Synchronous last resort (also from process.on("exit")): the group, then every process of this server's runtime dir. */
  killAll(): void {
    if (this.child?.pid) kill(-this.child.pid, "SIGKILL");
    for (const pid of processesOf(this.runtimeDir)) kill(pid, "SIGKILL");
  }
}

// Page callbacks are serialised into the page, so they reach the notebook's (untyped) globals as
// (globalThis as any).IPython, never through helpers of this file.

/** Opens a notebook page and waits until the notebook is loaded and its kernel is idle. */
async function openNotebook(page: Page, server: NotebookServer, rel: string): Promise<void> {
  await page.goto(server.url(`/notebooks/${rel}`), { waitUntil: "load", timeout: 60_000 });
  await page.waitForFunction(() => (globalThis as any).IPython?.notebook?._fully_loaded === true, null, { timeout: 60_000 });
  // The kernel starts by itself (kernelspec `tslab` in the metadata). If the server could not find it,
  // classic Notebook asks which kernel to use: answer tslab.
  await page.waitForFunction(
    () => (globalThis as any).document.querySelector("#kernel_indicator_icon.kernel_idle_icon, .modal.in select") !== null,
    null,
    { timeout: 90_000 },
  );
  const select = await page.$(".modal.in select");
  if (select) {
    await select.selectOption("tslab");
    await page.click(".modal.in .modal-footer .btn-primary");
    await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 90_000 });
  }
  const kernel = await page.evaluate(() => (globalThis as any).IPython.notebook.kernel?.name);
  assert.equal(kernel, "tslab", `${rel} runs kernel ${kernel}, not the project's tslab`);
}

/** Classic Notebook scrolls inside #site, so a fullPage screenshot would show only one screen: unpin it first. */
async function fullScreenshot(page: Page, file: string): Promise<void> {
  await page.addStyleTag({ content: "html, body, #site { height: auto !important; overflow: visible !important; }" });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(fs.statSync(file).size > 10_000, `screenshot ${file} is nearly empty`);
}

interface ShownImg {
  cell: number;
  alt: string;
  complete: boolean;
  width: number;
  height: number;
}

/** The SVG pictures (<img> data URLs) in the output areas, with the index of their cell. */
function shownImgs(page: Page): Promise<ShownImg[]> {
  return page.$$eval('.output_area img[src^="data:image/svg+xml;base64,"]', (els) =>
    els.map((e) => {
      const img = e as unknown as { complete: boolean; naturalWidth: number; naturalHeight: number };
      const cells = [...(globalThis as any).document.querySelectorAll("#notebook-container > .cell")];
      return { cell: cells.indexOf(e.closest(".cell")), alt: e.getAttribute("alt") ?? "", complete: img.complete, width: img.naturalWidth, height: img.naturalHeight };
    }),
  );
}

/** The visible text of every output area, one entry each. */
function outputTexts(page: Page): Promise<string[]> {
  return page.$$eval(".output_area .output_subarea", (els) => els.map((e) => (e as unknown as { innerText: string }).innerText));
}

/** Numbers run together: two exponentials ("1.02e+01.96e-4") or a row of tick labels ("0.00.20.40.6"). */
const RUN_TOGETHER = /\de[+-]\d+\.\d+e[+-]?\d|(?:\d+\.\d+){4}/;

/** Outputs of the executed notebook whose text/html carries a static SVG picture, per cell index. */
function expectedPictures(file: string): number[] {
  const cells: number[] = [];
  readNotebook(file).cells.forEach((c, i) => {
    for (const o of c.outputs ?? []) {
      const html = o.data?.["text/html"];
      const text = Array.isArray(html) ? html.join("") : typeof html === "string" ? html : "";
      for (const _ of text.matchAll(/<img\s[^>]*src="data:image\/svg\+xml;base64,/g)) cells.push(i);
    }
  });
  return cells;
}

/** A notebook holding one training progress panel, the bundle notebookReporter displays (the tour trains nothing). */
async function writeProgressNotebook(file: string): Promise<void> {
  let bundle: Record<string, string> = {};
  await trainPopulation({
    task: fakeTask(),
    spec: { arch: FAKE_SPEC.arch, hiddenSize: FAKE_SPEC.hiddenSize },
    networks: 3,
    seed: 1,
    kernel: fakeKernel(),
    stop: { maxEpochs: 30 },
    reporter: notebookReporter({
      intervalMs: 0,
      id: "panel",
      labels: () => ({ title: "population fake-vanilla", fields: [["size", "2"], ["round", "1/1"]] }),
      display: (x) => (bundle = (x as { [JUPYTER_DISPLAY](): Record<string, string> })[JUPYTER_DISPLAY]()),
    }),
  });
  const nb = {
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" } },
    cells: [
      { cell_type: "code", execution_count: 1, metadata: {}, source: "await trainPopulation({ /* … */ reporter: notebookReporter({ labels }) })", outputs: [{ output_type: "display_data", metadata: {}, data: bundle }] },
    ],
  };
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
}

describe("00_tour in the classic Jupyter Notebook server", () => {
  let server: NotebookServer | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let profile = "";
  let jupyterDir = "";
  let nbDir = "";
  const pageErrors: string[] = [];
  // Kernels run in sessions of their own, so a test process that dies must still take them down.
  const killOnExit = (): void => server?.killAll();
  const killOnSignal = (signal: NodeJS.Signals): void => {
    killOnExit();
    process.kill(process.pid, signal); // the once-listener is gone: the default action follows
  };

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: run bash kernel-helpers/setup.sh --tests (Debian: apt-get install chromium) or set RNN_ATLAS_CHROMIUM`);
    const cmd = findNotebookCommand();
    assert.ok(cmd, `jupyter-notebook (classic Notebook 6) not found: ${INSTALL_HINT}`);

    // The notebook folder lives inside the repository (test-output/, git-ignored): the kernel's cwd is
    // the notebook's folder, and `import … from "rnn-atlas"` resolves through node_modules upwards.
    fs.mkdirSync(OUTPUT, { recursive: true });
    nbDir = fs.mkdtempSync(path.join(OUTPUT, "classic-notebooks-"));
    const run = await runRunner(["--out", nbDir, "00_tour"]);
    assert.equal(run.code, 0, `00_tour failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    fs.mkdirSync(path.join(nbDir, "fresh"));
    fs.copyFileSync(path.join(ROOT, "notebooks", "00_tour.ipynb"), path.join(nbDir, "fresh", "00_tour.ipynb"));
    await writeProgressNotebook(path.join(nbDir, "progress.ipynb"));

    jupyterDir = tempDir("classic-jupyter");
    process.on("exit", killOnExit);
    process.once("SIGINT", killOnSignal);
    process.once("SIGTERM", killOnSignal);
    const token = crypto.randomBytes(24).toString("hex");
    // A port is only known free when asked: if something takes it first, the server exits
    // ("already in use") and another one is tried.
    for (let attempt = 1; ; attempt++) {
      server = new NotebookServer(cmd, nbDir, jupyterDir, await freePort(), token);
      server.start();
      try {
        await server.waitReady(60_000);
        break;
      } catch (e) {
        if (attempt >= 3 || server.running() || !/already in use/i.test(server.log)) throw e;
      }
    }
    assert.match(server.version, /^6\./, `expected classic Notebook 6, the server says "${server.version}": ${INSTALL_HINT}`);

    profile = tempDir("chromium");
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1100, height: 900 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await openNotebook(page, server, "00_tour.ipynb");
  }, { timeout: 600_000 });

  after(async () => {
    await context?.close().catch(() => {});
    const notes = server ? await server.stop() : [];
    if (notes.length) console.log(`classic notebook server: ${notes.join("; ")}`);
    process.off("exit", killOnExit);
    process.off("SIGINT", killOnSignal);
    process.off("SIGTERM", killOnSignal);
    if (server) {
      const left = processesOf(server.runtimeDir);
      assert.deepEqual(left, [], `processes of the notebook server still running after SIGKILL: ${left.join(", ")}`);
    }
    for (const d of [profile, jupyterDir, nbDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
  }, { timeout: 60_000 });

  test("the executed tour opens untrusted (no `jupyter trust`, fresh data dir); screenshot saved", async () => {
    await fullScreenshot(page, path.join(OUTPUT, "classic-untrusted.png"));
    const state = await page.evaluate(() => ({
      trusted: (globalThis as any).IPython.notebook.trusted,
      indicator: (globalThis as any).document.querySelector("#notification_trusted")?.textContent?.trim(),
    }));
    assert.equal(state.trusted, false, "the server trusts the executed notebook: the sanitiser path is not being tested");
    assert.equal(state.indicator, "Not Trusted");
  });

  test("every static picture shows (each output <img> of an SVG data URL loaded)", async () => {
    const expected = expectedPictures(path.join(nbDir, "00_tour.ipynb"));
    const imgs = await shownImgs(page);
    assert.ok(expected.length >= 7, `the executed tour carries only ${expected.length} static pictures`);
    assert.deepEqual(imgs.map((i) => i.cell), expected, "pictures in the notebook file (by cell) vs pictures shown in the untrusted notebook");
    for (const kind of ["Line chart", "Scatter", "Heatmap", "3-D", "Line chart \"loss after 50 steps\"", "Heatmap \"Tensor float32 [4, 6]\""]) {
      assert.ok(imgs.some((i) => i.alt.startsWith(kind)), `no "${kind}" picture shown (alts: ${imgs.map((i) => i.alt).join(" | ")})`);
    }
    for (const img of imgs) assert.ok(img.complete && img.width > 0 && img.height > 0, `cell ${img.cell}: "${img.alt}" did not load (${img.width}×${img.height})`);
  });

  test("tables and HTML outputs show, and no output runs numbers together", async () => {
    const tables = await page.$$eval(".output_area table", (ts) => ts.map((t) => ({ text: (t as unknown as { innerText: string }).innerText, h: (t as unknown as { offsetHeight: number }).offsetHeight })));
    const aq = tables.find((t) => t.text.includes("ready-set-go"));
    assert.ok(aq, `the arquero table is not shown (tables: ${JSON.stringify(tables)})`);
    assert.ok(aq.h > 40, `the arquero table is collapsed (${aq.h} px high)`);
    assert.match(aq.text, /Sussillo & Barak 2013/);
    assert.match(aq.text, /task\s+inputs\s+outputs\s+paper/, "the table header did not come through");
    const texts = await outputTexts(page);
    assert.ok(texts.some((t) => /Interval \[480, 1200\] ms, width 720 ms/.test(t)), "the custom renderer's HTML is missing");
    const bad = texts.filter((t) => RUN_TOGETHER.test(t));
    assert.deepEqual(bad, [], "outputs whose text runs numbers together (an inline <svg> stripped to its labels?)");
  });

  test("a training progress panel is readable text in the untrusted notebook", async () => {
    const p = await context!.newPage();
    p.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      await openNotebook(p, server!, "progress.ipynb");
      await fullScreenshot(p, path.join(OUTPUT, "classic-progress.png")); // first, so a failure leaves the picture
      assert.equal(await p.evaluate(() => (globalThis as any).IPython.notebook.trusted), false, "the progress notebook is trusted");
      const [text] = await outputTexts(p);
      assert.ok(text !== undefined, "the progress panel output is not shown");
      const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
      assert.equal(lines[0], "population fake-vanilla", `panel text:\n${text}`);
      assert.match(lines[1] ?? "", /^size 2\s+round 1\/1$/, `the panel's fields run together:\n${text}`);
      assert.match(lines[2] ?? "", /^epoch 30\/30 · update 30 · 0\/3 training · loss median \d\.\d\de[+-]\d+ \[\d\.\d\de[+-]\d+, \d\.\d\de[+-]\d+\] · .*done$/, `the summary line is not a line of its own:\n${text}`);
      assert.doesNotMatch(text, RUN_TOGETHER, `the panel runs numbers together:\n${text}`);
      const rows = await p.$$eval(".output_area table tr", (trs) => trs.map((r) => (r as unknown as { innerText: string }).innerText.trim()));
      assert.equal(rows.length, 4, `expected a header and 3 network rows: ${JSON.stringify(rows)}`);
      assert.match(rows[0]!, /net\s+loss\s+best\s+lr\s+acc\s+status/);
      const imgs = await shownImgs(p);
      assert.equal(imgs.length, 1, "the loss sparkline is not shown");
      assert.ok(imgs[0]!.complete && imgs[0]!.width > 0, `the sparkline did not load (${imgs[0]!.width} px wide)`);
      assert.match(imgs[0]!.alt, /^loss over \d+ epochs/);
    } finally {
      await p.close();
    }
  });

  test("a fresh 00_tour runs its first cells through the UI and shows the chart", async () => {
    const p = await context!.newPage();
    p.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      await openNotebook(p, server!, "fresh/00_tour.ipynb");
      const cells: Array<{ type: string; source: string }> = await p.evaluate(() =>
        (globalThis as any).IPython.notebook.get_cells().map((c: any) => ({ type: c.cell_type, source: c.get_text() })),
      );
      const chart = cells.findIndex((c) => c.type === "code" && c.source.includes("lineChart("));
      assert.ok(chart > 0, "no lineChart cell in the fresh tour");
      // Select the first cell in command mode, then Shift+Enter through every cell up to the chart,
      // as a user would (markdown cells render, code cells run and the selection moves on).
      await p.click("#notebook-container > .cell >> nth=0");
      await p.keyboard.press("Escape");
      for (let i = 0; i <= chart; i++) await p.keyboard.press("Shift+Enter");
      await p.waitForFunction(
        (k) => {
          const nb = (globalThis as any).IPython.notebook;
          return nb.get_cell(k).input_prompt_number > 0 && (globalThis as any).document.querySelectorAll(".cell.running").length === 0;
        },
        chart,
        { timeout: 180_000 },
      );
      await p.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 60_000 });
      await fullScreenshot(p, path.join(OUTPUT, "classic-run.png"));
      const ran: Array<{ count: number | null; outputs: string[] }> = await p.evaluate((k) => {
        const nb = (globalThis as any).IPython.notebook;
        return nb.get_cells().slice(0, k + 1).filter((c: any) => c.cell_type === "code").map((c: any) => ({
          count: c.input_prompt_number,
          outputs: c.output_area.outputs.map((o: any) => o.output_type + (o.ename ? ` ${o.ename}: ${o.evalue}` : "")),
        }));
      }, chart);
      assert.deepEqual(ran.map((c) => c.count), ran.map((_, i) => i + 1), `execution counts: ${JSON.stringify(ran)}`);
      assert.ok(ran.every((c) => c.outputs.every((o) => !o.startsWith("error"))), `a cell failed: ${JSON.stringify(ran)}`);
      const rich = await p.evaluate((k) => {
        const area = (globalThis as any).document.querySelectorAll("#notebook-container > .cell")[k].querySelector(".output_area");
        const img = area?.querySelector("img");
        return {
          img: img ? { src: img.src.slice(0, 26), width: img.naturalWidth, complete: img.complete } : null,
          svg: area?.querySelectorAll("svg").length ?? 0,
          vega: area?.querySelectorAll(".vega-embed").length ?? 0,
        };
      }, chart);
      const shown = (rich.img !== null && rich.img.complete && rich.img.width > 0) || rich.svg > 0 || rich.vega > 0;
      assert.ok(shown, `the chart cell shows no picture (img, svg or vega embed): ${JSON.stringify(rich)}`);
    } finally {
      await p.close();
    }
  });

  test("no script errors on the notebook pages", () => {
    assert.deepEqual(pageErrors, []);
  });
});
