/**
 * Linear discrete RNN: h_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh.
 * It is the vanilla RNN with φ = identity: the vanilla step reads φ through nonlinearityOf(spec),
 * which returns identity for arch "linear", so the implementation is shared.
 */
import type { ArchImpl } from "./archImpl";
import { vanillaArch } from "./vanilla";

export const linearArch: ArchImpl = { ...vanillaArch };
