// One source per notebook: notebooks/NN_name.ts (jupytext "percent" format for TypeScript) is the
// source; notebooks/NN_name.ipynb is written from it, without outputs, so Jupyter opens it directly.
//
//   node kernel-helpers/notebook-source.mjs                 # write every .ipynb from its .ts
//   node kernel-helpers/notebook-source.mjs --check         # exit 1 if any .ipynb differs from its .ts
//   node kernel-helpers/notebook-source.mjs --from-ipynb F  # take edits made in Jupyter back into F's .ts
//
// Format (what jupytext writes for a TypeScript notebook, so jupytext can pair it as well):
//   // %% [markdown]          a markdown cell: each following line is "// text" (or "//" when empty)
//   // %%                     a code cell: the following lines, verbatim
// Cells end at the next marker; blank lines around a cell's text are not part of it.
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export const TSLAB_METADATA = {
  kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
  language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
};

const HEADER = [
  "// ---",
  "// jupyter:",
  "//   kernelspec:",
  "//     display_name: TypeScript",
  "//     language: typescript",
  "//     name: tslab",
  "// ---",
];
const MARKER = /^\/\/ %%(?: \[(markdown|md)\])?\s*$/;

function trimBlank(lines) {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].trim() === "") a++;
  while (b > a && lines[b - 1].trim() === "") b--;
  return lines.slice(a, b);
}

/** Parse percent-format text into [{ kind: "markdown" | "code", text }]. */
export function parsePercent(text, where = "source") {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let i = 0;
  if (lines[0] === "// ---") {
    const end = lines.indexOf("// ---", 1);
    if (end < 0) throw new Error(`${where}: the "// ---" header is not closed`);
    i = end + 1;
  }
  const cells = [];
  let cur = null;
  const before = [];
  for (; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (m) {
      if (cur) cells.push(cur);
      cur = { kind: m[1] ? "markdown" : "code", lines: [] };
      continue;
    }
    if (cur) cur.lines.push(lines[i]);
    else before.push(lines[i]);
  }
  if (cur) cells.push(cur);
  if (trimBlank(before).length) {
    throw new Error(`${where}: text before the first "// %%" cell marker; start the cell with "// %%" or "// %% [markdown]"`);
  }
  return cells.map((c, n) => {
    let body = trimBlank(c.lines);
    if (c.kind === "markdown") {
      body = body.map((l, k) => {
        if (l === "//") return "";
        if (l.startsWith("// ")) return l.slice(3);
        throw new Error(`${where}: markdown cell ${n + 1}, line ${k + 1} does not start with "// ": ${JSON.stringify(l)}`);
      });
    }
    return { kind: c.kind, text: body.join("\n") };
  });
}

/** Cells → percent-format text (inverse of parsePercent for cells without surrounding blank lines). */
export function formatPercent(cells) {
  const out = [...HEADER];
  for (const c of cells) {
    out.push("");
    if (c.kind === "markdown") {
      out.push("// %% [markdown]");
      for (const l of c.text.split("\n")) out.push(l === "" ? "//" : `// ${l}`);
    } else {
      out.push("// %%");
      out.push(...c.text.split("\n"));
    }
  }
  return out.join("\n") + "\n";
}

function sourceLines(text) {
  const parts = text.split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? l + "\n" : l));
}

