/**
 * Option handling shared by the task files: merge the caller's options over the paper's defaults,
 * reject unknown keys (typos), and check values with errors that name the option and the fix.
 */

export class TaskOptionError extends Error {
  constructor(task: string, message: string) {
    super(`task "${task}": ${message}`);
    this.name = "TaskOptionError";
  }
}

/** Merge `given` over `defaults`; unknown keys are an error that lists the known ones. */
export function mergeOptions<T extends object>(task: string, defaults: T, given: object | undefined): T {
  if (given === undefined || given === null) return { ...defaults };
  if (typeof given !== "object" || Array.isArray(given)) {
    throw new TaskOptionError(task, `options must be an object, got ${describe(given)}.`);
  }
  const known = Object.keys(defaults);
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      throw new TaskOptionError(task, `unknown option "${key}". Known options: ${known.join(", ")}.`);
    }
  }
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Throw a TaskOptionError unless `cond`. */
export function check(cond: boolean, task: string, message: string): asserts cond {
  if (!cond) throw new TaskOptionError(task, message);
}

export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** A finite number in [min, max] (bounds optional; `positive` means > 0). */
export function num(
  task: string,
  name: string,
  v: unknown,
  bounds: { min?: number; max?: number; positive?: boolean } = {},
): number {
  check(typeof v === "number" && Number.isFinite(v), task, `option "${name}" must be a finite number, got ${describe(v)}.`);
  if (bounds.positive) check(v > 0, task, `option "${name}" must be > 0, got ${v}.`);
  if (bounds.min !== undefined) check(v >= bounds.min, task, `option "${name}" must be ≥ ${bounds.min}, got ${v}.`);
  if (bounds.max !== undefined) check(v <= bounds.max, task, `option "${name}" must be ≤ ${bounds.max}, got ${v}.`);
  return v;
}

/** An integer in [min, max]. */
export function int(task: string, name: string, v: unknown, bounds: { min?: number; max?: number } = {}): number {
  check(typeof v === "number" && Number.isInteger(v), task, `option "${name}" must be an integer, got ${describe(v)}.`);
  return num(task, name, v, bounds);
}

/** A [lo, hi] pair with lo ≤ hi (integers if `integer`), each within [min, max]. */
export function range(
  task: string,
  name: string,
  v: unknown,
  opts: { integer?: boolean; min?: number; max?: number } = {},
): [number, number] {
  check(
    Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isFinite(x)),
    task,
    `option "${name}" must be a [lo, hi] pair of numbers, got ${describe(v)}.`,
  );
  const [lo, hi] = v as [number, number];
  if (opts.integer) {
    check(Number.isInteger(lo) && Number.isInteger(hi), task, `option "${name}" must hold integers (steps), got ${describe(v)}.`);
  }
  check(lo <= hi, task, `option "${name}" must have lo ≤ hi, got ${describe(v)}.`);
  if (opts.min !== undefined) check(lo >= opts.min, task, `option "${name}" must lie in [${opts.min}, …], got ${describe(v)}.`);
  if (opts.max !== undefined) check(hi <= opts.max, task, `option "${name}" must lie in […, ${opts.max}], got ${describe(v)}.`);
  return [lo, hi];
}

/** A non-empty array of finite numbers. */
export function numList(task: string, name: string, v: unknown, opts: { integer?: boolean } = {}): number[] {
  check(
    Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number" && Number.isFinite(x)),
    task,
    `option "${name}" must be a non-empty array of numbers, got ${describe(v)}.`,
  );
  if (opts.integer) check((v as number[]).every(Number.isInteger), task, `option "${name}" must hold integers, got ${describe(v)}.`);
  return [...(v as number[])];
}

export function bool(task: string, name: string, v: unknown): boolean {
  check(typeof v === "boolean", task, `option "${name}" must be true or false, got ${describe(v)}.`);
  return v;
}

/** Continuous time → whole Euler steps; the time must be a multiple of dt (to 1e-9). */
export function steps(task: string, name: string, time: number, dt: number): number {
  const s = Math.round(time / dt);
  check(
    Math.abs(s * dt - time) <= 1e-9 * Math.max(1, Math.abs(time)),
    task,
    `option "${name}" = ${time} is not a whole number of steps of dt = ${dt}; use a multiple of dt.`,
  );
  return s;
}

/** Validate the common arguments of `trials()`. */
export function checkBatchSeed(task: string, opts: { batch?: unknown; seed?: unknown } | undefined): void {
  check(opts !== undefined && opts !== null && typeof opts === "object", task, "trials() needs { batch, seed }.");
  check(
    typeof opts.batch === "number" && Number.isInteger(opts.batch) && opts.batch >= 1,
    task,
    `trials(): batch must be a positive integer, got ${describe(opts.batch)}.`,
  );
  check(
    typeof opts.seed === "number" && Number.isInteger(opts.seed),
    task,
    `trials(): seed must be an integer, got ${describe(opts.seed)}.`,
  );
}

/**
 * Resolve `extrapolate` of trials(): false/undefined → null (training distribution), true → the
 * task's defaults, an object → merged over the defaults (unknown keys rejected).
 */
export function resolveExtrapolate<X extends object>(task: string, given: unknown, defaults: X): X | null {
  if (given === undefined || given === false) return null;
  if (given === true) return { ...defaults };
  check(typeof given === "object" && given !== null && !Array.isArray(given), task, `extrapolate must be true, false or an object, got ${describe(given)}.`);
  const known = Object.keys(defaults);
  for (const key of Object.keys(given)) {
    check(known.includes(key), task, `unknown extrapolate option "${key}". Known: ${known.join(", ")}.`);
  }
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
  return out as X;
}
