// Tiny helpers to write .ipynb files (nbformat 4.5) from code, used by make-notebooks.mjs.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Notebook metadata every rnn-atlas notebook carries: the standard tslab kernelspec name. */
export const TSLAB_METADATA = {
  kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
  language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
};

function lines(text) {
  const t = text.replace(/^\n+/, "").replace(/\s+$/, "");
  const parts = t.split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? l + "\n" : l));
}

export const md = (text) => ({ cell_type: "markdown", source: text });
export const code = (text) => ({ cell_type: "code", source: text });

/** Build the notebook object; cell ids are `${prefix}-NN` so regenerating gives identical files. */
export function notebook(prefix, cells, extraMetadata = {}) {
  return {
    cells: cells.map((c, i) => {
      const id = `${prefix}-${String(i + 1).padStart(2, "0")}`;
      return c.cell_type === "code"
        ? { cell_type: "code", execution_count: null, id, metadata: {}, outputs: [], source: lines(c.source) }
        : { cell_type: "markdown", id, metadata: {}, source: lines(c.source) };
    }),
    metadata: { ...TSLAB_METADATA, ...extraMetadata },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

export function writeNotebook(path, nb) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(nb, null, 1) + "\n");
  renameSync(tmp, path);
}
