/**
 * Architecture and nonlinearity codes shared with the native addons (native/common/arch_codes.h holds
 * the same table; a test compares them). "linear" is the vanilla code with the identity φ.
 */
export const ARCH_CODE = { vanilla: 0, gru: 1, lstm: 2, leaky: 3, ugrnn: 4 } as const;
export const PHI_CODE = { tanh: 0, relu: 1, identity: 2 } as const;

export type ArchCodeValue = (typeof ARCH_CODE)[keyof typeof ARCH_CODE];
export type PhiCodeValue = (typeof PHI_CODE)[keyof typeof PHI_CODE];
