/** `rnn-atlas kernel install|uninstall|list`: where kernelspecs go, what is refused, exit codes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_KERNEL_NAME, cmdKernel, jupyterUserDataDir } from "../../src/cli/kernelCommand";
import { main } from "../../src/cli/main";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function harness() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-kernel-cli-"));
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
  const env = { HOME: path.join(dir, "home"), PATH: process.env.PATH } as NodeJS.ProcessEnv;
  const k = (...argv: string[]) => cmdKernel(argv, io, { cwd: dir, env, root: ROOT, node: "/opt/node/bin/node" });
  return { dir, out, err, io, env, k, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
const spec = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as { argv: string[]; display_name: string; metadata: Record<string, any> };

test("default target is ./.jupyter/kernels/tslab with absolute node and kernel paths; a second install updates it", () => {
  const h = harness();
  try {
    assert.equal(DEFAULT_KERNEL_NAME, "tslab");
    assert.equal(h.k("install"), 0);
    const file = path.join(h.dir, ".jupyter", "kernels", "tslab", "kernel.json");
    const s = spec(file);
    assert.deepEqual(s.argv, ["/opt/node/bin/node", path.join(ROOT, "dist", "kernel-helpers", "kernel", "main.js"), "kernel", "--config-path", "{connection_file}"]);
    assert.equal(s.metadata["rnn-atlas"].package, ROOT);
    assert.match(h.out.join(""), /installed kernelspec "tslab".*\n.*\n  Jupyter: export JUPYTER_PATH=.*\.jupyter/);
    assert.equal(h.k("install", "--display-name", "TS two"), 0);
    assert.match(h.out.join(""), /updated kernelspec "tslab"/);
    assert.equal(spec(file).display_name, "TS two");
    assert.equal(h.k("list"), 0);
    assert.match(h.out.join(""), /tslab\s+\S+kernels\/tslab\s+\(rnn-atlas \d+\.\d+\.\d+ kernel: /);
    assert.equal(h.k("uninstall"), 0);
    assert.ok(!fs.existsSync(path.dirname(file)));
    assert.equal(h.k("uninstall"), 0, "nothing to remove is not an error");
    assert.match(h.out.join(""), /nothing removed/);
  } finally {
    h.cleanup();
  }
});

test("--prefix uses Jupyter's layout, --user Jupyter's data dir (JUPYTER_DATA_DIR, XDG_DATA_HOME)", () => {
  const h = harness();
  try {
    assert.equal(h.k("install", "--prefix", "pfx", "--name", "rnn-atlas"), 0);
    assert.ok(fs.existsSync(path.join(h.dir, "pfx", "share", "jupyter", "kernels", "rnn-atlas", "kernel.json")));
    h.env.JUPYTER_DATA_DIR = path.join(h.dir, "jdata");
    assert.equal(h.k("install", "--user"), 0);
    assert.ok(fs.existsSync(path.join(h.dir, "jdata", "kernels", "tslab", "kernel.json")));
    // Jupyter would pick the user dir's "tslab" before the prefix's: install says so.
    assert.equal(h.k("install", "--prefix", "pfx"), 0);
    assert.match(h.err.join(""), /warning: .*jdata\/kernels\/tslab comes earlier on Jupyter's search path/);
    assert.equal(jupyterUserDataDir({ HOME: "/h" }, "linux"), "/h/.local/share/jupyter");
    assert.equal(jupyterUserDataDir({ HOME: "/h", XDG_DATA_HOME: "/x" }, "linux"), "/x/jupyter");
    assert.equal(jupyterUserDataDir({ HOME: "/h" }, "darwin"), "/h/Library/Jupyter");
  } finally {
    h.cleanup();
  }
});

test("a same-named kernelspec rnn-atlas did not write is refused (exit 2 via main, names --name) and left alone", async () => {
  const h = harness();
  try {
    const dir = path.join(h.dir, ".jupyter", "kernels", "tslab");
    fs.mkdirSync(dir, { recursive: true });
    const stock = JSON.stringify({ argv: ["tslab", "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" });
    fs.writeFileSync(path.join(dir, "kernel.json"), stock);
    const cwd = process.cwd();
    process.chdir(h.dir);
    let code: number;
    try {
      code = await main(["kernel", "install"], h.io);
    } finally {
      process.chdir(cwd);
    }
    assert.equal(code, 2);
    assert.match(h.err.join(""), /kernelspec "tslab" already exists at .*not written by rnn-atlas \(argv: tslab kernel .*--name rnn-atlas/);
    assert.throws(() => h.k("uninstall"), /already exists/);
    assert.equal(fs.readFileSync(path.join(dir, "kernel.json"), "utf8"), stock);
    // A folder without kernel.json is not ours either.
    fs.mkdirSync(path.join(h.dir, ".jupyter", "kernels", "empty"));
    assert.throws(() => h.k("install", "--name", "empty"), /has no kernel\.json/);
  } finally {
    h.cleanup();
  }
});

test("bad input is a UsageError (exit 2) that names the fix", async () => {
  const h = harness();
  try {
    const cases: Array<[string[], RegExp]> = [
      [["kernel", "install", "--prefix", "a", "--user"], /--prefix and --user exclude each other/],
      [["kernel", "install", "--name", "a/b"], /--name "a\/b" may only use letters/],
      [["kernel", "frobnicate"], /unknown subcommand "frobnicate"; use install, uninstall or list/],
      [["kernel", "install", "extra"], /unexpected argument "extra"/],
      [["kernel", "install", "--colour"], /kernel install: Unknown option '--colour'/],
      [["build-native", "now"], /build-native: takes no arguments/],
    ];
    for (const [argv, re] of cases) {
      h.err.length = 0;
      assert.equal(await main(argv, h.io), 2, argv.join(" "));
      assert.match(h.err.join(""), re);
    }
  } finally {
    h.cleanup();
  }
});
