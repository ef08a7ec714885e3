// Pipeline behaviour: deduplication, outliers, q-outlier re-run, subsampling, seeds, errors, I/O, linearisation.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Rng } from "../../../src/core/random";
import {
  FixedPoints,
  findFixedPoints,
  findFixedPointsDetailed,
  lineariseAndCompare,
  loadFixedPoints,
  sampleStates,
  saveFixedPoints,
} from "../../../src/analysis/fixedPoints";
import { runModel } from "../../../src/models";
import { handModel, maxAbsDiff, positiveTanhRoot, randomModel } from "./helpers";

const twoNeuron = () => handModel("leaky", [2, 0, 0, 2], [0, 0], [0, 0], { nonlinearity: "tanh", dt: 0.1 });
const uniformInits = (K: number, S: number, seed: number, spread: number) => {
  const rng = new Rng(seed);
  return Float64Array.from({ length: K * S }, () => rng.uniform(-spread, spread));
};

function tinyRecord(xs: number[][], q: number[]): FixedPoints {
  const K = xs.length;
  const S = xs[0]!.length;
  return new FixedPoints({
    arch: "vanilla",
    continuous: false,
    dt: 1,
    count: K,
    stateSize: S,
    inputSize: 1,
    xstar: Float64Array.from(xs.flat()),
    inputs: new Float64Array(K),
    xinit: new Float64Array(K * S),
    q: Float64Array.from(q),
    iterations: new Int32Array(K),
    gradNorm: new Float64Array(K),
    F: Float64Array.from(xs.flat()),
    fixedTolQ: 1e-10,
    slowGradTol: 1e-2,
  });
}

test("deduplicate merges points within tolUnique on [x, u], keeping the lowest q", () => {
  const fps = tinyRecord([[0, 0], [4e-4, 0], [2e-3, 0], [1, 1], [1, 1 + 5e-4]], [3e-9, 1e-9, 2e-9, 5e-9, 4e-9]);
  const d = fps.deduplicate(1e-3);
  assert.equal(d.count, 3);
  // (4e-4, 0) has the lower q of the first pair; (1, 1+5e-4) of the last pair
  const xs = Array.from({ length: d.count }, (_, k) => [d.xstar[2 * k]!, d.xstar[2 * k + 1]!]);
  assert.ok(xs.some(([x, y]) => x === 4e-4 && y === 0));
  assert.ok(xs.some(([x, y]) => x === 2e-3 && y === 0));
  assert.ok(xs.some(([x, y]) => x === 1 && y === 1 + 5e-4));
  // inputs count in the distance: same x, different u → distinct
  const withU = new FixedPoints({ ...fps, inputs: Float64Array.from([0, 0.5, 0, 0, 0]) });
  assert.equal(withU.deduplicate(1e-3).count, 4);
});

test("search: every initial state converges and duplicates collapse", () => {
  const search = findFixedPointsDetailed(twoNeuron(), { inits: uniformInits(300, 2, 1, 3), inputs: [0], tolQ: 1e-20 });
  assert.equal(search.all.count, 300);
  assert.ok(search.unique.count < 30, `unique ${search.unique.count}`);
  // all pairs of unique points are further apart than tolUnique
  const u = search.unique;
  for (let a = 0; a < u.count; a++) {
    for (let b = a + 1; b < u.count; b++) {
      assert.ok(Math.hypot(u.xstar[2 * a]! - u.xstar[2 * b]!, u.xstar[2 * a + 1]! - u.xstar[2 * b + 1]!) > 1e-3);
    }
  }
});

