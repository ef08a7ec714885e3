/**
 * What machine and which builds a bench run measured, so two machines' JSON lines can be told
 * apart: CPU model, vector ISA, cores, and for both native addons the variant and the CPU flags
 * they were compiled for (their cpu.json), plus the linalg addon's kernels.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nativeLinalgStatus } from "../src/analysis/linalg/native";

export interface MachineInfo {
  cpu: string;
  /** Vector ISA features present: avx512f, avx2, fma, neon. */
  isa: string[];
  cores: number;
  arch: string;
  /** Training kernel addon (native/build/Release/cpu.json): flags it was compiled for, or why it is absent. */
  kernelAddon: Record<string, unknown> | string;
  /** Linalg addon: file, variant (native/portable), flags, kernels (isa and GEMM tile). */
  linalgAddon: Record<string, unknown> | string;
  /** Clock from /proc/cpuinfo ("cpu MHz": on a VM the host's nominal clock, not boost), GHz; null if unknown. */
  clockGHz: number | null;
  /**
   * Assumed peak GFLOP/s of all cores: cores × clock × FLOP/cycle, FLOP/cycle per core from the widest
   * vector ISA with two FMA pipes (AVX-512 32 fp64 / 64 fp32, AVX2+FMA 16 / 32, NEON 8 / 16, else
   * SSE2 4 / 8 with separate add and multiply). An upper bound: boost clocks and one-FMA-pipe parts differ.
   */
  peakGflops: { fp64: number; fp32: number; assumption: string } | null;
}

function peak(isa: string[], cores: number, ghz: number | null): MachineInfo["peakGflops"] {
  if (ghz === null) return null;
  const [f64, what] = isa.includes("avx512f") ? [32, "AVX-512, 2 FMA pipes"] : isa.includes("avx2") && isa.includes("fma") ? [16, "AVX2+FMA, 2 FMA pipes"] : isa.includes("neon") ? [8, "NEON, 2 FMA pipes"] : [4, "SSE2, 1 add + 1 mul"];
  return { fp64: cores * ghz * f64, fp32: cores * ghz * 2 * f64, assumption: `${cores} cores × ${ghz.toFixed(2)} GHz × ${f64} fp64 FLOP/cycle (${what})` };
}

function cpuinfo(): string {
  try {
    return fs.readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return "";
  }
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function machineInfo(): MachineInfo {
  const info = cpuinfo();
  const field = (name: string) => info.split("\n").find((l) => l.startsWith(name))?.split(":")[1]?.trim();
  const flags = new Set((field("flags") ?? field("Features") ?? "").split(/\s+/));
  const isa = ["avx512f", "avx2", "fma"].filter((f) => flags.has(f));
  if (flags.has("asimd") || (process.arch === "arm64" && !info)) isa.push("neon");
  const root = path.resolve(__dirname, "..", "..");
  const kernelCpu = readJson(path.join(root, "native", "build", "Release", "cpu.json"));
  const linalg = nativeLinalgStatus();
  let linalgAddon: MachineInfo["linalgAddon"] = linalg.reason ?? "not loaded";
  if (linalg.loaded) {
    const rec = readJson(path.join(path.dirname(linalg.path!), "cpu.json"));
    linalgAddon = {
      path: path.relative(root, linalg.path!),
      variant: rec?.variant ?? "unknown (no cpu.json)",
      flags: rec?.flags ?? [],
      ...(linalg.build ? { kernels: linalg.build.isa, gemmTile: linalg.build.gemmTile } : {}),
    };
  }
  const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  const mhz = Number(field("cpu MHz") ?? os.cpus()[0]?.speed ?? NaN);
  const clockGHz = Number.isFinite(mhz) && mhz > 0 ? Math.round(mhz) / 1000 : null;
  return {
    cpu: field("model name") ?? os.cpus()[0]?.model ?? "unknown",
    isa,
    cores,
    arch: process.arch,
    kernelAddon: kernelCpu ? { variant: "native", ...kernelCpu } : "not built (no native/build/Release/cpu.json)",
    linalgAddon,
    clockGHz,
    peakGflops: peak(isa, cores, clockGHz),
  };
}

/** One line for the bench header. */
export function describeMachine(m: MachineInfo): string {
  const la = typeof m.linalgAddon === "string" ? m.linalgAddon : `${m.linalgAddon.variant}, ${m.linalgAddon.kernels} kernels, GEMM ${m.linalgAddon.gemmTile}`;
  const ka = typeof m.kernelAddon === "string" ? m.kernelAddon : `flags ${(m.kernelAddon.flags as string[] | undefined)?.join(",") ?? "?"}`;
  const pk = m.peakGflops ? `; assumed peak ${m.peakGflops.fp32.toFixed(0)} fp32 / ${m.peakGflops.fp64.toFixed(0)} fp64 GFLOP/s (${m.peakGflops.assumption})` : "";
  return `${m.cpu} (${m.arch}, ${m.cores} cores, ${m.isa.join("/") || "no vector ISA flags"}); training addon ${ka}; linalg addon ${la}${pk}`;
}
