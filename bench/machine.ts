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
  return {
    cpu: field("model name") ?? os.cpus()[0]?.model ?? "unknown",
    isa,
    cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    arch: process.arch,
    kernelAddon: kernelCpu ? { variant: "native", ...kernelCpu } : "not built (no native/build/Release/cpu.json)",
    linalgAddon,
  };
}

/** One line for the bench header. */
export function describeMachine(m: MachineInfo): string {
  const la = typeof m.linalgAddon === "string" ? m.linalgAddon : `${m.linalgAddon.variant}, ${m.linalgAddon.kernels} kernels, GEMM ${m.linalgAddon.gemmTile}`;
  const ka = typeof m.kernelAddon === "string" ? m.kernelAddon : `flags ${(m.kernelAddon.flags as string[] | undefined)?.join(",") ?? "?"}`;
  return `${m.cpu} (${m.arch}, ${m.cores} cores, ${m.isa.join("/") || "no vector ISA flags"}); training addon ${ka}; linalg addon ${la}`;
}
