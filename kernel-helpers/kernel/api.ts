/**
 * Functions for notebook cells that need the project kernel (kernel-helpers/kernel/main.ts).
 * Under another kernel (stock tslab, plain Node) they throw a clear error.
 */
const KERNEL_API = Symbol.for("rnn-atlas.kernel.protocol");

interface KernelApi {
  tslabVersion: string;
  clearOutput(wait?: boolean): void;
}

function api(): KernelApi {
  const k = (globalThis as any)[KERNEL_API] as KernelApi | undefined;
  if (!k) {
    throw new Error("This needs the rnn-atlas kernel (kernelspec argv: node …/dist/kernel-helpers/kernel/main.js kernel --config-path {connection_file}); run kernel-helpers/setup.sh to register it.");
  }
  return k;
}

/** True inside the rnn-atlas protocol kernel. */
export function inProtocolKernel(): boolean {
  return (globalThis as any)[KERNEL_API] !== undefined;
}

/**
 * Clears the running cell's outputs (Jupyter `clear_output`). With `wait: true` the front end
 * clears only when the next output arrives, which avoids flicker in loops that redraw.
 */
export function clearOutput(options: { wait?: boolean } = {}): void {
  api().clearOutput(options.wait === true);
}
