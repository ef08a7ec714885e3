/**
 * One-line informational notices (which kernel or backend was chosen). In a notebook they go to
 * stdout: Jupyter draws stderr as a red box, which reads as an error to whoever opens the shared
 * notebook. Elsewhere (the CLI, scripts) they go to stderr, so stdout stays the command's data
 * (`--json`, `.npy` paths). Warnings and errors do not use this.
 */
const KERNEL_API = Symbol.for("rnn-atlas.kernel.protocol");

/** True inside the project's notebook kernel (kernel-helpers/kernel installs its API on globalThis). */
export function inProjectKernel(): boolean {
  return (globalThis as Record<symbol, unknown>)[KERNEL_API] !== undefined;
}

export function notice(message: string): void {
  if (process.env.RNN_ATLAS_QUIET === "1") return;
  (inProjectKernel() ? process.stdout : process.stderr).write(message.endsWith("\n") ? message : message + "\n");
}
