// Golden digests: SHA-256 (first 128 bits) of the linalg addon's results on seeded problems,
// committed here and checked on whatever machine runs the test. The addon promises the same bytes
// on every CPU (AVX-512, AVX2+FMA, NEON, the portable scalar build) and thread count
// (native/linalg/src/simd.h), so a mismatch means a kernel changed its arithmetic or order, or a
// build broke the rules (e.g. fused multiply-adds the source did not ask for: -ffp-contract).
// The digests were computed with the AVX2+FMA build on AMD EPYC (Zen 3) and are the same with the
// portable scalar build and the NEON kernels under qemu (fixedPointsBuilds / fixedPointsCrossIsa);
// the AVX-512 kernels had no machine to run on when they were committed: this test is their check.
// If a change is meant to alter results, update the table and say why in the commit.
//
// Search: final states + q + iteration counts + convergence flags, for every architecture (N = 16,
// 24, and one vanilla N = 100 net), default options. The UGRNN rows were added after the others,
// computed with the AVX-512 build (the others' rows did not change). eig: values, right and left vectors (the JS
// kernel gives the same bytes, so the eig rows are checked with RNN_ATLAS_NO_NATIVE=1 too).
// gemm and invertBatch: the addon's entry points.
import { test } from "node:test";
import assert from "node:assert/strict";
import { eigDigests, gemmInvertDigests, goldenCases, nativeSearchUnavailable, requireAddon, runSearch } from "./fixedPointsProbe";

const GOLDEN: Readonly<Record<string, string>> = {
  "vanilla/tanh N=16 K=64": "4b706082bc33cd2ad128e095c2989f39",
  "vanilla/tanh N=24 K=64 shared drive": "5738efa0d5b2fd5c0cc4d7e91bb38cde",
  "vanilla/relu N=16 K=64": "85154daac555b39fd70bd55afb4700f1",
  "vanilla/relu N=24 K=64 shared drive": "d1b6ff6b178d5340aed8604574191ef4",
  "linear N=16 K=64": "a0088402359a83986a9cbeb0a9bdf305",
  "linear N=24 K=64 shared drive": "9b288a534b3aabe8b10c09d54f36664a",
  "leaky/tanh N=16 K=64": "b776e5a7f5eea6d3ed631233570ca76f",
  "leaky/tanh N=24 K=64 shared drive": "2eaa49509ce7051fc51ab35de8e70960",
  "leaky/identity N=16 K=64": "9f9a718fb4d1c455c1cc5ebd64a3e1d2",
  "leaky/identity N=24 K=64 shared drive": "62d1e6ccf96e3238954426c5ddc1b254",
  "gru N=16 K=64": "0bb21fc1985d127400b9fb8eb5565fd5",
  "gru N=24 K=64 shared drive": "2c31f67dac3a5e0fa4053c351c301299",
  "lstm N=16 K=64": "0f6e7a6b4eaf332796302aa5d9bf6b87",
  "lstm N=24 K=64 shared drive": "a6227ec59c638e17e94cd26d36f81786",
  "vanilla/tanh N=100 K=64": "dfd39a4d000458e71517625cfbc530db",
  // UGRNN, added later (AVX-512 build; the portable and emulated builds are compared by fixedPointsBuilds).
  "ugrnn N=16 K=64": "6ee6959e460826e9bdd7eff33b5c992b",
  "ugrnn N=24 K=64 shared drive": "22bd9a0c814b9b2ef65fa4942303200a",
  "eig n=1 ×3 none": "0f4ccb1b43298ade8d95a1175e90e9bd",
  "eig n=1 ×3 right": "dbcb21bf380ea9d661a7a21eeea0735f",
  "eig n=1 ×3 both": "3cec23fc8ae4e3d3ad38592dd47a61d4",
  "eig n=2 ×5 none": "7e0b976fcfb48bed594da24bdef3bec9",
  "eig n=2 ×5 right": "e06848e694d5cc5c2c3930f4b2e9744f",
  "eig n=2 ×5 both": "cbe08f954df165e9123138abcdad2523",
  "eig n=7 ×6 none": "41597ebb6baacd8b60d3212f24698c16",
  "eig n=7 ×6 right": "131d291f4e87f208b9d41a7bb47b2430",
  "eig n=7 ×6 both": "e7cb863f569c243dd011ea206be8afa9",
  "eig n=13 ×4 none": "c12829dfec3b91271ea96c0366a5c048",
  "eig n=13 ×4 right": "0ba7f9bd64a1968ce2a6ead772ba9b9a",
  "eig n=13 ×4 both": "fde6e917e850e59e60a07059e3ad7758",
  "eig n=37 ×3 none": "3a6ebeddbb77ef3fe68dafea0bdb677c",
  "eig n=37 ×3 right": "1ff02616f4edd43681dcd00dce32c035",
  "eig n=37 ×3 both": "776be3bce42f26386049f9890db8d9f1",
  "eig n=100 ×2 none": "5f3ade54aaccfa14ea18d69b1358057f",
  "eig n=100 ×2 right": "b414855c7969713cbf7fcecf5298050a",
  "eig n=100 ×2 both": "a5e33b4ff627204db5179e6b14a9ed80",
  "gemm 1×1×1": "0f095aece53699f167ddbef5c427a5c3",
  "gemm 1×1×1 acc": "e08ff56973406c7722c6dbf23697c737",
  "gemm 7×13×5": "6cf454bb67bce852b139d5cd8d346a9f",
  "gemm 7×13×5 acc": "1aeb55337a77d6a6097726276b773e8b",
  "gemm 13×7×100": "780a80c17461b5847e3cb5282ee7bc54",
  "gemm 13×7×100 acc": "935cc8bb8e85c6e939f9c361c487d518",
  "gemm 37×100×101": "f2978e80fa66c40dc8354e9be055fa50",
  "gemm 37×100×101 acc": "305ea69b0103ce5a1f2dc32391f97130",
  "gemm 100×100×100": "5fc04460d41e0a811e5219ed8601effd",
  "gemm 100×100×100 acc": "a513b579abe9ffbb5c196564fb430b45",
  "gemm 1024×100×100": "9e63c39aa528a222a5bb8e4197c92099",
  "gemm 1024×100×100 acc": "390076c1807d8ca6a4fa538dc7c797f5",
  "gemm 130×33×47": "287573a0d1b691f3db21ee8628d2d05d",
  "gemm 130×33×47 acc": "71dc45ee690cee81da84233afca95bba",
  "invert n=7 ×5": "56ffc3fb3bc2f78392466ea82edfe1a6",
  "invert n=13 ×4": "50c0db7fd9944492d697aea475d64a21",
  "invert n=100 ×3": "6a9374b87e5ef06a34b4dec0aeb2a450",
};

