export * from "./alerts";
export * from "./audit";
export * from "./auth";
export * from "./facility";
export * from "./governance";
export * from "./roi";
export * from "./telemetry";
