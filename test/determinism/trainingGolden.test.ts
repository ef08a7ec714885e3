/**
 * Golden digests of training with the native kernel: SHA-256 of the final weights after 200 updates of a
 * small flip-flop population per architecture (see goldenRun). The digests were computed once (AVX2 build,
 * and the portable build gave the same) and are committed: the native kernel promises the same bits on
 * every CPU, build and thread count, so they must hold wherever this test runs.
 *
 * Without the addon the test fails (the promise cannot be checked), unless RNN_ATLAS_NO_NATIVE=1 asks for
 * the JS kernel: then it checks that JS training lands on the committed native losses to 1e-4 (the kernels'
 * per-call gradient agreement, see test/kernels/native.test.ts), not on the digests (JS computes in float64).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { jsKernel } from "../../src/kernels/jsKernel";
import { makeNativeKernel, nativeKernelAvailable, nativeKernelBuild, nativeKernelError } from "../../src/kernels/native";
import { GOLDEN_SPECS, goldenRun } from "./kernelDigest";

const GOLDEN: Record<string, { digest: string; losses: number[] }> = {
  "vanilla tanh": {
    digest: "ca586dfea9a32e2dcc9f8acf960b2b829bdfcbb4cfb26cc87cdcfc623749e979",
    losses: [0.01716220126599681, 0.0431448796860377, 0.03065826659085192],
  },
  "vanilla relu": {
    digest: "a5e31c072e6ca4c73c8a07a47ce93e8a3edfeddc2a034d0b6c134fbaae8c6dba",
    losses: [0.1538069009282421, 0.17457383028218665, 0.18714633817924534],
  },
  linear: {
    digest: "e53006fc21fdffa1e835026eb4cfc21797b8e1e90b2e9dbf31f0bd81745e06e4",
    losses: [0.29521371098485527, 0.2981315526792889, 0.3004761934011149],
  },
  gru: {
    digest: "c81737f876058c182c3a81a4793277d891efd28b4b7c5229eec0e5b2d50477ba",
    losses: [0.030359107053541053, 0.02538227566061201, 0.06887241256961472],
  },
  lstm: {
    digest: "7532cd5d973a975b37a15b7d520c4de57eb841798ce4d1a86a06ef168aa8064b",
    losses: [0.013809672500762402, 0.016630287420940772, 0.01103492628824951],
  },
  leaky: {
    digest: "2e2faee54a3e192a8946b3f7428b83a53cc668abb5745034461d77deb3bcd6e6",
    losses: [0.08327438538005492, 0.09811216454639611, 0.07533249479078946],
  },
};

const noNative = process.env.RNN_ATLAS_NO_NATIVE === "1";

if (noNative) {
  for (const g of GOLDEN_SPECS) {
    test(`JS kernel training (RNN_ATLAS_NO_NATIVE=1) ends at the native golden losses to 1e-4: ${g.label}`, { timeout: 120000 }, async () => {
      const r = await goldenRun(g.spec, jsKernel);
      for (let m = 0; m < 3; m++) {
        const want = GOLDEN[g.label].losses[m];
        const rel = Math.abs(r.losses[m] - want) / want;
        assert.ok(rel < 1e-4, `network ${m}: JS best loss ${r.losses[m]} vs native ${want} (rel ${rel.toExponential(2)})`);
      }
    });
  }
} else {
  test("the native training kernel loads (needed to check the golden digests)", () => {
    assert.ok(
      nativeKernelAvailable(),
      `native kernel unavailable: ${nativeKernelError()}. Build it with \`npm run build:native\`, or run with RNN_ATLAS_NO_NATIVE=1 to check the JS kernel instead.`,
    );
  });
  if (nativeKernelAvailable()) {
    const build = nativeKernelBuild()!;
    for (const g of GOLDEN_SPECS) {
      for (const threads of [1, 3]) {
        test(`golden weights digest after 200 updates, ${g.label} (${build.simd}${build.portable ? " portable" : ""}, ${threads} threads)`, { timeout: 120000 }, async () => {
          const r = await goldenRun(g.spec, makeNativeKernel(threads));
          assert.deepEqual(r.losses, GOLDEN[g.label].losses, "best losses differ from the committed ones");
          assert.equal(r.digest, GOLDEN[g.label].digest, `weights digest differs (addon ${build.file})`);
        });
      }
    }
  }
}
