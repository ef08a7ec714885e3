/**
 * `kernel-helpers/seed-sweep [--seeds 0-4] [name…]`: runs the quick notebook series once per seed
 * (RNN_ATLAS_SEED shifts every seed the series uses) and prints notebook × seed → pass/fail, then
 * each claim's value per seed, read from the claims table every notebook ends with
 * (its `application/json` output). Writes out/sweep/sweep.json and sweep.md as well.
 * A notebook that fails at one seed does not stop the others.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./runner/jupyterEnv";
import { selectNotebooks } from "./runner/main";

interface ClaimRecord {
  claim: string;
  paper: string;
  ours: string;
  tolerance: string;
  status: string;
}

interface Cell {
  notebook: string;
  seed: number;
  ok: boolean;
  seconds: number;
  claims: ClaimRecord[];
  error?: string;
}

export function parseSeeds(raw: string): number[] {
  const out: number[] = [];
  for (const part of raw.split(",")) {
    const m = /^\s*(-?\d+)\s*(?:-\s*(-?\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`--seeds takes integers and ranges like 0-4 or 0,2,5; got "${raw}"`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`--seeds: range ${part.trim()} runs backwards`);
    for (let s = a; s <= b; s++) if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** The claims rows of an executed notebook: the last application/json output that is a list of claims. */
export function claimsOf(ipynbFile: string): ClaimRecord[] {
  if (!fs.existsSync(ipynbFile)) return [];
  const nb = JSON.parse(fs.readFileSync(ipynbFile, "utf8"));
  let found: ClaimRecord[] = [];
  for (const cell of nb.cells ?? []) {
    for (const o of cell.outputs ?? []) {
      const j = o.data?.["application/json"];
      if (Array.isArray(j) && j.every((r) => r && typeof r.claim === "string" && typeof r.status === "string")) found = j;
    }
  }
  return found;
}

function main(): number {
  const root = repoRoot();
  const argv = process.argv.slice(2);
  let seeds = [0, 1, 2, 3, 4];
  let out = path.join(root, "out", "sweep");
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--seeds") seeds = parseSeeds(argv[++i] ?? "");
    else if (a.startsWith("--seeds=")) seeds = parseSeeds(a.slice(8));
    else if (a === "--out") out = path.resolve(argv[++i] ?? "");
    else if (a === "-h" || a === "--help") {
      console.log("usage: kernel-helpers/seed-sweep [--seeds 0-4] [--out DIR] [name…]   (quick mode; one run per seed)");
      return 0;
    } else if (a.startsWith("-")) throw new Error(`unknown option ${a} (see --help)`);
    else names.push(a);
  }
  const notebooks = selectNotebooks(path.join(root, "notebooks"), names).map((f) => path.basename(f, ".ipynb"));
  const runner = path.join(root, "dist", "kernel-helpers", "runner", "main.js");
  const cells: Cell[] = [];
  for (const seed of seeds) {
    for (const nb of notebooks) {
      const dir = path.join(out, `seed-${seed}`);
      const t0 = Date.now();
      process.stdout.write(`seed ${seed} · ${nb} … `);
      const r = spawnSync(process.execPath, [runner, "--no-html", "--out", dir, nb], {
        env: { ...process.env, RNN_ATLAS_SEED: String(seed), RNN_ATLAS_MODE: "quick" },
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      });
      const seconds = (Date.now() - t0) / 1000;
      const claims = claimsOf(path.join(dir, `${nb}.ipynb`));
      const ok = r.status === 0;
      const error = ok ? undefined : (r.stderr.match(/CHECK FAILED[^\n]*(\n +✗[^\n]*)*/)?.[0] ?? r.stderr.trim().split("\n").slice(-3).join(" | "));
      cells.push({ notebook: nb, seed, ok, seconds, claims, error });
      console.log(`${ok ? "pass" : "FAIL"} (${seconds.toFixed(0)} s, ${claims.length} claims)`);
    }
  }
  const lines: string[] = [];
  lines.push(`| notebook | ${seeds.map((s) => `seed ${s}`).join(" | ")} |`);
  lines.push(`|---|${seeds.map(() => "---").join("|")}|`);
  for (const nb of notebooks) {
    lines.push(`| ${nb} | ${seeds.map((s) => { const c = cells.find((x) => x.notebook === nb && x.seed === s)!; return `${c.ok ? "pass" : "**fail**"} (${c.seconds.toFixed(0)} s)`; }).join(" | ")} |`);
  }
  lines.push("");
  lines.push(`| notebook | claim | ${seeds.map((s) => `seed ${s}`).join(" | ")} |`);
  lines.push(`|---|---|${seeds.map(() => "---").join("|")}|`);
  for (const nb of notebooks) {
    const claimNames: string[] = [];
    for (const c of cells.filter((x) => x.notebook === nb)) for (const r of c.claims) if (!claimNames.includes(r.claim)) claimNames.push(r.claim);
    for (const name of claimNames) {
      const vals = seeds.map((s) => {
        const r = cells.find((x) => x.notebook === nb && x.seed === s)?.claims.find((x) => x.claim === name);
        return r ? `${r.ours} (${r.status})` : "–";
      });
      lines.push(`| ${nb} | ${name.replace(/\|/g, "/")} | ${vals.map((v) => v.replace(/\|/g, "/")).join(" | ")} |`);
    }
  }
  const failures = cells.filter((c) => !c.ok);
  if (failures.length) {
    lines.push("", "Failures:");
    for (const f of failures) lines.push(`- ${f.notebook} at seed ${f.seed}: ${f.error ?? "(no message)"}`);
  }
  const md = lines.join("\n") + "\n";
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "sweep.json"), JSON.stringify({ seeds, notebooks, cells }, null, 1) + "\n");
  fs.writeFileSync(path.join(out, "sweep.md"), md);
  console.log("\n" + md);
  console.log(`${cells.length - failures.length}/${cells.length} notebook runs passed; written to ${path.relative(process.cwd(), out)}/sweep.{md,json}`);
  return failures.length ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (e) {
    process.stderr.write(`seed-sweep: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
