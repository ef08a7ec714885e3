// The architecture/φ code table exists twice, for C++ (native/common/arch_codes.h) and TypeScript
// (src/models/arch/codes.ts); this keeps them the same, and each arch module on its own code.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ARCH_CODE, ARCH_NAMES, PHI_CODE, archModule } from "../../src/models/arch/index";

const HEADER = path.resolve(__dirname, "../../../native/common/arch_codes.h");

/** Entries of `enum class <name> : int { A = 0, B = 1 };` as {a: 0, b: 1} (names lower-cased). */
function parseEnum(source: string, name: string): Record<string, number> {
  const m = new RegExp(`enum\\s+class\\s+${name}\\s*:\\s*int\\s*\\{([^}]*)\\}`).exec(source);
  assert.ok(m, `enum class ${name} not found in ${HEADER}`);
  const out: Record<string, number> = {};
  for (const item of m[1]!.split(",").map((s) => s.trim()).filter(Boolean)) {
    const e = /^(\w+)\s*=\s*(\d+)$/.exec(item);
    assert.ok(e, `${name}: entry "${item}" is not NAME = number (give every entry its number)`);
    out[e[1]!.toLowerCase()] = Number(e[2]);
  }
  return out;
}

const source = fs.readFileSync(HEADER, "utf8");

test("ArchCode in native/common/arch_codes.h = ARCH_CODE in codes.ts (names and numbers)", () => {
  assert.deepEqual(parseEnum(source, "ArchCode"), { ...ARCH_CODE });
});

test("PhiCode in native/common/arch_codes.h = PHI_CODE in codes.ts (names and numbers)", () => {
  assert.deepEqual(parseEnum(source, "PhiCode"), { ...PHI_CODE });
});

test("codes are distinct, and every arch module carries its own code (linear: vanilla's)", () => {
  assert.equal(new Set(Object.values(ARCH_CODE)).size, Object.keys(ARCH_CODE).length);
  assert.equal(new Set(Object.values(PHI_CODE)).size, Object.keys(PHI_CODE).length);
  for (const name of ARCH_NAMES) {
    const expected = name === "linear" ? ARCH_CODE.vanilla : ARCH_CODE[name];
    assert.equal(archModule(name).code, expected, `${name}`);
  }
  assert.deepEqual([...ARCH_NAMES].sort(), ["gru", "leaky", "linear", "lstm", "ugrnn", "vanilla"]);
});
