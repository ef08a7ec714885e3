export * from "./contextMatrix";
