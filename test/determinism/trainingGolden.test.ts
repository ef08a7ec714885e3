/**
 * Golden digests of training with the native kernel: SHA-256 of the final weights after 200 updates of a
 * small flip-flop population per architecture (see goldenRun). The digests were computed once (AVX2 build,
 * and the portable build gave the same) and are committed: the native kernel promises the same bits on
 * every CPU, build and thread count, so they must hold wherever this test runs.
 *
 * Without the addon the test fails (the promise cannot be checked), unless RNN_ATLAS_NO_NATIVE=1 asks for
 * the JS kernel: then it checks that JS training lands on the committed native losses to 1e-4 (the kernels'
 * per-call gradient agreement, see test/kernels/native.test.ts), not on the digests (JS computes in float64).
 *
 * Recomputed in session 23 when the best weights became the weights whose loss is reported (the weights
 * at the start of the best epoch, not after its update): the best losses stayed identical to the bit,
 * only the digests of the kept weights changed (AMD EPYC Zen 3, AVX2).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { jsKernel } from "../../src/kernels/jsKernel";
import { makeNativeKernel, nativeKernelAvailable, nativeKernelBuild, nativeKernelError } from "../../src/kernels/native";
import { GOLDEN_SPECS, goldenRun } from "./kernelDigest";

const GOLDEN: Record<string, { digest: string; losses: number[] }> = {
  "vanilla tanh": {
    digest: "a67273d5ba0afaaa75efccc5c5a8a81f19baaf468298d99a236307eecd5d85ba",
    losses: [0.01716220126599681, 0.0431448796860377, 0.03065826659085192],
  },
  "vanilla relu": {
    digest: "cca0382671386f130aee7c93c82842fbdd4941a14c7a75ed592e92ee51ff7f82",
    losses: [0.1538069009282421, 0.17457383028218665, 0.18714633817924534],
  },
  linear: {
    digest: "be4393a83b7a2b16c9a84fe9e4008d6dc87912ce052182bd60a499960399ac64",
    losses: [0.29521371098485527, 0.2981315526792889, 0.3004761934011149],
  },
  gru: {
    digest: "456fdcdac3fe0c45109555cf2da1d366cf94a3fa0b7d9ea24eed10a79786799b",
    losses: [0.030359107053541053, 0.02538227566061201, 0.06887241256961472],
  },
  lstm: {
    digest: "c8bb05ea21ef5a39fc8d500d29ff51a1921c04b6a206057e39f6e67124a0929e",
    losses: [0.013809672500762402, 0.016630287420940772, 0.01103492628824951],
  },
  leaky: {
    digest: "8156c91e0e677c7f294a196825a4cd97cb7341a53f4bddf9ba03f87ff5d59713",
    losses: [0.08327438538005492, 0.09811216454639611, 0.07533249479078946],
  },
  // Added with the UGRNN (the entries above unchanged): computed with the AVX-512 build (1 and 3
  // threads the same bytes), checked against the portable build by trainingBuilds.
  ugrnn: {
    digest: "cdef5f74f3305c23637c294a8703c410ee36e844813fa9407c036742ca4fe2d8",
    losses: [0.04176038693928423, 0.04229258078689071, 0.037470992017918904],
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
