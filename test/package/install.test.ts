/**
 * rnn-atlas as a collaborator gets it: `npm pack` in the repository, `npm install <tarball>` into an
 * empty folder outside it, `npx rnn-atlas kernel install --prefix`, and a small notebook in that
 * folder executed by nbconvert with every Jupyter path inside the temporary folder. Asserts the
 * notebook imports the installed copy (not this checkout), trains, and shows a chart as rich output
 * through the protocol kernel; also the CLI, plain-Node imports and the kernelspec refusal rules.
 *
 * Needs the npm registry (or an npm cache holding the locked dependencies: --prefer-offline uses it
 * without asking the registry again) and Jupyter in /usr/bin/python3, as set-up provides.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PYTHON = "/usr/bin/python3";
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 300_000): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: timeoutMs });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  return r;
}
const show = (r: SpawnSyncReturns<string>) => `exit ${r.status}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;

const CELLS = [
  `import { getTask, trainPopulation, lineChart, runMode } from "rnn-atlas";\nrequire.resolve("rnn-atlas")`,
  `const task = getTask("flipflop3");\nconst trained = await trainPopulation({\n  task: task,\n  spec: { arch: "vanilla", hiddenSize: 8, nonlinearity: "tanh" },\n  networks: 2,\n  seed: 1,\n  lr: 0.01,\n  data: { batch: 16 },\n  stop: { maxUpdates: 40 },\n  reporter: "none",\n});\ntrained.updates`,
  `lineChart({ "network 0": trained.histories[0].loss, "network 1": trained.histories[1].loss }, { title: "Training loss", xLabel: "epoch", yLabel: "MSE" })`,
];

type Output = { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string; evalue?: string; traceback?: string[] };
const txt = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

test("npm pack → npm install in an empty folder → kernel install → a notebook trains and charts there", { timeout: 900_000 }, (t) => {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-package-")));
  const timings: string[] = [];
  const timed = <T>(what: string, f: () => T): T => {
    const t0 = Date.now();
    try {
      return f();
    } finally {
      timings.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  };
  try {
    // 1. The tarball, exactly as a collaborator gets it (prepack builds dist/ first).
    const pack = timed("npm pack", () => run("npm", ["pack", "--json", "--pack-destination", tmp], ROOT));
    assert.equal(pack.status, 0, show(pack));
    const info = (JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }>; size: number }>)[0];
    const files = info.files.map((f) => f.path);
    const tarball = path.join(tmp, info.filename);
    assert.equal(info.filename, `rnn-atlas-${VERSION}.tgz`);
    for (const f of ["package.json", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/cli/main.js", "dist/kernel-helpers/kernel/main.js", "dist/src/display/kernel/hooks.js", "native/install.js", "native/build.js", "native/src/rnn.cpp", "native/linalg/build.js", "native/linalg/src/fixedpoints.cc"]) {
      assert.ok(files.includes(f), `the tarball carries ${f}`);
    }
    const unwanted = files.filter((f) => /^(test|notebooks|bench|out|src|kernel-helpers)\/|^dist\/(test|bench|kernel-helpers\/runner)\/|\.map$|\.node$|^native\/(build|linalg\/build)\//.test(f));
    assert.deepEqual(unwanted, [], "no tests, notebooks, TypeScript sources, source maps or built addons");

    // 2. Install into an empty folder outside the repository (no node_modules above /tmp).
    const proj = path.join(tmp, "project");
    fs.mkdirSync(proj);
    const inst = timed("npm install", () => run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], proj, process.env, 600_000));
    assert.equal(inst.status, 0, show(inst));
    const installed = path.join(proj, "node_modules", "rnn-atlas");
    assert.ok(fs.existsSync(path.join(installed, "package.json")) && !fs.lstatSync(installed).isSymbolicLink(), "a real copy, not a link to the checkout");

    // 3. The library and the CLI in that folder.
    fs.writeFileSync(path.join(proj, "check.mjs"), `import { getTask, lineChart } from "rnn-atlas";\nimport { createRequire } from "node:module";\nconsole.log(typeof getTask, typeof lineChart, createRequire(import.meta.url).resolve("rnn-atlas"));\n`);
    const imp = run(process.execPath, ["check.mjs"], proj);
    assert.equal(imp.status, 0, show(imp));
    assert.equal(imp.stdout.trim(), `function function ${path.join(installed, "dist", "src", "index.js")}`);
    const help = run("npx", ["--no", "--", "rnn-atlas", "--help"], proj);
    assert.equal(help.status, 0, show(help));
    assert.match(help.stdout, /rnn-atlas kernel install/);

    // 4. The kernelspec, from the installed package; refusal of a kernelspec that is not ours.
    const prefix = path.join(tmp, "jupyter");
    const jupyterPath = path.join(prefix, "share", "jupyter");
    const foreign = path.join(jupyterPath, "kernels", "tslab");
    fs.mkdirSync(foreign, { recursive: true });
    const stockSpec = JSON.stringify({ argv: ["tslab", "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" });
    fs.writeFileSync(path.join(foreign, "kernel.json"), stockSpec);
    const refused = run("npx", ["--no", "--", "rnn-atlas", "kernel", "install", "--prefix", prefix], proj);
    assert.equal(refused.status, 2, show(refused));
    assert.match(refused.stderr, /kernelspec "tslab" already exists at .* not written by rnn-atlas.*--name/);
    assert.equal(fs.readFileSync(path.join(foreign, "kernel.json"), "utf8"), stockSpec, "the other kernel is untouched");
    fs.rmSync(foreign, { recursive: true });
    const kinst = run("npx", ["--no", "--", "rnn-atlas", "kernel", "install", "--prefix", prefix], proj);
    assert.equal(kinst.status, 0, show(kinst));
    assert.match(kinst.stdout, /installed kernelspec "tslab"/);
    const again = run("npx", ["--no", "--", "rnn-atlas", "kernel", "install", "--prefix", prefix], proj);
    assert.equal(again.status, 0, show(again));
    assert.match(again.stdout, /updated kernelspec "tslab"/, "our own kernelspec is updated in place");
    const spec = JSON.parse(fs.readFileSync(path.join(jupyterPath, "kernels", "tslab", "kernel.json"), "utf8")) as { argv: string[] };
    assert.deepEqual(spec.argv, [process.execPath, path.join(installed, "dist", "kernel-helpers", "kernel", "main.js"), "kernel", "--config-path", "{connection_file}"]);
    const bad = run("npx", ["--no", "--", "rnn-atlas", "kernel", "install", "--name", "no spaces"], proj);
    assert.equal(bad.status, 2, show(bad));
    assert.match(bad.stderr, /--name "no spaces" may only use/);

    // 5. A notebook in the folder, as the series declares it (kernelspec "tslab"); Jupyter sees only the temp folder.
    const nb = {
      cells: CELLS.map((source, i) => ({ cell_type: "code", id: `c${i}`, execution_count: null, metadata: {}, outputs: [], source })),
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    fs.writeFileSync(path.join(proj, "tiny.ipynb"), JSON.stringify(nb));
    const env = {
      ...process.env,
      JUPYTER_PATH: jupyterPath,
      JUPYTER_CONFIG_DIR: path.join(tmp, "cfg"),
      JUPYTER_DATA_DIR: path.join(tmp, "data"),
      JUPYTER_RUNTIME_DIR: path.join(tmp, "runtime"),
      IPYTHONDIR: path.join(tmp, "ipython"),
      RNN_ATLAS_MODE: "quick",
    };
    const exec = timed("notebook", () =>
      run(PYTHON, ["-m", "nbconvert", "--to", "notebook", "--execute", "tiny.ipynb", "--output", "tiny.out.ipynb", "--ExecutePreprocessor.timeout=300"], proj, env, 600_000),
    );
    assert.equal(exec.status, 0, show(exec));
    const out = JSON.parse(fs.readFileSync(path.join(proj, "tiny.out.ipynb"), "utf8")) as { cells: { outputs: Output[]; execution_count: number | null }[] };
    const outputs = out.cells.flatMap((c) => c.outputs);
    assert.deepEqual(outputs.filter((o) => o.output_type === "error" || o.name === "stderr"), [], "no errors, nothing on stderr");
    // The protocol kernel (stock tslab sends no execute_result): counts and last values.
    assert.deepEqual(out.cells.map((c) => c.execution_count), [1, 2, 3]);
    const result = (i: number) => out.cells[i].outputs.find((o) => o.output_type === "execute_result");
    assert.equal(txt(result(0)?.data?.["text/plain"]), `'${path.join(installed, "dist", "src", "index.js")}'`, "the notebook imports the installed copy");
    assert.match(txt(result(1)?.data?.["text/plain"]), /^[1-9]\d*$/, "training ran updates");
    const chart = result(2)?.data ?? {};
    assert.ok(chart["application/vnd.vegalite.v5+json"], `the chart's vega-lite form: ${Object.keys(chart).join(", ")}`);
    assert.match(txt(chart["text/html"]), /<img[^>]+src="data:image\/svg\+xml;base64,/, "the chart's static picture");
    assert.match(txt(chart["text/plain"]), /Training loss/);
  } finally {
    t.diagnostic(`timings: ${timings.join(", ")}`);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("the install step never fails: without a C++ compiler or Python it exits 0 and says how to build later", () => {
  // A copy of native/ (sources and scripts, no build outputs) and a PATH holding only node.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-native-install-"));
  try {
    fs.cpSync(path.join(ROOT, "native"), path.join(tmp, "native"), { recursive: true, filter: (src) => !/[/\\]build([/\\]|$)/.test(path.relative(ROOT, src)) });
    const bin = path.join(tmp, "bin");
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, "node"));
    const env = { HOME: tmp, PATH: bin };
    const r = run(process.execPath, [path.join(tmp, "native", "install.js")], tmp, env);
    assert.equal(r.status, 0, show(r));
    assert.match(r.stderr, /rnn-atlas: not built: training kernel, linear-algebra addon; the JavaScript kernels will be used\.\n {2}To build later .*npx rnn-atlas build-native/);
    const strict = run(process.execPath, [path.join(tmp, "native", "install.js"), "--strict"], tmp, env);
    assert.equal(strict.status, 1, "rnn-atlas build-native reports the failure");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
