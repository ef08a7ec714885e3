/**
 * Command-line parsing for rnn-atlas: node:util parseArgs plus typed accessors that turn bad input
 * into a UsageError (exit code 2) naming the option and what it expects.
 */
import { parseArgs } from "node:util";

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

export interface Parsed {
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | string[] | undefined>;
}

/** Parse argv (without the command name) against the options of one command. */
export function parseCommand(command: string, argv: string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { positionals, values: values as Parsed["values"] };
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(`${command}: ${msg}. See \`rnn-atlas ${command} --help\`.`);
  }
}

export function str(p: Parsed, name: string, required: true): string;
export function str(p: Parsed, name: string, required?: false): string | undefined;
export function str(p: Parsed, name: string, required = false): string | undefined {
  const v = p.values[name];
  if (v === undefined) {
    if (required) throw new UsageError(`missing --${name}.`);
    return undefined;
  }
  if (typeof v !== "string") throw new UsageError(`--${name} needs a value.`);
  return v;
}

export function num(p: Parsed, name: string, opts: { integer?: boolean; min?: number; def?: number } = {}): number | undefined {
  const raw = str(p, name);
  if (raw === undefined) return opts.def;
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min)) {
    const kind = opts.integer ? "an integer" : "a number";
    throw new UsageError(`--${name} must be ${kind}${opts.min !== undefined ? ` ≥ ${opts.min}` : ""}, got "${raw}".`);
  }
  return v;
}

export function bool(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

export function oneOf<T extends string>(p: Parsed, name: string, allowed: ReadonlyArray<T>, def?: T): T {
  const v = str(p, name);
  if (v === undefined) {
    if (def === undefined) throw new UsageError(`missing --${name} (one of ${allowed.join(", ")}).`);
    return def;
  }
  if (!allowed.includes(v as T)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got "${v}".`);
  return v as T;
}

/** key=value pairs (numbers parsed when they look like numbers, true/false as booleans). */
export function keyValues(list: ReadonlyArray<string>, option: string): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--${option} expects key=value, got "${item}".`);
    const key = item.slice(0, eq);
    const raw = item.slice(eq + 1);
    out[key] = raw === "true" ? true : raw === "false" ? false : raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}
