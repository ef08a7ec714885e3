// `npm pack`'s prepack step: builds dist/ so the tarball carries the compiled library (with its
// display kernel hooks, dist/src/display/kernel), CLI and kernel (package.json "files" picks them). Outputs whose .ts source is gone are
// deleted first (tsc never does), so a renamed module cannot ship twice. Fails the pack on a
// TypeScript error: a tarball is what collaborators run, so it must not carry a half-built dist/.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const dist = join(root, "dist");

const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
if (existsSync(dist)) {
  for (const f of walk(dist)) {
    const m = /^(.*)\.(js|d\.ts|js\.map|d\.ts\.map)$/.exec(relative(dist, f));
    if (m && !existsSync(join(root, `${m[1]}.ts`))) rmSync(f);
  }
}

// The same compiler as `npm run build` and set-up: node_modules/.bin/tsc (today tslab's bundled
// TypeScript 5.0.4 holds that link, not the typescript devDependency).
const tsc = join(root, "node_modules", ".bin", "tsc");
if (!existsSync(tsc)) {
  console.error(`rnn-atlas prepack: TypeScript is not installed (${tsc}). Run npm ci in ${root} first.`);
  process.exit(1);
}
const r = spawnSync(tsc, ["-p", root, "--incremental", "--tsBuildInfoFile", join(dist, ".tsbuildinfo")], { stdio: "inherit" });
if (r.status !== 0) {
  console.error("rnn-atlas prepack: the TypeScript build failed (see above); nothing was packed.");
  process.exit(1);
}
for (const f of ["dist/src/index.js", "dist/src/cli/main.js", "dist/kernel-helpers/kernel/main.js", "dist/src/display/kernel/hooks.js"]) {
  if (!existsSync(join(root, f))) {
    console.error(`rnn-atlas prepack: ${f} was not built; nothing was packed.`);
    process.exit(1);
  }
}
