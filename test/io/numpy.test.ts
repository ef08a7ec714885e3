// .npy/.npz interop with real NumPy (Debian python3-numpy at /usr/bin/python3).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readNpy, readNpz, writeNpy, writeNpz, type NdArray } from "../../src/io";

const PY = "/usr/bin/python3";

function py(code: string): string {
  const r = spawnSync(PY, ["-c", code], { encoding: "utf8" });
  assert.equal(r.status, 0, `python failed: ${r.stderr}`);
  return r.stdout;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-atlas-npy-"));

test("numpy is available", () => {
  assert.match(py("import numpy; print(numpy.__version__)"), /^\d+\.\d+/);
});

test("we read what NumPy writes (all dtypes, shapes, npy v1/v2, savez and savez_compressed)", () => {
  const f = (n: string) => path.join(tmp, n).replace(/\\/g, "/");
  py(`
import numpy as np
a = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7
np.save("${f("f32.npy")}", a)
np.save("${f("f64.npy")}", (np.arange(6, dtype=np.float64) - 2.5).reshape(3, 2) * np.pi)
np.save("${f("i64.npy")}", np.array([-(2**40), 0, 5, 2**52], dtype=np.int64))
np.save("${f("i32.npy")}", np.array([[-7, 8]], dtype=np.int32))
np.save("${f("u8.npy")}", np.array([0, 255, 17], dtype=np.uint8))
np.save("${f("bool.npy")}", np.array([True, False, True]))
np.save("${f("scalar.npy")}", np.float64(3.25))
np.save("${f("empty.npy")}", np.zeros((0, 3), dtype=np.float32))
np.save("${f("big_endian.npy")}", np.array([1.5, -2.25], dtype=">f8"))
np.lib.format.write_array(open("${f("v2.npy")}", "wb"), np.ones(5, dtype=np.float32) * 2, version=(2, 0))
np.savez("${f("plain.npz")}", w=a, b=np.array([1, 2], dtype=np.int64))
np.savez_compressed("${f("comp.npz")}", w=a, flags=np.array([False, True]))
`);
  const f32 = readNpy(f("f32.npy"));
  assert.equal(f32.dtype, "float32");
  assert.deepEqual(f32.shape, [2, 3, 4]);
  assert.equal(f32.data[23], Math.fround(23 / 7));
  const f64 = readNpy(f("f64.npy"));
  assert.deepEqual([f64.dtype, f64.shape], ["float64", [3, 2]]);
  assert.equal(f64.data[5], 2.5 * Math.PI);
  const i64 = readNpy(f("i64.npy"));
  assert.equal(i64.dtype, "int64");
  assert.deepEqual(Array.from(i64.data as BigInt64Array), [-(2n ** 40n), 0n, 5n, 2n ** 52n]);
  assert.deepEqual(Array.from(readNpy(f("i32.npy")).data as Int32Array), [-7, 8]);
  assert.deepEqual(Array.from(readNpy(f("u8.npy")).data as Uint8Array), [0, 255, 17]);
  const b = readNpy(f("bool.npy"));
  assert.equal(b.dtype, "bool");
  assert.deepEqual(Array.from(b.data as Uint8Array), [1, 0, 1]);
  const s = readNpy(f("scalar.npy"));
  assert.deepEqual(s.shape, []);
  assert.equal(s.data[0], 3.25);
  assert.deepEqual(readNpy(f("empty.npy")).shape, [0, 3]);
  assert.deepEqual(Array.from(readNpy(f("big_endian.npy")).data as Float64Array), [1.5, -2.25]);
  assert.deepEqual(Array.from(readNpy(f("v2.npy")).data as Float32Array), [2, 2, 2, 2, 2]);
  for (const name of ["plain.npz", "comp.npz"]) {
    const z = readNpz(f(name));
    assert.deepEqual(z.w!.shape, [2, 3, 4]);
    assert.deepEqual(Array.from(z.w!.data as Float32Array), Array.from(f32.data as Float32Array));
  }
  assert.deepEqual(Array.from(readNpz(f("plain.npz")).b!.data as BigInt64Array), [1n, 2n]);
  assert.deepEqual(Array.from(readNpz(f("comp.npz")).flags!.data as Uint8Array), [0, 1]);
});

test("NumPy reads what we write (values, dtypes, shapes)", () => {
  const f = (n: string) => path.join(tmp, n);
  const arrays: Record<string, NdArray> = {
    f32: { dtype: "float32", shape: [2, 3], data: Float32Array.from([0.1, -2, 3.5, 1e-30, 7, -0]) },
    f64: { dtype: "float64", shape: [4], data: Float64Array.from([Math.PI, -1e300, 0.5, 2 ** -1074]) },
    i64: { dtype: "int64", shape: [2, 1], data: BigInt64Array.from([-(2n ** 62n), 42n]) },
    i32: { dtype: "int32", shape: [3], data: Int32Array.from([-(2 ** 31), 0, 2 ** 31 - 1]) },
    u8: { dtype: "uint8", shape: [2], data: Uint8Array.from([0, 255]) },
    flag: { dtype: "bool", shape: [3], data: Uint8Array.from([1, 0, 1]) },
    scalar: { dtype: "float64", shape: [], data: Float64Array.from([-4.5]) },
  };
  for (const [k, a] of Object.entries(arrays)) writeNpy(f(`ours_${k}.npy`), a);
  writeNpz(f("ours.npz"), arrays);
  const out = py(`
import numpy as np, json, os
d = "${tmp}"
res = {}
z = np.load(os.path.join(d, "ours.npz"))
for k in ["f32", "f64", "i64", "i32", "u8", "flag", "scalar"]:
    a = np.load(os.path.join(d, "ours_" + k + ".npy"))
    assert a.flags["C_CONTIGUOUS"]
    assert np.array_equal(a, z[k]) and a.dtype == z[k].dtype
    res[k] = {"dtype": str(a.dtype), "shape": list(a.shape), "values": [repr(v) for v in a.ravel().tolist()]}
print(json.dumps(res))
`);
  const res = JSON.parse(out) as Record<string, { dtype: string; shape: number[]; values: string[] }>;
  assert.deepEqual(res.f32!.dtype, "float32");
  assert.deepEqual(res.f32!.shape, [2, 3]);
  assert.deepEqual(res.f32!.values.map(Number), Array.from(arrays.f32!.data as Float32Array));
  assert.deepEqual(res.f64!.values.map(Number), Array.from(arrays.f64!.data as Float64Array));
  assert.deepEqual([res.i64!.dtype, res.i64!.shape], ["int64", [2, 1]]);
  assert.deepEqual(res.i64!.values, [String(-(2n ** 62n)), "42"]);
  assert.deepEqual(res.i32!.values.map(Number), [-(2 ** 31), 0, 2 ** 31 - 1]);
  assert.deepEqual([res.u8!.dtype, res.u8!.values], ["uint8", ["0", "255"]]);
  assert.deepEqual([res.flag!.dtype, res.flag!.values], ["bool", ["True", "False", "True"]]);
  assert.deepEqual([res.scalar!.shape, res.scalar!.values], [[], ["-4.5"]]);
});

test("our header is 64-byte aligned and parses with NumPy's own header reader", () => {
  const file = path.join(tmp, "hdr.npy");
  writeNpy(file, { dtype: "float32", shape: [5, 7], data: new Float32Array(35) });
  const bytes = fs.readFileSync(file);
  const headerLen = bytes.readUInt16LE(8);
  assert.equal((10 + headerLen) % 64, 0);
  assert.equal(bytes[10 + headerLen - 1], 0x0a);
  const out = py(`
import numpy as np
f = open("${file}", "rb")
v = np.lib.format.read_magic(f)
print(v, np.lib.format.read_array_header_1_0(f))
`);
  assert.match(out, /\(1, 0\) \(\(5, 7\), False, dtype\('float32'\)\)/);
});
