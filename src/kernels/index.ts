// Public API of src/kernels: fused forward + BPTT kernels for whole populations.
export type {
  BatchData,
  KernelRequest,
  ForwardResult,
  LossGradResult,
  RnnKernel,
} from "./types";
export { jsKernel } from "./jsKernel";
export { getKernel, type KernelPreference } from "./select";
export { nativeKernelAvailable, nativeKernelError, nativeKernelSimd, makeNativeKernel } from "./native";
export { kernelParamShapes } from "./plan";
