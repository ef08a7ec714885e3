// Exit 0 when node_modules matches package-lock.json, 1 when `npm ci` is needed (reason on stdout).
//
// Compares the lockfile with npm's own record of what it installed (node_modules/.package-lock.json),
// package by package, instead of comparing file times: a fresh git checkout touches package-lock.json
// without changing it. Optional packages are ignored because one of them (@tensorflow/tfjs-node) is
// expected to fail to install offline and is then absent from node_modules by design.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2] ?? process.cwd();
const lockPath = join(root, "package-lock.json");
const installedPath = join(root, "node_modules", ".package-lock.json");

function stale(reason) {
  console.log(reason);
  process.exit(1);
}

if (!existsSync(lockPath)) stale("package-lock.json is missing");
if (!existsSync(installedPath)) stale("node_modules is missing or was not installed by npm");

const lock = JSON.parse(readFileSync(lockPath, "utf8")).packages ?? {};
const installed = JSON.parse(readFileSync(installedPath, "utf8")).packages ?? {};

for (const [key, entry] of Object.entries(lock)) {
  if (key === "" || !key.startsWith("node_modules/") || entry.optional || entry.link) continue;
  const have = installed[key];
  if (!have) stale(`${key} is not installed`);
  if (have.version !== entry.version) stale(`${key} is ${have.version}, lockfile wants ${entry.version}`);
}
