/**
 * rnn-atlas: train, reverse-engineer and compare recurrent networks in TypeScript notebooks.
 *
 * Importing the package has no effect on the kernel: the rnn-atlas kernel installs the display hooks
 * (src/display/kernel) when it starts, so results show themselves as rich output.
 */
export * from "./core";
export * from "./tasks";
export * from "./models";
export * from "./io";
export * from "./kernels";
export * from "./train";
export * from "./display";
export * from "./analysis";
export * from "./solutions";
export * from "./plots";
export * from "./notebook";
export * from "./cluster";
export * from "./analysis/dynamo";
export * from "./experiments";
// Text classification (notebook 11, Aitken et al. 2020): the synthetic C-class task and the attractor-manifold analyses.
export * from "./tasks/textClassification";
export * from "./analysis/textManifold";
// learned optimizers (Maheswaranathan et al. 2021; notebook 13)
export * from "./analysis/learnedOptimizer";
export * from "./experiments/optimizeeProblems";
export * from "./experiments/learnedOptimizerTraining";
export * from "./experiments/optimizerBaselines";
// contextual processing in sentiment RNNs (Maheswaranathan & Sussillo 2020; notebook 12)
export * from "./analysis/contextualProcessing";
