// Tables of the telemetry feature (owned by lib/telemetry/). Exported from ./index.ts.
export {};
