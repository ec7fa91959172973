import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { materialize } from "@/test/raw-json";
import { parseJsonBuffer, RawJson, scanJson } from "./json-scan";
import { OTLP_RAW_KEYS, parseOtlpJson } from "./otlp";

const NONE = new Set<string>();
const RAW = new Set(["attributes"]);
const buf = (s: string) => Buffer.from(s, "utf8");

/** JSON.parse's answer: the value, or the error message. */
function native(text: string): { ok: unknown } | { err: string } {
  try {
    return { ok: JSON.parse(text) };
  } catch (e) {
    return { err: (e as Error).message };
  }
}
function scanned(text: string, raw = NONE): { ok: unknown } | { err: string } {
  try {
    return { ok: parseJsonBuffer(buf(text), raw) };
  } catch (e) {
    return { err: (e as Error).message };
  }
}

const VALID = [
  "0",
  "-0",
  "1.5e3",
  "-2.25E-2",
  "123456789012345678901234567890",
  "0.1",
  "9007199254740993",
  "1.7976931348623157e309",
  "12345.678901234567",
  '"plain"',
  '"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00"',
  '"caf\u00e9 \u{1F600}"',
  " \t\n\r[ 1 , 2 ,\n3 ] ",
  "{}",
  "[]",
  '{"a":{"b":[true,false,null,{"c":""}]}}',
  '{"__proto__":{"polluted":1},"x":1}',
  '{"a":1,"a":2}',
  '{"2":1,"1":2,"b":3}',
  `${"[".repeat(80)}${"]".repeat(80)}`,
  '{"attributes":[{"key":"k","value":{"stringValue":"v \\"q\\" ]}"}}],"n":1}',
  '{"attributes":{"not":"an array"},"attributes2":[1]}',
  '{"attributes" : [ ] }',
  '{"attributes":["\u00e9t\u00e9"]}',
];

const INVALID = [
  "",
  " ",
  "01",
  "1.",
  ".5",
  "-",
  "+1",
  "1e",
  "NaN",
  "[1,]",
  "{,}",
  '{"a":1,}',
  '{"a" 1}',
  "{'a':1}",
  '"unterminated',
  '"bad \\x escape"',
  '"bad \\u12g4"',
  '"tab\tinside"',
  "[1] 2",
  "tru",
  "nul",
  "\uFEFF{}",
  '{"attributes":[1,]}',
  '{"attributes":[{"key":"k"}',
  '{"attributes":["\\q"]}',
];

describe("parseJsonBuffer", () => {
  it("equals JSON.parse on valid input, with and without raw keys", () => {
    for (const text of VALID) {
      expect(scanned(text), text).toEqual(native(text));
      // The scanner itself handled it (not the fallback), except nesting deeper than it goes.
      if (!text.startsWith("[[[")) expect(scanJson(buf(text), NONE), text).toEqual(JSON.parse(text));
      else expect(() => scanJson(buf(text), NONE)).toThrow();
      expect(materialize(parseJsonBuffer(buf(text), RAW)), text).toEqual(JSON.parse(text));
    }
  });

  it("keeps __proto__ an own property, never the prototype", () => {
    const v = parseJsonBuffer(buf('{"__proto__":{"polluted":1}}'), NONE) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.hasOwn(v, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("fails exactly like JSON.parse on invalid input", () => {
    for (const text of INVALID) {
      const n = native(text);
      expect("err" in n, text).toBe(true);
      expect(scanned(text, RAW), text).toEqual(n);
      expect(() => scanJson(buf(text), RAW), text).toThrow();
    }
  });

  it("keeps attribute arrays as their exact text, the same object for the same bytes", () => {
    const a = parseJsonBuffer(buf('{"attributes":[{"key":"k","value":{"intValue":"1"}}]}'), RAW) as {
      attributes: RawJson;
    };
    const b = parseJsonBuffer(
      buf(' { "x": 1, "attributes":[{"key":"k","value":{"intValue":"1"}}]}'),
      RAW,
    ) as {
      attributes: RawJson;
    };
    expect(a.attributes).toBeInstanceOf(RawJson);
    expect(a.attributes.text).toBe('[{"key":"k","value":{"intValue":"1"}}]');
    expect(b.attributes).toBe(a.attributes);
    expect(a.attributes.value()).toEqual([{ key: "k", value: { intValue: "1" } }]);
  });

  it("follows lists whose order changes between bodies", () => {
    const lists = ["[1]", "[1,2]", '[{"k":"[1]"}]', "[]", '["]"]'];
    const body = (order: number[]) => `[${order.map((k) => `{"attributes":${lists[k]}}`).join(",")}]`;
    for (const order of [
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
      [1, 0, 3, 2],
      [0, 0, 1, 1],
      [4, 3, 2, 1, 0],
    ]) {
      const got = scanJson(buf(body(order)), RAW) as { attributes: RawJson }[];
      expect(got.map((x) => x.attributes.text)).toEqual(order.map((k) => lists[k]));
    }
  });

  it("agrees with JSON.parse on random documents and their corruptions", () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const strings = ["", "a", "é", "\u{1F600}", 'q"uote', "back\\slash", "attributes", "\n", "\u0001"];
    const value = (depth: number): unknown => {
      const k = rnd(depth > 3 ? 5 : 8);
      if (k === 0) return rnd(2) === 0;
      if (k === 1) return null;
      if (k === 2) return (rnd(2000) - 1000) / (rnd(3) === 0 ? 7 : 1);
      if (k === 3 || k === 4) return strings[rnd(strings.length)];
      if (k === 5) return Array.from({ length: rnd(4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: rnd(4) }, () => [strings[rnd(strings.length)], value(depth + 1)]),
      );
    };
    for (let i = 0; i < 2000; i++) {
      let text = JSON.stringify(value(0), null, rnd(2) ? 1 : undefined);
      if (i % 2) {
        const at = rnd(text.length + 1);
        const junk = ['"', "]", "}", ",", ":", "\\", "1", " ", "["][rnd(9)]!;
        text = rnd(2) ? text.slice(0, at) + junk + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      }
      const n = native(text);
      if ("err" in n) {
        expect(scanned(text, RAW), text).toEqual(n);
        expect(() => scanJson(buf(text), RAW), text).toThrow();
      } else expect(materialize(scanJson(buf(text), RAW)), text).toEqual(n.ok);
    }
  });
});

describe("OTLP over parseJsonBuffer", () => {
  it("gives the same rows, rejections and errors as over JSON.parse", () => {
    const text = fs.readFileSync("test/fixtures/telemetry/otlp.json", "utf8");
    const plain = parseOtlpJson(JSON.parse(text), 1_795_674_000_000);
    for (let round = 0; round < 2; round++) {
      // The second round is served from the caches (same texts, same RawJson objects).
      const lazy = parseOtlpJson(parseJsonBuffer(buf(text), OTLP_RAW_KEYS), 1_795_674_000_000);
      expect(lazy.batch.rows()).toEqual(plain.batch.rows());
      // Refs are the parsers' shared caches (the latest batch marks them): compare what they name.
      const defs = (b: typeof plain.batch) => b.series.map(({ ref, ...def }) => ({ ...def, ref: ref?.key }));
      expect(defs(lazy.batch)).toEqual(defs(plain.batch));
      expect([lazy.rejected, lazy.errors]).toEqual([plain.rejected, plain.errors]);
    }
  });
});