test("distance outliers are excluded; a search that finds nothing explains why", () => {
  // x' = 0.5 x + 50: the only fixed point, 100, lies far outside the initial states in [−1, 1].
  const far = handModel("linear", [0.5], [1], [0]);
  const inits = uniformInits(20, 1, 2, 1);
  assert.throws(
    () => findFixedPoints(far, { inits, inputs: [50], tolQ: 1e-20 }),
    (e: Error) => /no fixed or slow point survived/.test(e.message) && /1 excluded as distance outliers/.test(e.message) && /not a constant/.test(e.message),
  );
  const kept = findFixedPoints(far, { inits, inputs: [50], tolQ: 1e-20, excludeDistanceOutliers: false });
  assert.equal(kept.count, 1);
  assert.ok(Math.abs(kept.xstar[0]! - 100) < 1e-6);
  // a larger scale keeps it too: distance ratio ≈ 100 / 0.5
  assert.equal(findFixedPoints(far, { inits, inputs: [50], tolQ: 1e-20, outlierDistanceScale: 1e4 }).count, 1);
});

test("q-outlier re-run: points stopped early get a second round and end with lower q", () => {
  const model = randomModel("vanilla", 12, 1, 3, "tanh", 1.5);
  const inits = uniformInits(64, 12, 3, 1);
  const base = { inits, inputs: [0.3], maxIters: 40, tolUnique: 1e-12, excludeDistanceOutliers: false, decompose: false };
  const once = findFixedPointsDetailed(model, base);
  const twice = findFixedPointsDetailed(model, { ...base, rerunQOutliers: true, outlierQScale: 2 });
  assert.ok(twice.stats.nQOutliersRerun > 0, "some points were q outliers");
  const maxQ = (f: FixedPoints) => Math.max(...f.q);
  assert.ok(maxQ(twice.unique) < maxQ(once.unique), `max q ${maxQ(twice.unique)} < ${maxQ(once.unique)}`);
  assert.ok(Math.max(...twice.unique.iterations) > 40, "re-run points count both rounds of iterations");
});

test("maxUnique subsamples reproducibly by seed", () => {
  const opts = { inits: uniformInits(200, 2, 4, 3), inputs: [0], tolQ: 1e-20, maxUnique: 4, decompose: false };
  const a = findFixedPoints(twoNeuron(), { ...opts, seed: 1 });
  const b = findFixedPoints(twoNeuron(), { ...opts, seed: 1 });
  const c = findFixedPoints(twoNeuron(), { ...opts, seed: 2 });
  assert.equal(a.count, 4);
  assert.deepEqual(Array.from(a.xstar), Array.from(b.xstar));
  assert.notDeepEqual(Array.from(a.xstar), Array.from(c.xstar));
});

test("sampleStates draws from trajectories reproducibly, honours the mask, adds noise", () => {
  const model = randomModel("gru", 5, 2, 9);
  const B = 4;
  const T = 10;
  const rng = new Rng(1);
  const u = Float32Array.from({ length: B * T * 2 }, () => rng.normal());
  const { states } = runModel(model, u, { batch: B, time: T });
  const traj = { data: states, shape: [B, T, 5] as const };
  const a = sampleStates(traj, 50, { seed: 3 });
  const b = sampleStates(traj, 50, { seed: 3 });
  const c = sampleStates(traj, 50, { seed: 4 });
  assert.deepEqual(Array.from(a.states), Array.from(b.states));
  assert.notDeepEqual(Array.from(a.states), Array.from(c.states));
  for (let n = 0; n < 50; n++) {
    const off = (a.trials[n]! * T + a.times[n]!) * 5;
    assert.deepEqual(Array.from(a.states.subarray(n * 5, n * 5 + 5)), Array.from(states.subarray(off, off + 5)));
  }
  const mask = new Uint8Array(B * T);
  mask[2 * T + 7] = 1;
  const m = sampleStates(traj, 5, { seed: 0, validMask: mask });
  assert.ok(Array.from(m.trials).every((t) => t === 2) && Array.from(m.times).every((t) => t === 7));
  const noisy = sampleStates(traj, 2000, { seed: 3, noise: 0.5 });
  const clean = sampleStates(traj, 2000, { seed: 3 });
  let s = 0;
  for (let i = 0; i < noisy.states.length; i++) {
    const t = noisy.trials[Math.floor(i / 5)]!;
    const tt = noisy.times[Math.floor(i / 5)]!;
    s += (noisy.states[i]! - states[(t * T + tt) * 5 + (i % 5)]!) ** 2;
  }
  assert.ok(Math.abs(Math.sqrt(s / noisy.states.length) - 0.5) < 0.03, "noise std ≈ 0.5");
  assert.equal(clean.count, 2000);
  assert.throws(() => sampleStates({ data: states, shape: [B, T, 4] }, 5), /needs 160/);
});