/** Cells → notebook JSON text; cell ids are `${prefix}-NN` so regenerating gives identical bytes. */
export function toIpynb(cells, prefix) {
  const nb = {
    cells: cells.map((c, i) => {
      const id = `${prefix}-${String(i + 1).padStart(2, "0")}`;
      return c.kind === "code"
        ? { cell_type: "code", execution_count: null, id, metadata: {}, outputs: [], source: sourceLines(c.text) }
        : { cell_type: "markdown", id, metadata: {}, source: sourceLines(c.text) };
    }),
    metadata: TSLAB_METADATA,
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Notebook JSON → cells (outputs dropped; raw cells refused: the percent format here has none). */
export function fromIpynb(json, where = "notebook") {
  const nb = JSON.parse(json);
  return nb.cells.map((c, i) => {
    if (c.cell_type !== "code" && c.cell_type !== "markdown") {
      throw new Error(`${where}: cell ${i + 1} is a ${c.cell_type} cell; only code and markdown cells have a place in the .ts source`);
    }
    const text = (Array.isArray(c.source) ? c.source.join("") : c.source).replace(/\s+$/, "").replace(/^\n+/, "");
    return { kind: c.cell_type, text };
  });
}

/** Cell-id prefix of a notebook: "nb03" for 03_ready_set_go, else the file stem. */
export function idPrefix(file) {
  const stem = basename(file).replace(/\.(ts|ipynb)$/, "");
  const m = /^(\d+)_/.exec(stem);
  return m ? `nb${m[1]}` : stem.replace(/[^A-Za-z0-9]+/g, "-");
}

function writeAtomic(path, text) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** The .ts sources in a folder (percent format: the first line is the header or a cell marker). */
export function notebookSources(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => join(dir, f))
    .filter((p) => /^\/\/ (---|%%)/.test(readFileSync(p, "utf8")))
    .sort();
}

/** The .ipynb text a source should produce. */
export function expectedIpynb(tsFile) {
  return toIpynb(parsePercent(readFileSync(tsFile, "utf8"), tsFile), idPrefix(tsFile));
}

/**
 * Brings each .ipynb up to date with its .ts. An .ipynb that differs from its source and is newer
 * than it holds edits made in Jupyter: it is not overwritten (nothing is lost); the error says how to
 * take the edits into the source or drop them.
 */
export function syncNotebooks(dirs, { check = false, log = () => {} } = {}) {
  const stale = [];
  const conflicts = [];
  for (const dir of dirs) {
    for (const ts of notebookSources(dir)) {
      const ipynb = ts.replace(/\.ts$/, ".ipynb");
      const want = expectedIpynb(ts);
      const have = existsSync(ipynb) ? readFileSync(ipynb, "utf8") : null;
      if (have === want) continue;
      if (check) { stale.push(ipynb); continue; }
      if (have !== null && statSync(ipynb).mtimeMs > statSync(ts).mtimeMs) {
        let sameCells = false;
        try { sameCells = formatPercent(fromIpynb(have, ipynb)) === formatPercent(parsePercent(readFileSync(ts, "utf8"), ts)); } catch { /* differs */ }
        if (!sameCells) { conflicts.push({ ts, ipynb }); continue; }
      }
      writeAtomic(ipynb, want);
      log(`wrote ${ipynb} from ${basename(ts)}`);
    }
  }
  if (conflicts.length) {
    const lines = conflicts.map(({ ts, ipynb }) =>
      `  ${ipynb} was edited after ${basename(ts)}: keep the edits with\n` +
      `    node kernel-helpers/notebook-source.mjs --from-ipynb ${ipynb}\n` +
      `  or drop them by touching the source (touch ${ts}) and running again.`);
    throw new Error(`notebook sources: ${conflicts.length} notebook(s) hold edits that are not in their .ts source:\n${lines.join("\n")}`);
  }
  return stale;
}

function main(argv) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
  const dirs = [join(root, "notebooks"), join(root, "test", "notebooks")];
  if (argv[0] === "--help" || argv[0] === "-h") {
    console.log(readFileSync(new URL(import.meta.url), "utf8").split("\n").slice(0, 6).join("\n"));
    return 0;
  }
  if (argv[0] === "--from-ipynb") {
    const file = argv[1];
    if (!file || !file.endsWith(".ipynb") || !existsSync(file)) {
      console.error("usage: node kernel-helpers/notebook-source.mjs --from-ipynb notebooks/NN_name.ipynb");
      return 2;
    }
    const ts = file.replace(/\.ipynb$/, ".ts");
    writeAtomic(ts, formatPercent(fromIpynb(readFileSync(file, "utf8"), file)));
    writeAtomic(file, expectedIpynb(ts)); // normalised: outputs and ids as the source gives them
    console.log(`wrote ${ts} from ${file}`);
    return 0;
  }
  if (argv[0] === "--check") {
    const stale = syncNotebooks(dirs, { check: true });
    if (stale.length) {
      console.error(`notebook sources: these .ipynb differ from their .ts source:\n  ${stale.join("\n  ")}\n` +
        "Run `node kernel-helpers/notebook-source.mjs` (source wins) or `--from-ipynb FILE` (notebook wins).");
      return 1;
    }
    console.log("notebook sources: every .ipynb matches its .ts");
    return 0;
  }
  if (argv.length) { console.error(`unknown argument ${argv[0]} (see --help)`); return 2; }
  try {
    syncNotebooks(dirs, { log: (s) => console.log(s) });
  } catch (e) {
    console.error(e.message);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  process.exit(main(process.argv.slice(2)));
}
