/**
 * Fast checks of the set-up and runner tooling that need no kernel: option parsing, notebook
 * selection, the node_modules freshness check, the test driver's output, the kernelspec set-up wrote.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseOptions } from "../../kernel-helpers/runner/options";
import { selectNotebooks } from "../../kernel-helpers/runner/main";
import { jupyterEnv } from "../../kernel-helpers/runner/jupyterEnv";
import { ROOT, tempDir } from "./helpers";

describe("runner options", () => {
  test("defaults: all notebooks, out/notebooks, HTML on, timeout decided by mode", () => {
    const o = parseOptions([], "/repo", {});
    assert.ok(o !== "help");
    assert.deepEqual(o.names, []);
    assert.equal(o.dir, "/repo/notebooks");
    assert.equal(o.out, "/repo/out/notebooks");
    assert.ok(Number.isNaN(o.timeoutS));
    assert.equal(o.html, true);
    assert.equal(o.mode, undefined);
  });

  test("flags, inline values, names and environment", () => {
    const o = parseOptions(["01_x", "--out=/tmp/o", "--timeout", "5", "--mode", "full", "--no-html", "02"], "/repo", {});
    assert.ok(o !== "help");
    assert.deepEqual(o.names, ["01_x", "02"]);
    assert.equal(o.out, "/tmp/o");
    assert.equal(o.timeoutS, 5);
    assert.equal(o.mode, "full");
    assert.equal(o.html, false);
    const e = parseOptions([], "/repo", { RNN_ATLAS_OUT: "/tmp/env-out", RNN_ATLAS_CELL_TIMEOUT: "0" });
    assert.ok(e !== "help");
    assert.equal(e.out, "/tmp/env-out");
    assert.equal(e.timeoutS, 0);
    assert.equal(parseOptions(["--help"], "/repo", {}), "help");
  });

  test("bad values are rejected with the option's name", () => {
    assert.throws(() => parseOptions(["--timeout", "-1"], "/r", {}), /--timeout needs a number of seconds >= 0, got "-1"/);
    assert.throws(() => parseOptions(["--out"], "/r", {}), /--out needs a value/);
    assert.throws(() => parseOptions(["--bogus"], "/r", {}), /unknown option --bogus/);
    assert.throws(() => parseOptions([], "/r", { RNN_ATLAS_CELL_TIMEOUT: "soon" }), /RNN_ATLAS_CELL_TIMEOUT needs a number/);
  });
});

describe("notebook selection", () => {
  const dir = tempDir("select");
  for (const f of ["10_b.ipynb", "00_tour.ipynb", "01_a.ipynb", "01_ab.ipynb", "notes.txt", ".hidden.ipynb"]) {
    fs.writeFileSync(path.join(dir, f), "{}");
  }
  const names = (sel: string[]) => sel.map((p) => path.basename(p));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("all notebooks in name order, ignoring other and hidden files", () => {
    assert.deepEqual(names(selectNotebooks(dir, [])), ["00_tour.ipynb", "01_a.ipynb", "01_ab.ipynb", "10_b.ipynb"]);
  });

  test("an exact name wins over a prefix; a prefix selects several; results stay ordered", () => {
    assert.deepEqual(names(selectNotebooks(dir, ["01_a"])), ["01_a.ipynb"]);
    assert.deepEqual(names(selectNotebooks(dir, ["01_a.ipynb"])), ["01_a.ipynb"]);
    assert.deepEqual(names(selectNotebooks(dir, ["01"])), ["01_a.ipynb", "01_ab.ipynb"]);
    assert.deepEqual(names(selectNotebooks(dir, ["10", "00"])), ["00_tour.ipynb", "10_b.ipynb"]);
  });

  test("an unknown name lists what exists", () => {
    assert.throws(() => selectNotebooks(dir, ["99"]), /no notebook matches "99".*Available: 00_tour, 01_a, 01_ab, 10_b/);
    assert.throws(() => selectNotebooks(path.join(dir, "missing"), []), /does not exist/);
  });
});

describe("node_modules freshness check (kernel-helpers/deps-fresh.mjs)", () => {
  const script = path.join(ROOT, "kernel-helpers", "deps-fresh.mjs");
  function check(lock: object, installed: object | null): { code: number | null; out: string } {
    const dir = tempDir("deps");
    try {
      fs.writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify({ packages: lock }));
      if (installed) {
        fs.mkdirSync(path.join(dir, "node_modules"));
        fs.writeFileSync(path.join(dir, "node_modules", ".package-lock.json"), JSON.stringify({ packages: installed }));
      }
      const r = spawnSync(process.execPath, [script, dir], { encoding: "utf8" });
      return { code: r.status, out: r.stdout };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const lock = {
    "": { name: "x" },
    "node_modules/a": { version: "1.0.0" },
    "node_modules/opt": { version: "2.0.0", optional: true },
  };

  test("fresh when every non-optional package is installed at the locked version", () => {
    assert.equal(check(lock, { "node_modules/a": { version: "1.0.0" } }).code, 0);
  });
  test("stale when node_modules is missing, a package is missing or has another version", () => {
    assert.match(check(lock, null).out, /node_modules is missing/);
    assert.match(check(lock, {}).out, /node_modules\/a is not installed/);
    const r = check(lock, { "node_modules/a": { version: "0.9.0" } });
    assert.equal(r.code, 1);
    assert.match(r.out, /node_modules\/a is 0\.9\.0, lockfile wants 1\.0\.0/);
  });
});

describe("test driver (kernel-helpers/run-tests.mjs)", () => {
  test("runs the given files and prints the runner's summary as its last lines", () => {
    const dir = tempDir("driver");
    try {
      const file = path.join(dir, "sample.test.js");
      fs.writeFileSync(file, 'const { test } = require("node:test");\ntest("passes", () => {});\ntest("also passes", () => {});\n');
      const r = spawnSync(process.execPath, [path.join(ROOT, "kernel-helpers", "run-tests.mjs"), file], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const lines = r.stdout.trimEnd().split("\n");
      const tail = lines.slice(-8);
      assert.ok(tail.every((l) => l.startsWith("# ")), `last lines are not the summary:\n${tail.join("\n")}`);
      assert.ok(tail.includes("# pass 2"));
      assert.ok(tail.includes("# fail 0"));

      fs.writeFileSync(file, 'require("node:test").test("fails", () => { throw new Error("x"); });\n');
      const bad = spawnSync(process.execPath, [path.join(ROOT, "kernel-helpers", "run-tests.mjs"), file], { encoding: "utf8" });
      assert.notEqual(bad.status, 0);
      assert.ok(bad.stdout.trimEnd().split("\n").slice(-8).includes("# fail 1"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("project-local kernel written by setup.sh", () => {
  test("kernel.json names tslab by absolute paths inside this checkout, and env points into .jupyter", () => {
    const env = jupyterEnv(ROOT);
    const spec = JSON.parse(fs.readFileSync(path.join(env.JUPYTER_PATH!, "kernels", "tslab", "kernel.json"), "utf8"));
    assert.equal(spec.language, "typescript");
    assert.equal(spec.display_name, "TypeScript");
    assert.ok(path.isAbsolute(spec.argv[0]) && fs.existsSync(spec.argv[0]), `node path ${spec.argv[0]}`);
    assert.equal(spec.argv[1], path.join(ROOT, "dist", "kernel-helpers", "kernel", "main.js"));
    assert.deepEqual(spec.argv.slice(2), ["kernel", "--config-path", "{connection_file}"]);
    for (const k of ["JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"]) {
      assert.ok(env[k]!.startsWith(path.join(ROOT, ".jupyter") + path.sep), k);
    }
    assert.equal(fs.readlinkSync(path.join(ROOT, "node_modules", "rnn-atlas")), "..");
  });

  test("env.sh exports the same variables as the runner uses", () => {
    const r = spawnSync("bash", ["-c", `source "${path.join(ROOT, "kernel-helpers", "env.sh")}" && env`], { encoding: "utf8", cwd: "/" });
    assert.equal(r.status, 0, r.stderr);
    const env = jupyterEnv(ROOT);
    for (const [k, v] of Object.entries(env)) assert.ok(r.stdout.split("\n").includes(`${k}=${v}`), `${k}=${v} not exported`);
  });
});

describe("notebook series hygiene", () => {
  const dir = path.join(ROOT, "notebooks");
  const notebooks = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();

  test("every notebook declares the standard tslab kernelspec and imports the package by name", () => {
    assert.ok(notebooks.includes("00_tour.ipynb"));
    for (const f of notebooks) {
      const nb = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
      assert.equal(nb.metadata?.kernelspec?.name, "tslab", `${f}: metadata.kernelspec.name`);
      assert.equal(nb.metadata?.kernelspec?.language, "typescript", `${f}: metadata.kernelspec.language`);
      for (const cell of nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code")) {
        const src = Array.isArray(cell.source) ? cell.source.join("") : String(cell.source);
        // tslab compiles cells with the notebook folder as root: relative imports of the library break.
        assert.doesNotMatch(src, /from\s+["']\.\.?\/(src|dist)\b/, `${f}: import the library as "rnn-atlas", not by a relative path`);
      }
    }
  });

  test("every .ipynb is what its .ts source (percent format) gives", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "kernel-helpers", "notebook-source.mjs"), "--check"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  });

  test("every notebook source type-checks strictly against the library's types", () => {
    // notebooks/tsconfig.json: strict, ES2022 modules (top-level await, as tslab allows), the built
    // dist/ types through the node_modules/rnn-atlas self-link.
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const r = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "notebooks", "tsconfig.json")], { encoding: "utf8", cwd: ROOT });
    assert.equal(r.status, 0, `type errors in the notebook sources:\n${r.stdout}${r.stderr}`);
  });
});