test("the whole search is reproducible", () => {
  const model = randomModel("lstm", 4, 1, 2);
  const opts = { inits: uniformInits(32, 8, 5, 0.5), inputs: [0.2], maxIters: 300 };
  const a = findFixedPoints(model, opts);
  const b = findFixedPoints(model, opts);
  assert.deepEqual(Array.from(a.xstar), Array.from(b.xstar));
  assert.deepEqual(Array.from(a.eigRe!), Array.from(b.eigRe!));
});

test("bad input gets a clear message", () => {
  const model = randomModel("vanilla", 3, 2, 1);
  assert.throws(() => findFixedPoints(model, { inits: [] }), /K = 0 initial states/);
  assert.throws(() => findFixedPoints(model, { inits: [1, 2, 3, 4] }), /not a multiple of the state size S = 3/);
  assert.throws(() => findFixedPoints(model, { inits: [0, NaN, 0] }), /initial state 0 has a non-finite value \(NaN\) at unit 1/);
  assert.throws(
    () => findFixedPoints(model, { inits: new Float64Array(6), inputs: [1, 2, 3] }),
    /inputs have 3 values; the model's inputSize is I = 2 and there are K = 2 initial states, so pass 2 values .* or K·I = 4/,
  );
  const lstm = randomModel("lstm", 3, 1, 1);
  assert.throws(() => findFixedPoints(lstm, { inits: new Float64Array(3) }), /state size S = 6.*\[h, c\]/);
});

test("per-init inputs: each init searches under its own input", () => {
  const model = handModel("linear", [0.5], [1], [0]);
  const fps = findFixedPoints(model, { inits: [0, 0, 0], inputs: [0.1, 0.2, 0.3], tolQ: 1e-24 });
  assert.equal(fps.count, 3);
  for (const u of [0.1, 0.2, 0.3]) {
    const sub = fps.byInput([u]);
    assert.equal(sub.count, 1);
    assert.ok(Math.abs(sub.xstar[0]! - 2 * u) < 1e-8);
  }
});

test("eigenvectors: A v = λ v and uᴴ A = λ uᴴ with uᴴ v = 1", () => {
  const model = randomModel("gru", 6, 2, 4);
  const fps = findFixedPoints(model, { inits: uniformInits(16, 6, 1, 0.5), inputs: [0.1, -0.2], maxIters: 2000 });
  const S = 6;
  for (let k = 0; k < fps.count; k++) {
    const J = fps.J!.subarray(k * S * S, (k + 1) * S * S);
    for (let m = 0; m < S; m++) {
      const lr = fps.eigRe![k * S + m]!;
      const li = fps.eigIm![k * S + m]!;
      let res = 0;
      let dotRe = 0;
      let dotIm = 0;
      for (let i = 0; i < S; i++) {
        let avRe = 0;
        let avIm = 0;
        let uaRe = 0;
        let uaIm = 0; // (uᴴ A)_i = Σ_j conj(u_j) A_ji
        for (let j = 0; j < S; j++) {
          avRe += J[i * S + j]! * fps.rightRe![k * S * S + j * S + m]!;
          avIm += J[i * S + j]! * fps.rightIm![k * S * S + j * S + m]!;
          uaRe += J[j * S + i]! * fps.leftRe![k * S * S + j * S + m]!;
          uaIm -= J[j * S + i]! * fps.leftIm![k * S * S + j * S + m]!;
        }
        const vRe = fps.rightRe![k * S * S + i * S + m]!;
        const vIm = fps.rightIm![k * S * S + i * S + m]!;
        const uRe = fps.leftRe![k * S * S + i * S + m]!;
        const uIm = -fps.leftIm![k * S * S + i * S + m]!;
        res = Math.max(res, Math.hypot(avRe - (lr * vRe - li * vIm), avIm - (lr * vIm + li * vRe)));
        res = Math.max(res, Math.hypot(uaRe - (lr * uRe - li * uIm), uaIm - (lr * uIm + li * uRe)));
        dotRe += uRe * vRe - uIm * vIm;
        dotIm += uRe * vIm + uIm * vRe;
      }
      assert.ok(res < 1e-10, `eigen residual ${res}`);
      assert.ok(Math.abs(dotRe - 1) < 1e-9 && Math.abs(dotIm) < 1e-9);
    }
  }
});

