// safetensors round trip, and the byte layout checked independently in Python (struct + json + numpy).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { encodeSafetensors, parseSafetensors, readSafetensors, writeSafetensors } from "../../src/io";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-st-"));

test("safetensors round trip keeps dtypes, shapes, values and metadata", () => {
  const file = path.join(tmp, "a.safetensors");
  const w = { dtype: "float32" as const, shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) };
  const d = { dtype: "float64" as const, shape: [2], data: Float64Array.from([Math.E, -0]) };
  const n = { dtype: "int64" as const, shape: [1], data: BigInt64Array.from([-3n]) };
  const m = { dtype: "bool" as const, shape: [2], data: Uint8Array.from([1, 0]) };
  writeSafetensors(file, { "rnn.weight_hh_l0": w, double: d, count: n, mask: m }, { arch: "gru", note: "x" });
  const st = readSafetensors(file);
  assert.deepEqual(st.metadata, { arch: "gru", note: "x" });
  assert.deepEqual(st.tensors["rnn.weight_hh_l0"], w);
  assert.deepEqual(st.tensors.double, d);
  assert.deepEqual(st.tensors.count, n);
  assert.deepEqual(st.tensors.mask, m);
});

test("byte layout: u64 LE header length, JSON header padded to 8 bytes, contiguous offsets (checked in Python)", () => {
  const file = path.join(tmp, "b.safetensors");
  fs.writeFileSync(
    file,
    encodeSafetensors({ b: Float64Array.from([1.25, 2.5]), a: { data: Float32Array.from([1, 2, 3, 4]), shape: [2, 2] } }, { k: "v" }),
  );
  const bytes = fs.readFileSync(file);
  const n = Number(bytes.readBigUInt64LE(0));
  assert.equal(n % 8, 0);
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8"));
  assert.deepEqual(header.__metadata__, { k: "v" });
  assert.deepEqual(header.a, { dtype: "F32", shape: [2, 2], data_offsets: [0, 16] });
  assert.deepEqual(header.b, { dtype: "F64", shape: [2], data_offsets: [16, 32] });
  assert.equal(bytes.length, 8 + n + 32);
  const r = spawnSync(
    "/usr/bin/python3",
    [
      "-c",
      `
import struct, json, numpy as np
raw = open("${file}", "rb").read()
(n,) = struct.unpack("<Q", raw[:8])
h = json.loads(raw[8:8 + n])
data = raw[8 + n:]
def get(k, dt):
    b, e = h[k]["data_offsets"]
    return np.frombuffer(data[b:e], dtype=dt).reshape(h[k]["shape"])
assert get("a", "<f4").tolist() == [[1, 2], [3, 4]]
assert get("b", "<f8").tolist() == [1.25, 2.5]
print("ok")
`,
    ],
    { encoding: "utf8" },
  );
  assert.equal(r.stdout.trim(), "ok", r.stderr);
});

test("F16 and BF16 tensors are read as float32", () => {
  const header = JSON.stringify({ h: { dtype: "F16", shape: [3], data_offsets: [0, 6] }, g: { dtype: "BF16", shape: [1], data_offsets: [6, 8] } });
  const padded = header + " ".repeat((8 - (header.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(padded.length));
  const data = Buffer.alloc(8);
  data.writeUInt16LE(0x3c00, 0); // 1.0
  data.writeUInt16LE(0xc000, 2); // -2.0
  data.writeUInt16LE(0x3555, 4); // 0.333251953125
  data.writeUInt16LE(0x4049, 6); // bf16 of 3.140625
  const st = parseSafetensors(Buffer.concat([len, Buffer.from(padded), data]));
  assert.deepEqual(Array.from(st.tensors.h!.data as Float32Array), [1, -2, 0.333251953125]);
  assert.deepEqual(Array.from(st.tensors.g!.data as Float32Array), [3.140625]);
});

test("truncated or inconsistent safetensors give clear errors", () => {
  const good = encodeSafetensors({ w: { data: new Float32Array(6), shape: [2, 3] } });
  assert.throws(() => parseSafetensors(good.subarray(0, good.length - 4), "t.safetensors"), /t\.safetensors: tensor "w" \[2, 3\].*outside the 20 data bytes/);
  assert.throws(() => parseSafetensors(good.subarray(0, 12), "t.safetensors"), /truncated safetensors file/);
  assert.throws(() => parseSafetensors(good.subarray(0, 5), "t.safetensors"), /truncated/);
  const badHeader = JSON.stringify({ w: { dtype: "F32", shape: [2, 3], data_offsets: [0, 20] } });
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(badHeader.length));
  assert.throws(
    () => parseSafetensors(Buffer.concat([len, Buffer.from(badHeader), Buffer.alloc(24)]), "t"),
    /tensor "w" \[2, 3\] F32 needs 24 bytes, its offsets give 20/,
  );
});
