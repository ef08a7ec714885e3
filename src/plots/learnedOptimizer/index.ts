export * from "./updateCurve";
export * from "./optimizerEigenvalues";
export * from "./lrSchedule";
export * from "./lrAdaptation";
