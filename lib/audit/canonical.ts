/**
 * Canonical JSON for hashing (RFC 8785 "JCS" rules): object keys sorted by UTF-16 code units,
 * no whitespace, strings and numbers written exactly as ECMAScript's JSON.stringify writes them.
 * PURE (no I/O): shared by the appender, the verifier and the UI.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Canonical text of a JSON value. Throws on values JSON cannot hold (NaN, Infinity, undefined). */
export function canonicalJson(value: Json): string {
  // Hot path of verify (1 M events): plain loops and string concatenation, no intermediate arrays.
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonical JSON cannot hold NaN or Infinity");
      return JSON.stringify(value); // ECMAScript Number::toString, which is what JCS prescribes
    case "string":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalJson(value[i]!);
        return `${out}]`;
      }
      const keys = Object.keys(value).sort(); // default sort compares UTF-16 code units, as JCS says
      let out = "{";
      let first = true;
      for (const k of keys) {
        const v = value[k];
        if (v === undefined) continue;
        out += `${(first ? "" : ",") + JSON.stringify(k)}:${canonicalJson(v)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/**
 * Turns anything a caller passes into plain JSON the database stores unchanged: Dates become ISO
 * text, bigints decimal text, undefined members vanish, non-finite numbers become null, and NUL
 * characters (which PostgreSQL's jsonb refuses) become U+FFFD. What is stored is what is hashed.
 */
export function toPlainJson(value: unknown): Json {
  const text = JSON.stringify(value, (_k, v) => {
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "string" && v.includes("\u0000")) return v.replaceAll("\u0000", "\uFFFD");
    return v;
  });
  if (text === undefined) return null;
  return JSON.parse(text, (k, v) => (typeof k === "string" && k.includes("\u0000") ? undefined : v)) as Json;
}
