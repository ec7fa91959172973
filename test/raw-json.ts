import { RawJson } from "@/lib/telemetry/parsers/json-scan";

/** A scanned value with every RawJson replaced by its parsed value, recursively. */
export const materialize = (v: unknown): unknown =>
  v instanceof RawJson
    ? v.value()
    : Array.isArray(v)
      ? v.map(materialize)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, materialize(x)]))
        : v;
