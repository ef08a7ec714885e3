/**
 * Hostile files are refused before they do harm — issue 19, finding 4 (a label that drops a bias,
 * overlapping safetensors offsets) and 7 (a decompression bomb): each is refused with the file, the
 * problem and the fix, and the CLI exits 2.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { crc32, encodeNpy, encodeNpz, encodeSafetensors, loadModel, parseNpz, parseSafetensors } from "../../src/io";
import { probe } from "./probes";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const CLI = path.join(ROOT, "dist", "src", "cli", "main.js");
const cli = (...a: string[]) => spawnSync(process.execPath, [CLI, ...a], { encoding: "utf8", cwd: ROOT, timeout: 120_000 });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-files-"));

const N = 4;
const f32 = (n: number, v = 0.1) => new Float32Array(n).fill(v);
/** A torch.nn.RNN (vanilla) with a readout, as PyTorch names it: both biases non-zero. */
function vanillaArrays(): Record<string, { shape: number[]; data: Float32Array }> {
  return {
    weight_ih_l0: { shape: [N, 2], data: f32(2 * N) },
    weight_hh_l0: { shape: [N, N], data: f32(N * N) },
    bias_ih_l0: { shape: [N], data: f32(N, 0.5) },
    bias_hh_l0: { shape: [N], data: f32(N, -0.2) },
    "readout.weight": { shape: [1, N], data: f32(N) },
    "readout.bias": { shape: [1], data: f32(1) },
  };
}

/** A zip whose entries are deflated (the writer in src/io only stores); `lie` overrides declared sizes. */
function deflatedZip(entries: Array<{ name: string; data: Uint8Array; raw?: Uint8Array; declared?: number }>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const comp = e.raw ?? zlib.deflateRawSync(e.data);
    const size = e.declared ?? e.data.length;
    const crc = crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, Buffer.from(comp));
    centrals.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** A version-1.0 .npy header for a float32 array of this shape (the data is appended by the caller). */
function npyHeader(shape: number[]): Buffer {
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(", ")},), }`;
  dict += " ".repeat(63 - ((10 + dict.length) % 64)) + "\n";
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length & 0xff, dict.length >> 8]);
  return Buffer.concat([pre, Buffer.from(dict, "latin1")]);
}

function refusedCli(cls: string, file: string, msg: RegExp, ...extra: string[]): void {
  const r = cli("info", file, ...extra);
  const clear = msg.test(r.stderr);
  probe(cls, { clear, correct: r.status === 2 });
  assert.equal(r.status, 2, `${cls}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  assert.ok(clear, `${cls}: ${r.stderr}`);
}

test('an "arch: leaky" label on a torch.nn.RNN file is refused, not read with its input bias dropped', () => {
  const dir = tmp();
  const file = path.join(dir, "vanilla.npz");
  fs.writeFileSync(file, encodeNpz(vanillaArrays()));
  // The label is the sidecar's (what the CLI reads next to a .npz).
  fs.writeFileSync(path.join(dir, "vanilla.json"), JSON.stringify({ arch: "leaky" }));
  refusedCli("label drops an array", file, /labelled arch "leaky", but the file has a non-zero "bias_ih_l0" .* "arch": "vanilla"/);
  assert.throws(() => loadModel(file), /non-zero "bias_ih_l0"/);
  fs.rmSync(path.join(dir, "vanilla.json"));
  // The same file as vanilla keeps both biases.
  const v = loadModel(file);
  assert.equal(v.spec.arch, "vanilla");
  assert.equal(v.params.bias_ih_l0![0], 0.5);
  // A leaky file whose bias_ih_l0 is zeros (nothing is lost) loads, and says why it ignored the array.
  const zeros = vanillaArrays();
  zeros.bias_ih_l0!.data = f32(N, 0);
  fs.writeFileSync(file, encodeNpz(zeros));
  const m = loadModel(file, { arch: "leaky" });
  assert.equal(m.spec.arch, "leaky");
  assert.ok(m.notes.some((n) => /bias_ih_l0 is all zeros/.test(n)), m.notes.join("\n"));
  probe("label drops an array", { clear: true, correct: true });
});

