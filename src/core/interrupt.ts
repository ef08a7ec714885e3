/**
 * The notebook kernel's interrupt as an AbortSignal. The project kernel (kernel-helpers/kernel) aborts
 * the signal it hands out when the user interrupts, so a long library call started in a cell stops at
 * its next check instead of running on after the cell was marked interrupted. Outside that kernel
 * there is no such signal.
 */
const KERNEL_API = Symbol.for("rnn-atlas.kernel.protocol");

/** The signal the running cell's interrupt aborts, or undefined outside the project kernel. */
export function kernelInterruptSignal(): AbortSignal | undefined {
  const api = (globalThis as Record<symbol, { interruptSignal?: () => AbortSignal } | undefined>)[KERNEL_API];
  return api?.interruptSignal?.();
}