test("filter / stable / unstable / merge / JSON and npz round trips", () => {
  const fps = findFixedPoints(twoNeuron(), { inits: uniformInits(200, 2, 4, 3), inputs: [0], tolQ: 1e-20 });
  const fixed = fps.filter(fps.isFixed);
  assert.equal(fixed.stable().count, 4);
  assert.equal(fixed.unstable().count, 5);
  const merged = fixed.stable().merge(fixed.unstable());
  assert.equal(merged.count, 9);
  assert.equal(merged.deduplicate().count, 9);
  assert.equal(merged.merge(merged).deduplicate().count, 9);
  const back = FixedPoints.fromJSON(JSON.parse(JSON.stringify(fps)));
  assert.deepEqual(Array.from(back.xstar), Array.from(fps.xstar));
  assert.deepEqual(Array.from(back.leftIm!), Array.from(fps.leftIm!));
  assert.deepEqual(back.isStable, fps.isStable);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-"));
  for (const file of ["fps.npz", "fps.json"]) {
    const p = path.join(dir, file);
    saveFixedPoints(p, fps);
    const l = loadFixedPoints(p);
    assert.equal(l.count, fps.count);
    assert.equal(l.continuous, true);
    assert.deepEqual(Array.from(l.J!), Array.from(fps.J!));
    assert.deepEqual(Array.from(l.iterations), Array.from(fps.iterations));
    assert.deepEqual(l.nUnstable, fps.nUnstable);
  }
  fs.rmSync(dir, { recursive: true });
  assert.throws(() => tinyRecord([[0, 0]], [0]).isStable, /no eigenvalues yet/);
});

test("linearisation: exact for a linear map, second-order accurate near a tanh attractor", () => {
  const lin = handModel("linear", [0.5, 0.2, -0.1, 0.7], [1, 0], [0, 0]);
  const fl = findFixedPoints(lin, { inits: [0.3, 0.3], inputs: [1], tolQ: 1e-24 });
  const c1 = lineariseAndCompare(lin, fl, 0, { offset: 0.5, steps: 30 });
  assert.ok(Math.max(...c1.error) < 1e-10);
  // with an input step δu the linear prediction is still exact for a linear map
  const c1u = lineariseAndCompare(lin, fl, 0, { offset: 0.1, input: [1.5], steps: 30 });
  assert.ok(Math.max(...c1u.error) < 1e-10);

  const r = positiveTanhRoot(2);
  const tn = twoNeuron();
  const point = { xstar: [r, r], input: [0] };
  const small = lineariseAndCompare(tn, point, { offset: 1e-3, steps: 100 });
  const big = lineariseAndCompare(tn, point, { offset: 1e-1, steps: 100 });
  const peak = (c: { relativeError: Float64Array }) => Math.max(...c.relativeError);
  assert.ok(peak(small) < 1e-2, `relative error at 1e-3: ${peak(small)}`);
  assert.ok(peak(big) > 10 * peak(small), "error grows with the offset (nonlinearity)");
  assert.ok(small.error[0]! < 1e-15, "both start from x* + δ0");
  assert.ok(small.distance[100]! < small.distance[0]!, "a stable point attracts the nearby state");
  assert.ok(maxAbsDiff(small.trueStates.subarray(0, 2), small.linearStates.subarray(0, 2)) < 1e-15);
});
