/**
 * rnn-atlas: train, reverse-engineer and compare recurrent networks in TypeScript notebooks.
 *
 * Importing the package inside the tslab kernel also installs the display extension
 * (kernel-helpers/extension), so results show themselves as rich output.
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
export * from "./analysis/dynamo";
