// The test driver behind `npm test` (after kernel-helpers/setup.sh --tests has built dist/).
//
//   node kernel-helpers/run-tests.mjs                       # every dist/test/**/*.test.js
//   node kernel-helpers/run-tests.mjs --area display        # only dist/test/display/ (repeatable)
//   node kernel-helpers/run-tests.mjs dist/test/x/y.test.js # these files
//   RNN_ATLAS_FULL_TESTS=1 node kernel-helpers/run-tests.mjs  # also the paper-scale *.full.test.js files
//
// Runs Node's built-in test runner once over the explicit file list (Node 20's `node --test` does
// not expand globs) with the TAP reporter, so the runner's summary (`# tests`, `# pass`, `# fail`,
// ...) is always the last thing printed, and exits with its status.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const testRoot = join(root, "dist", "test");

function usage(code) {
  console.log("usage: node kernel-helpers/run-tests.mjs [--area NAME]... [--full] [file.test.js ...] [-- node-test-flags]");
  process.exit(code);
}

const areas = [];
const files = [];
const extra = [];
let full = process.env.RNN_ATLAS_FULL_TESTS === "1";
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--") { extra.push(...argv.slice(i + 1)); break; }
  if (a === "-h" || a === "--help") usage(0);
  else if (a === "--area") {
    if (!argv[i + 1]) { console.error("--area needs a name, e.g. --area display"); process.exit(2); }
    areas.push(argv[++i]);
  } else if (a.startsWith("--area=")) areas.push(a.slice("--area=".length));
  else if (a === "--full") full = true;
  else if (a.startsWith("--test-")) extra.push(a); // e.g. --test-name-pattern=...
  else if (a.startsWith("-")) { console.error(`unknown option ${a}`); usage(2); }
  else files.push(resolve(a));
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : name.endsWith(".test.js") ? [p] : [];
  });
}

let selected = files;
if (selected.length === 0) {
  if (!existsSync(testRoot)) {
    console.error(`no compiled tests in ${relative(process.cwd(), testRoot)}: build first (bash kernel-helpers/setup.sh --tests, or npx tsc -p .)`);
    process.exit(2);
  }
  const dirs = areas.length ? areas.map((a) => join(testRoot, a)) : [testRoot];
  for (const d of dirs) {
    if (!existsSync(d)) {
      const known = readdirSync(testRoot).filter((n) => statSync(join(testRoot, n)).isDirectory());
      console.error(`no test area "${relative(testRoot, d)}" in dist/test (known: ${known.join(", ")})`);
      process.exit(2);
    }
  }
  selected = dirs.flatMap(walk);
  // tsc never deletes outputs: a compiled test whose .ts source is gone is stale, not a test.
  const orphans = selected.filter((f) => !existsSync(join(root, relative(join(root, "dist"), f)).replace(/\.js$/, ".ts")));
  if (orphans.length) {
    selected = selected.filter((f) => !orphans.includes(f));
    console.log(`# ignoring ${orphans.length} compiled test file(s) whose source no longer exists: ${orphans.map((f) => relative(testRoot, f)).join(", ")}`);
  }
  const paper = selected.filter((f) => f.endsWith(".full.test.js"));
  if (!full && paper.length) {
    selected = selected.filter((f) => !f.endsWith(".full.test.js"));
    console.log(`# not running ${paper.length} paper-scale test file(s) (${paper.map((f) => relative(testRoot, f)).join(", ")}); set RNN_ATLAS_FULL_TESTS=1 to include them`);
  }
}
for (const f of selected) {
  if (!existsSync(f)) { console.error(`test file not found: ${f}`); process.exit(2); }
}
if (selected.length === 0) {
  console.error("no test files selected");
  process.exit(2);
}
console.log(`# running ${selected.length} test file(s) from ${relative(process.cwd(), testRoot) || "."}`);

// The driver is always a top-level run: drop NODE_TEST_CONTEXT (set when it is itself started from a
// test), which would make the child report to a parent runner instead of printing TAP.
const env = { ...process.env, RNN_ATLAS_FULL_TESTS: full ? "1" : "" };
delete env.NODE_TEST_CONTEXT;
const child = spawn(process.execPath, ["--test", "--test-reporter=tap", ...extra, ...selected], { cwd: root, stdio: "inherit", env });
child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