test("safetensors: tensors whose data_offsets overlap are refused (one would silently be a copy of the other)", () => {
  const good = encodeSafetensors({ a: { shape: [4], data: f32(4, 1) }, b: { shape: [4], data: f32(4, 2) } });
  const view = new DataView(good.buffer, good.byteOffset, good.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(good.subarray(8, 8 + n)).toString("utf8")) as Record<string, { data_offsets: number[] }>;
  header.b!.data_offsets = [...header.a!.data_offsets];
  let json = JSON.stringify(header);
  json += " ".repeat(n - Buffer.byteLength(json));
  const bad = Buffer.concat([good.subarray(0, 8), Buffer.from(json), good.subarray(8 + n)]);
  let msg = "";
  try {
    parseSafetensors(bad, "x.safetensors");
  } catch (e) {
    msg = (e as Error).message;
  }
  const clear = /"a" \[0, 16\) and "b" \[0, 16\) overlap .* re-save it/.test(msg);
  probe("overlapping offsets", { clear, correct: msg !== "" });
  assert.ok(clear, msg || "loaded without error");
  // Adjacent (touching) ranges and zero-length tensors are fine.
  assert.deepEqual(Object.keys(parseSafetensors(good).tensors), ["a", "b"]);
  assert.deepEqual(parseSafetensors(encodeSafetensors({ e: { shape: [0], data: f32(0) }, z: { shape: [1], data: f32(1) } })).tensors.e!.shape, [0]);
  // Through the CLI: exit 2, the file named.
  const dir = tmp();
  const file = path.join(dir, "bad.safetensors");
  fs.writeFileSync(file, bad);
  refusedCli("overlapping offsets", file, /bad\.safetensors: tensors "a" .* overlap/);
});

test("a decompression bomb is refused from its directory, before inflating (in well under the 9 s and 3.2 GB it took)", () => {
  // 512 MiB of zeros in one deflated .npy entry: ~0.5 MB on disk.
  const header = npyHeader([N, (512 * 2 ** 20) / 4 / N]);
  const body = Buffer.alloc(512 * 2 ** 20);
  const npy = Buffer.concat([header, body]);
  const arrays = vanillaArrays();
  delete (arrays as Record<string, unknown>).weight_ih_l0;
  const entries = Object.entries(arrays).map(([k, a]) => ({ name: `${k}.npy`, data: encodeNpy(a) }));
  entries.push({ name: "weight_ih_l0.npy", data: npy });
  const dir = tmp();
  const file = path.join(dir, "bomb.npz");
  fs.writeFileSync(file, deflatedZip(entries));
  assert.ok(fs.statSync(file).size < 2 ** 20);
  const t0 = Date.now();
  refusedCli("decompression bomb", file, /declare 512\.\d MiB uncompressed from 0\.\d MiB on disk \(\d+:1\).*refused before inflating/);
  assert.ok(Date.now() - t0 < 30_000);
});

test("an npz is checked against the network from its declared shapes before any array is inflated", () => {
  // weight_ih_l0 declares [3N, 2] (a GRU's) next to a vanilla weight_hh_l0; its body is not valid
  // deflate, so the shape error (not "corrupt") shows that nothing was inflated.
  const arrays = vanillaArrays();
  const wih = encodeNpy({ shape: [3 * N, 2], data: f32(6 * N) });
  const hdrLen = 10 + (wih[8]! | (wih[9]! << 8));
  const good = zlib.deflateRawSync(wih, { level: 0 });
  const entries = Object.entries(arrays)
    .filter(([k]) => k !== "weight_ih_l0")
    .map(([k, a]) => ({ name: `${k}.npy`, data: encodeNpy(a) }));
  // Stored-deflate block: header bytes intact, the rest of the block garbled.
  const raw = Buffer.from(good);
  for (let i = 5 + hdrLen; i < raw.length; i++) raw[i] = 0xff;
  entries.push({ name: "weight_ih_l0.npy", data: wih, raw } as never);
  const dir = tmp();
  const file = path.join(dir, "wrong.npz");
  fs.writeFileSync(file, deflatedZip(entries));
  refusedCli("shape before inflating", file, /array "weight_ih_l0" has shape \[12, 2\]; expected \[4, 2\]/);
});

test("a zip directory that understates an entry cannot make it inflate past the declared size", () => {
  const a = encodeNpy({ shape: [64], data: f32(64) });
  const bytes = deflatedZip([{ name: "a.npy", data: a, declared: 100 }]);
  let msg = "";
  try {
    parseNpz(bytes, "lie.npz");
  } catch (e) {
    msg = (e as Error).message;
  }
  // Its header declares 64 floats (> 100 bytes): refused from the header, before inflating.
  const clear = /lie\.npz: array "a": truncated/.test(msg);
  probe("understated size", { clear, correct: msg !== "" });
  assert.ok(clear, msg);
});
