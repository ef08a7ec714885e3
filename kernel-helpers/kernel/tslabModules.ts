/**
 * Loads tslab 1.0.22's own modules for the protocol kernel, two of them with small source patches.
 *
 * Why source patches at all: tslab's compiler options are hard-coded inside `createConverter`, and
 * its TypeScript exports are non-configurable getters, so the only way to get a source map of a
 * cell (for tracebacks that point at cell lines) is to add `sourceMap: true` to that object literal.
 * And `ZmqMessage` (needed to answer message types tslab does not know, like history_request) is
 * not exported. Each patch is an exact text replacement on a file whose SHA-256 is pinned below: on
 * any other tslab the kernel refuses to start and says which version it supports.
 *
 * The patched modules are put into `require.cache` under their real file names before anything
 * else requires them, so tslab's other modules and the rnn-atlas display hooks (which get
 * `jupyter.js` from main.ts, or find it in require.cache under a stock tslab) all see the same, patched instances.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";

export const SUPPORTED_TSLAB_VERSION = "1.0.22";

/** SHA-256 of the unpatched files of tslab 1.0.22 from npm. */
const PINNED_SHA256: Record<string, string> = {
  "converter.js": "2c671708872c2ad7c36db9f703e5917571e73a62c4cf67f5abad0bd02c56b832",
  "jupyter.js": "186ae73149b280330d965b087933efa9eea51187f319f4163b44ae06327aef5f",
  "executor.js": "0a9b6c73679be6169390df7cb2000121bcddaaa78872a92da1e83a34174e8c9e",
};

interface Patch {
  find: string;
  replace: string;
}

const PATCHES: Record<string, Patch[]> = {
  "converter.js": [
    // Emit a source map of each cell (TypeScript -> ES module JS).
    { find: "        declaration: true,\n", replace: "        declaration: true,\n        sourceMap: true,\n" },
    { find: "        let sideOutputs;\n", replace: "        let sideOutputs;\n        let sourceMap;\n" },
    {
      find: "                if (fileName === dstFilename) {\n",
      replace: '                if (fileName === dstFilename + ".map") {\n                    sourceMap = data;\n                    return;\n                }\n                if (fileName === dstFilename) {\n',
    },
    // Hand the map and the pre-CommonJS output back with the conversion result.
    { find: "            lastExpressionVar,\n        };\n", replace: "            lastExpressionVar,\n            sourceMap,\n            esOutput: output,\n        };\n" },
  ],
  "jupyter.js": [{ find: "exports.ZmqServer = ZmqServer;\n", replace: "exports.ZmqServer = ZmqServer;\nexports.ZmqMessage = ZmqMessage;\n" }],
};

export interface TslabModules {
  version: string;
  /** tslab's dist directory. */
  dist: string;
  converter: any;
  jupyter: any;
  executor: any;
  util: any;
  /** tslab's bundled TypeScript (5.0.4). */
  ts: any;
}

function unsupported(what: string): Error {
  return new Error(
    `rnn-atlas protocol kernel: ${what}. This kernel wraps tslab ${SUPPORTED_TSLAB_VERSION} exactly ` +
      `(it patches that version's internals). Install it with \`npm install --save-dev tslab@${SUPPORTED_TSLAB_VERSION}\`, ` +
      `or register the stock kernel (argv ["tslab", "kernel", "--config-path", "{connection_file}"]) instead.`,
  );
}

/** Applies each patch exactly once; throws if a patch does not match exactly one place. */
export function applyPatches(file: string, source: string, patches: Patch[]): string {
  let out = source;
  for (const p of patches) {
    const first = out.indexOf(p.find);
    if (first < 0 || out.indexOf(p.find, first + 1) >= 0) {
      throw unsupported(`${file} does not contain the expected text ${JSON.stringify(p.find.trim())} exactly once`);
    }
    out = out.slice(0, first) + p.replace + out.slice(first + p.find.length);
  }
  return out;
}

function loadInto(file: string, source: string, parent: NodeModule): any {
  const mod = new Module(file, parent) as any;
  mod.filename = file;
  mod.paths = (Module as any)._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  try {
    mod._compile(source, file);
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  mod.loaded = true;
  return mod.exports;
}

let loaded: TslabModules | undefined;

/**
 * Locates tslab (from `fromDir` upwards, default: this package), checks version and file hashes,
 * and loads the patched modules. Idempotent.
 */
export function loadTslab(fromDir: string = __dirname): TslabModules {
  if (loaded) return loaded;
  let pkgFile: string;
  try {
    pkgFile = require.resolve("tslab/package.json", { paths: [fromDir] });
  } catch {
    throw unsupported(`tslab is not installed (looked upwards from ${fromDir})`);
  }
  const version = JSON.parse(fs.readFileSync(pkgFile, "utf8")).version as string;
  if (version !== SUPPORTED_TSLAB_VERSION) throw unsupported(`found tslab ${version} at ${path.dirname(pkgFile)}`);
  const dist = path.join(path.dirname(pkgFile), "dist");
  for (const [name, sha] of Object.entries(PINNED_SHA256)) {
    const file = path.join(dist, name);
    const got = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    if (got !== sha) throw unsupported(`${file} differs from the published tslab ${SUPPORTED_TSLAB_VERSION} (sha256 ${got})`);
    if (require.cache[file] && PATCHES[name]) throw new Error(`rnn-atlas protocol kernel: ${file} was loaded before it could be patched.`);
  }
  const patched: Record<string, any> = {};
  for (const [name, patches] of Object.entries(PATCHES)) {
    const file = path.join(dist, name);
    patched[name] = loadInto(file, applyPatches(file, fs.readFileSync(file, "utf8"), patches), module);
  }
  const tsFile = require.resolve("@tslab/typescript-for-tslab", { paths: [dist] });
  loaded = {
    version,
    dist,
    converter: patched["converter.js"],
    jupyter: patched["jupyter.js"],
    executor: require(path.join(dist, "executor.js")),
    util: require(path.join(dist, "util.js")),
    ts: require(tsFile),
  };
  return loaded;
}
