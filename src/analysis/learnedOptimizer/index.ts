export * from "./optimizer";
export * from "./updateCurve";
export * from "./zeroGradientFixedPoints";
export * from "./schedule";
export * from "./adaptation";
export * from "./momentum";
