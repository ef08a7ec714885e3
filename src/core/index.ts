export * from "./types";
export * from "./random";
export * from "./mode";
export * from "./seriesSeed";
