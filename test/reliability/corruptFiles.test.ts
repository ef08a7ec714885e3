/**
 * Truncated files and pickles with payloads (issue 19's probe classes): a file cut anywhere is
 * refused with its name and what is wrong, never loaded as a (wrong) network; a pickle whose
 * __reduce__ would run a command is refused under every extension, and the command never runs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodeZip, exportModel, loadModel, saveModel } from "../../src/io";
import { initModel } from "../../src/models";
import { probe } from "./probes";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-corrupt-"));

function model() {
  return initModel({ arch: "gru", inputSize: 3, hiddenSize: 8, outputSize: 3 }, { seed: 5 });
}

/** Cut `bytes` at `cuts` evenly spread points (and the edges) and check each copy is refused. */
function truncations(cls: string, file: string, bytes: Uint8Array, cuts = 24): void {
  const points = new Set([0, 1, 7, 8, bytes.length - 1, bytes.length - 22]);
  for (let k = 1; k < cuts; k++) points.add(Math.floor((bytes.length * k) / cuts));
  for (const n of [...points].filter((p) => p >= 0 && p < bytes.length).sort((a, b) => a - b)) {
    fs.writeFileSync(file, bytes.subarray(0, n));
    let msg = "";
    try {
      loadModel(file);
    } catch (e) {
      msg = (e as Error).message;
    }
    const clear = msg.includes(path.basename(file)) && /truncat|corrupt|not a zip|not a NumPy|no header|missing|is not valid JSON|outside/i.test(msg);
    probe(cls, { clear, correct: msg !== "" });
    assert.notEqual(msg, "", `${cls}: cut at ${n} of ${bytes.length} bytes loaded as a network`);
    assert.ok(clear, `${cls}: cut at ${n}: ${msg}`);
  }
}

test("a truncated .npz or .safetensors (cut anywhere) is refused, naming the file, never loaded", () => {
  const dir = tmp();
  const m = model();
  for (const format of ["npz", "safetensors"] as const) {
    const src = path.join(dir, `net.${format}`);
    exportModel(src, m, { format });
    const bytes = fs.readFileSync(src);
    fs.rmSync(src);
    for (const side of fs.readdirSync(dir)) if (side.endsWith(".json")) fs.rmSync(path.join(dir, side));
    truncations(`truncated .${format}`, path.join(dir, `cut.${format}`), bytes);
  }
});

test("a saved network whose arrays file is truncated is refused by its content hash", () => {
  const dir = tmp();
  const saved = path.join(dir, "net");
  saveModel(saved, model());
  const arrays = fs.readdirSync(saved).find((f) => f.endsWith(".npz"))!;
  const full = fs.readFileSync(path.join(saved, arrays));
  for (const n of [0, 100, Math.floor(full.length / 2), full.length - 1]) {
    fs.writeFileSync(path.join(saved, arrays), full.subarray(0, n));
    let msg = "";
    try {
      loadModel(saved);
    } catch (e) {
      msg = (e as Error).message;
    }
    const clear = /does not belong to|truncat|corrupt/.test(msg) && msg.includes(arrays);
    probe("truncated saved network", { clear, correct: msg !== "" });
    assert.ok(clear, `cut at ${n}: ${msg || "loaded"}`);
  }
});

/** A protocol-2 pickle whose loading would call os.system(cmd) (GLOBAL posix.system, REDUCE). */
function payloadPickle(cmd: string): Buffer {
  const c = Buffer.from(cmd, "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32LE(c.length, 0);
  return Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from("cposix\nsystem\n", "latin1"), Buffer.from("X"), len, c, Buffer.from([0x85]), Buffer.from("R."), Buffer.alloc(0)]);
}

test("pickles with a payload are refused under every extension and as torch zips; the payload never runs", () => {
  const dir = tmp();
  const marker = path.join(dir, "PWNED");
  const pkl = payloadPickle(`touch ${marker}`);
  // torch.save's zip layout: archive/data.pkl (+ data/ entries).
  const torchZip = encodeZip([
    ["archive/data.pkl", pkl],
    ["archive/version", Buffer.from("3\n")],
  ]);
  const cases: Array<[string, Uint8Array]> = [];
  for (const ext of [".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".bin", ".npz", ".safetensors", ".npy", ".json", ""]) {
    cases.push([`raw${ext}`, pkl], [`zip${ext}`, torchZip]);
  }
  for (const [name, bytes] of cases) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    const r = spawnSync(process.execPath, [CLI, "info", file], { encoding: "utf8", timeout: 60_000 });
    const clear = r.stderr.includes(name) && /pickle|not a NumPy|unsupported file type|not valid JSON|not a zip/.test(r.stderr);
    const ran = fs.existsSync(marker);
    probe("pickle with payload", { clear, correct: r.status === 2 && !ran });
    assert.equal(ran, false, `${name}: the payload ran`);
    assert.equal(r.status, 2, `${name}: exit ${r.status}\n${r.stdout}${r.stderr}`);
    assert.ok(clear, `${name}: ${r.stderr}`);
  }
});
