// Malformed, truncated and mismatched files give errors that name the array and expected shape;
// atomic writes leave no temporary files.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodeNpy, encodeNpz, loadModel, parseNpy, parseNpz, writeFileAtomic, writeNpz } from "../../src/io";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-bad-"));

test("truncated .npy: header and data", () => {
  const bytes = encodeNpy({ dtype: "float32", shape: [4, 5], data: new Float32Array(20) });
  assert.throws(() => parseNpy(bytes.subarray(0, bytes.length - 8), "w.npy"), /w\.npy: truncated \.npy data: shape \[4, 5\] float32 needs 80 bytes, file has 72/);
  assert.throws(() => parseNpy(bytes.subarray(0, 40), "w.npy"), /truncated \.npy file/);
  assert.throws(() => parseNpy(Buffer.from("hello world, not numpy"), "w.npy"), /not a NumPy \.npy file/);
});

test("Fortran order and unsupported dtypes are rejected with the fix", () => {
  const fix = (header: string) => {
    const h = header + " ".repeat((128 - ((10 + header.length + 1) % 64)) % 64) + "\n";
    const b = Buffer.alloc(10 + h.length + 8);
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(b);
    b.writeUInt16LE(h.length, 8);
    b.write(h, 10, "latin1");
    return b;
  };
  assert.throws(() => parseNpy(fix("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }"), "f.npy"), /Fortran-order.*np\.ascontiguousarray/);
  assert.throws(() => parseNpy(fix("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }"), "c.npy"), /unsupported dtype '<c8'.*astype/);
  assert.throws(() => parseNpy(fix("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }"), "u.npy"), /unsupported dtype '<U3'/);
});

test("truncated or corrupt .npz", () => {
  const bytes = encodeNpz({ weight_hh_l0: { data: new Float32Array(16), shape: [4, 4] } });
  assert.throws(() => parseNpz(bytes.subarray(0, bytes.length - 30), "m.npz"), /m\.npz: not a zip archive, or truncated/);
  const corrupt = Buffer.from(bytes);
  corrupt[150] = corrupt[150]! ^ 0xff; // inside the array data
  assert.throws(() => parseNpz(corrupt, "m.npz"), /entry "weight_hh_l0\.npy" fails its CRC check/);
});

test("mismatched shapes name the array and the expected shape", () => {
  const file = path.join(tmp, "bad_shape.npz");
  writeNpz(file, {
    weight_ih_l0: { data: new Float32Array(60 * 2), shape: [60, 2] },
    weight_hh_l0: { data: new Float32Array(60 * 20), shape: [60, 20] },
    bias_ih_l0: { data: new Float32Array(60), shape: [60] },
    bias_hh_l0: { data: new Float32Array(59), shape: [59] },
    "readout.weight": { data: new Float32Array(20), shape: [1, 20] },
    "readout.bias": { data: new Float32Array(1), shape: [1] },
  });
  assert.throws(() => loadModel(file), /array "bias_hh_l0" has shape \[59\]; expected \[60\] \[3·hidden\] for gru with hidden 20/);
  assert.throws(() => loadModel(file, { arch: "vanilla" }), /array "weight_ih_l0" has shape \[60, 2\]; expected \[20, 2\] \[hidden, input\] for vanilla/);
});

test("NaN/Inf weights are rejected, naming the array", () => {
  const file = path.join(tmp, "nan.npz");
  const whh = new Float32Array(9);
  whh[4] = NaN;
  writeNpz(file, {
    weight_ih_l0: { data: new Float32Array(3), shape: [3, 1] },
    weight_hh_l0: { data: whh, shape: [3, 3] },
    bias_ih_l0: new Float32Array(3),
    bias_hh_l0: new Float32Array(3),
    "fc.weight": { data: new Float32Array(3), shape: [1, 3] },
    "fc.bias": new Float32Array(1),
  });
  assert.throws(() => loadModel(file), /array "weight_hh_l0" \[3, 3\] contains NaN at flat index 4/);
});

test("sidecar sizes that disagree with the arrays are reported", () => {
  const file = path.join(tmp, "side.npz");
  writeNpz(file, {
    weight_ih_l0: { data: new Float32Array(3), shape: [3, 1] },
    weight_hh_l0: { data: new Float32Array(9), shape: [3, 3] },
    bias_ih_l0: new Float32Array(3),
    bias_hh_l0: new Float32Array(3),
    "readout.weight": { data: new Float32Array(3), shape: [1, 3] },
    "readout.bias": new Float32Array(1),
  });
  fs.writeFileSync(path.join(tmp, "side.json"), JSON.stringify({ arch: "vanilla", units: 4, inputs: 1, outputs: 1 }));
  assert.throws(() => loadModel(file), /sidecar says units = 4 but the arrays give hiddenSize = 3/);
});

test("pickles are refused with conversion instructions", () => {
  const pt = path.join(tmp, "model.pt");
  fs.writeFileSync(pt, Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00]));
  assert.throws(() => loadModel(pt), (e: Error) => /not loaded/.test(e.message) && /torch\.load/.test(e.message) && /np\.savez/.test(e.message));
  // A pickle disguised with another extension is recognised by its bytes.
  const disguised = path.join(tmp, "weights.npz");
  fs.writeFileSync(disguised, Buffer.from([0x80, 0x04, 0x95, 0x00]));
  assert.throws(() => loadModel(disguised), /pickle files are not loaded/);
});

test("atomic write replaces the file and leaves no temp file, also when the write fails", () => {
  const dir = fs.mkdtempSync(path.join(tmp, "atomic-"));
  const file = path.join(dir, "x.json");
  writeFileAtomic(file, "first");
  writeFileAtomic(file, "second");
  assert.equal(fs.readFileSync(file, "utf8"), "second");
  assert.deepEqual(fs.readdirSync(dir), ["x.json"]);
  // Target is a directory: rename fails; the temp file must be cleaned up.
  fs.mkdirSync(path.join(dir, "sub"));
  assert.throws(() => writeFileAtomic(path.join(dir, "sub"), "data"));
  assert.deepEqual(fs.readdirSync(dir).sort(), ["sub", "x.json"]);
});
