/**
 * The two-neuron dynamics dx/dt = −x + W tanh x and its integration, loss and exact gradient.
 * Scalar code on 4 numbers per network (no allocation in the loops): this is what makes
 * training thousands of networks fast in plain JS.
 */
import type { Integration, TwoNeuronProblem } from "./types";
import { TWO_NEURON_PROBLEM } from "./types";

/** Number of steps of `dt` in `T`; throws when T/dt is not (close to) whole. */
export function stepCount(T: number, dt: number): number {
  if (!(dt > 0) || !(T > 0)) throw new RangeError(`two-neuron: T and dt must be positive (got T=${T}, dt=${dt}).`);
  const n = Math.round(T / dt);
  if (n < 1 || Math.abs(n * dt - T) > 1e-9 * Math.max(1, T)) {
    throw new RangeError(`two-neuron: T (${T}) must be a whole number of steps dt (${dt}).`);
  }
  return n;
}

export function checkIntegration(integ: Integration): void {
  if (integ.method !== "euler" && integ.method !== "rk4") {
    throw new Error(`two-neuron: integrator must be "euler" or "rk4", got "${String(integ.method)}".`);
  }
  if (!(integ.dt > 0)) throw new RangeError(`two-neuron: dt must be positive, got ${integ.dt}.`);
}

/**
 * Integrates one network from `x` (2 numbers, overwritten with the end state) for `n` steps.
 * `w` holds the network at `o` (4 numbers).
 */
export function integrate(w: ArrayLike<number>, o: number, x: Float64Array, n: number, integ: Integration): void {
  const w0 = w[o]!, w1 = w[o + 1]!, w2 = w[o + 2]!, w3 = w[o + 3]!;
  const h = integ.dt;
  let a = x[0]!, b = x[1]!;
  if (integ.method === "euler") {
    const c = 1 - h;
    for (let i = 0; i < n; i++) {
      const s0 = Math.tanh(a), s1 = Math.tanh(b);
      const na = c * a + h * (w0 * s0 + w1 * s1);
      b = c * b + h * (w2 * s0 + w3 * s1);
      a = na;
    }
  } else {
    const h2 = h / 2, h6 = h / 6;
    for (let i = 0; i < n; i++) {
      let s0 = Math.tanh(a), s1 = Math.tanh(b);
      const k1a = -a + w0 * s0 + w1 * s1, k1b = -b + w2 * s0 + w3 * s1;
      let ya = a + h2 * k1a, yb = b + h2 * k1b;
      s0 = Math.tanh(ya); s1 = Math.tanh(yb);
      const k2a = -ya + w0 * s0 + w1 * s1, k2b = -yb + w2 * s0 + w3 * s1;
      ya = a + h2 * k2a; yb = b + h2 * k2b;
      s0 = Math.tanh(ya); s1 = Math.tanh(yb);
      const k3a = -ya + w0 * s0 + w1 * s1, k3b = -yb + w2 * s0 + w3 * s1;
      ya = a + h * k3a; yb = b + h * k3b;
      s0 = Math.tanh(ya); s1 = Math.tanh(yb);
      const k4a = -ya + w0 * s0 + w1 * s1, k4b = -yb + w2 * s0 + w3 * s1;
      a += h6 * (k1a + 2 * k2a + 2 * k3a + k4a);
      b += h6 * (k1b + 2 * k2b + 2 * k3b + k4b);
    }
  }
  x[0] = a;
  x[1] = b;
}

/** ½‖x(T) − target‖² of one network (W at offset `o` of `w`). */
export function lossOf(w: ArrayLike<number>, o: number, integ: Integration, problem: TwoNeuronProblem = TWO_NEURON_PROBLEM): number {
  const x = new Float64Array(problem.x0);
  integrate(w, o, x, stepCount(problem.T, integ.dt), integ);
  const e0 = x[0]! - problem.target[0], e1 = x[1]! - problem.target[1];
  return 0.5 * (e0 * e0 + e1 * e1);
}

/** The vector field dx/dt at (a, b). */
export function velocity(w: ArrayLike<number>, o: number, a: number, b: number): [number, number] {
  const s0 = Math.tanh(a), s1 = Math.tanh(b);
  return [-a + w[o]! * s0 + w[o + 1]! * s1, -b + w[o + 2]! * s0 + w[o + 3]! * s1];
}

