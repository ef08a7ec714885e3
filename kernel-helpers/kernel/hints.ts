/**
 * One-line hints added to compile errors whose cause is the set-up, not the cell: a collaborator who
 * opens an rnn-atlas notebook in a folder without the package gets TS2307 on the first import, and
 * the hint says what to run there instead of leaving them with a cascade of errors.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic, ErrorContent } from "./traceback";

/** TS2307 "Cannot find module 'x' or its corresponding type declarations." */
const CANNOT_FIND_MODULE = 2307;
const RNN_ATLAS_MODULE = /^Cannot find module '(rnn-atlas(?:\/[^']*)?)'/;

/** Version of the rnn-atlas package this kernel belongs to (dist/kernel-helpers/kernel → root). */
function ownVersion(): string {
  try {
    const pj = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "package.json"), "utf8")) as { name?: string; version?: string };
    if (pj.name === "rnn-atlas" && pj.version) return pj.version;
  } catch {
    /* a generic x.y.z then */
  }
  return "x.y.z";
}

/** The hint for a cell's diagnostics, or null when none is about a missing rnn-atlas. */
export function missingPackageHint(diags: Diagnostic[], folder: string, version: string = ownVersion()): string | null {
  const d = diags.find((x) => x.code === CANNOT_FIND_MODULE && !x.fileName && RNN_ATLAS_MODULE.test(x.messageText));
  if (!d) return null;
  return (
    `rnn-atlas is not installed for this folder: run \`npm install /path/to/rnn-atlas-${version}.tgz\` ` +
    `(the tarball \`npm pack\` makes in an rnn-atlas checkout) in ${folder} or a folder above it, then restart the kernel.`
  );
}

/** The compile error with the hint as its second line (evalue and traceback), when one applies. */
export function withSetupHint(error: ErrorContent, diags: Diagnostic[], folder: string): ErrorContent {
  const hint = missingPackageHint(diags, folder);
  if (!hint) return error;
  const [head, ...rest] = error.traceback;
  return { ...error, evalue: `${error.evalue}\n${hint}`, traceback: [head ?? `${error.ename}: ${error.evalue}`, hint, ...rest] };
}