const short = (d: string) => d.slice(0, 32);

function check(actual: Record<string, string>, what: string): void {
  const wrong = Object.keys(actual).filter((k) => GOLDEN[k] !== actual[k]);
  const missing = Object.keys(actual).filter((k) => GOLDEN[k] === undefined);
  assert.deepEqual(missing, [], `${what}: cases without a golden digest`);
  assert.deepEqual(
    wrong.map((k) => `${k}: ${actual[k]} (golden ${GOLDEN[k]})`),
    [],
    `${what}: results differ from the committed digests`,
  );
}

const searchSkip = nativeSearchUnavailable() ?? false;

test("fixed-point search: golden digests of every architecture", { skip: searchSkip }, () => {
  requireAddon();
  const actual: Record<string, string> = {};
  for (const c of goldenCases()) actual[c.name] = short(runSearch(c).digest);
  check(actual, "fixed-point search");
});

test("eigBatch: golden digests of values and right/left vectors (native or JS kernel)", () => {
  if (process.env.RNN_ATLAS_NO_NATIVE !== "1") requireAddon();
  const actual = Object.fromEntries(Object.entries(eigDigests("auto")).map(([k, v]) => [k, short(v)]));
  check(actual, "eigBatch");
});

test("gemm and invertBatch: golden digests", { skip: process.env.RNN_ATLAS_NO_NATIVE === "1" ? "RNN_ATLAS_NO_NATIVE=1" : false }, () => {
  const actual = Object.fromEntries(Object.entries(gemmInvertDigests(requireAddon(), 2)).map(([k, v]) => [k, short(v)]));
  check(actual, "gemm / invertBatch");
});