/** Kinetic energy q = ½‖dx/dt‖² (zero exactly at fixed points). */
export function speedQ(w: ArrayLike<number>, o: number, a: number, b: number): number {
  const [va, vb] = velocity(w, o, a, b);
  return 0.5 * (va * va + vb * vb);
}

/**
 * Scratch space for `lossAndGradient`: stage tanh values of every step (8 per step for RK4,
 * 2 for Euler) plus states. Reuse one per thread of work.
 */
export function gradientScratch(n: number): Float64Array {
  return new Float64Array(n * 10 + 2);
}

/**
 * Loss ½‖x(T) − target‖² of one network under the discretised dynamics, and its exact gradient
 * with respect to W (backpropagation through time over all n steps), written to `grad` (4 numbers).
 */
export function lossAndGradient(
  w: ArrayLike<number>,
  o: number,
  n: number,
  integ: Integration,
  problem: TwoNeuronProblem,
  scratch: Float64Array,
  grad: Float64Array,
): number {
  const w0 = w[o]!, w1 = w[o + 1]!, w2 = w[o + 2]!, w3 = w[o + 3]!;
  const h = integ.dt;
  let a = problem.x0[0], b = problem.x0[1];
  let g0 = 0, g1 = 0, g2 = 0, g3 = 0;
  if (integ.method === "euler") {
    // x_{t+1} = c x_t + h W s_t, s_t = tanh x_t; store s_t.
    const c = 1 - h;
    for (let i = 0; i < n; i++) {
      const s0 = Math.tanh(a), s1 = Math.tanh(b);
      scratch[2 * i] = s0;
      scratch[2 * i + 1] = s1;
      const na = c * a + h * (w0 * s0 + w1 * s1);
      b = c * b + h * (w2 * s0 + w3 * s1);
      a = na;
    }
    const ea = a - problem.target[0], eb = b - problem.target[1];
    let pa = ea, pb = eb; // adjoint dL/dx_{t+1}
    for (let i = n - 1; i >= 0; i--) {
      const s0 = scratch[2 * i]!, s1 = scratch[2 * i + 1]!;
      const ha = h * pa, hb = h * pb;
      g0 += ha * s0; g1 += ha * s1; g2 += hb * s0; g3 += hb * s1;
      // W^T p, through tanh'
      const ta = (w0 * ha + w2 * hb) * (1 - s0 * s0);
      const tb = (w1 * ha + w3 * hb) * (1 - s1 * s1);
      pa = c * pa + ta;
      pb = c * pb + tb;
    }
    grad[0] = g0; grad[1] = g1; grad[2] = g2; grad[3] = g3;
    return 0.5 * (ea * ea + eb * eb);
  }
  // RK4: store the tanh of the four stage inputs (8 numbers per step).
  const h2 = h / 2, h6 = h / 6, h3 = h / 3;
  for (let i = 0; i < n; i++) {
    const k = 8 * i;
    let s0 = Math.tanh(a), s1 = Math.tanh(b);
    scratch[k] = s0; scratch[k + 1] = s1;
    const k1a = -a + w0 * s0 + w1 * s1, k1b = -b + w2 * s0 + w3 * s1;
    let ya = a + h2 * k1a, yb = b + h2 * k1b;
    s0 = Math.tanh(ya); s1 = Math.tanh(yb);
    scratch[k + 2] = s0; scratch[k + 3] = s1;
    const k2a = -ya + w0 * s0 + w1 * s1, k2b = -yb + w2 * s0 + w3 * s1;
    ya = a + h2 * k2a; yb = b + h2 * k2b;
    s0 = Math.tanh(ya); s1 = Math.tanh(yb);
    scratch[k + 4] = s0; scratch[k + 5] = s1;
    const k3a = -ya + w0 * s0 + w1 * s1, k3b = -yb + w2 * s0 + w3 * s1;
    ya = a + h * k3a; yb = b + h * k3b;
    s0 = Math.tanh(ya); s1 = Math.tanh(yb);
    scratch[k + 6] = s0; scratch[k + 7] = s1;
    const k4a = -ya + w0 * s0 + w1 * s1, k4b = -yb + w2 * s0 + w3 * s1;
    a += h6 * (k1a + 2 * k2a + 2 * k3a + k4a);
    b += h6 * (k1b + 2 * k2b + 2 * k3b + k4b);
  }
  const ea = a - problem.target[0], eb = b - problem.target[1];
  let pa = ea, pb = eb;
  for (let i = n - 1; i >= 0; i--) {
    const k = 8 * i;
    // Adjoints of the stage slopes k1..k4 from x_{t+1} = x + h/6 (k1 + 2k2 + 2k3 + k4).
    let d4a = h6 * pa, d4b = h6 * pb;
    let d3a = h3 * pa, d3b = h3 * pb;
    let d2a = h3 * pa, d2b = h3 * pb;
    let d1a = h6 * pa, d1b = h6 * pb;
    let xa = pa, xb = pb;
    // Through k = f(y) = −y + W tanh y: dW += d ⊗ s, dy = −d + (1 − s²) ⊙ Wᵀ d.
    let s0 = scratch[k + 6]!, s1 = scratch[k + 7]!;
    g0 += d4a * s0; g1 += d4a * s1; g2 += d4b * s0; g3 += d4b * s1;
    let ya = -d4a + (w0 * d4a + w2 * d4b) * (1 - s0 * s0);
    let yb = -d4b + (w1 * d4a + w3 * d4b) * (1 - s1 * s1);
    xa += ya; xb += yb; d3a += h * ya; d3b += h * yb; // y4 = x + h k3
    s0 = scratch[k + 4]!; s1 = scratch[k + 5]!;
    g0 += d3a * s0; g1 += d3a * s1; g2 += d3b * s0; g3 += d3b * s1;
    ya = -d3a + (w0 * d3a + w2 * d3b) * (1 - s0 * s0);
    yb = -d3b + (w1 * d3a + w3 * d3b) * (1 - s1 * s1);
    xa += ya; xb += yb; d2a += h2 * ya; d2b += h2 * yb; // y3 = x + h/2 k2
    s0 = scratch[k + 2]!; s1 = scratch[k + 3]!;
    g0 += d2a * s0; g1 += d2a * s1; g2 += d2b * s0; g3 += d2b * s1;
    ya = -d2a + (w0 * d2a + w2 * d2b) * (1 - s0 * s0);
    yb = -d2b + (w1 * d2a + w3 * d2b) * (1 - s1 * s1);
    xa += ya; xb += yb; d1a += h2 * ya; d1b += h2 * yb; // y2 = x + h/2 k1
    s0 = scratch[k]!; s1 = scratch[k + 1]!;
    g0 += d1a * s0; g1 += d1a * s1; g2 += d1b * s0; g3 += d1b * s1;
    ya = -d1a + (w0 * d1a + w2 * d1b) * (1 - s0 * s0);
    yb = -d1b + (w1 * d1a + w3 * d1b) * (1 - s1 * s1);
    pa = xa + ya;
    pb = xb + yb;
  }
  grad[0] = g0; grad[1] = g1; grad[2] = g2; grad[3] = g3;
  return 0.5 * (ea * ea + eb * eb);
}

/**
 * The trajectory of one network from x0, sampled every `every` steps (x0 included):
 * [count, 2] interleaved (a0, b0, a1, b1, ...).
 */
export function trajectory(
  w: ArrayLike<number>,
  o: number,
  x0: readonly [number, number],
  horizon: number,
  integ: Integration,
  every = 1,
): { times: Float64Array; states: Float64Array } {
  const n = stepCount(horizon, integ.dt);
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`trajectory: every must be a positive integer, got ${every}.`);
  const count = Math.floor(n / every) + 1;
  const times = new Float64Array(count);
  const states = new Float64Array(2 * count);
  const x = new Float64Array(x0);
  states[0] = x[0]!;
  states[1] = x[1]!;
  for (let j = 1; j < count; j++) {
    integrate(w, o, x, every, integ);
    times[j] = j * every * integ.dt;
    states[2 * j] = x[0]!;
    states[2 * j + 1] = x[1]!;
  }
  return { times, states };
}
