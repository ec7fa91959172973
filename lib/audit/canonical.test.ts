import { describe, expect, it } from "vitest";
import { canonicalJson, toPlainJson } from "./canonical";
import { isSecretKey, MASK, maskSecrets } from "./mask";

describe("canonicalJson (RFC 8785 rules)", () => {
  it("sorts keys by UTF-16 code units and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], A: { z: 0, y: -0 } })).toBe(
      '{"A":{"y":0,"z":0},"a":[true,null,"x"],"b":1}',
    );
    // U+00E9 (é, one unit) sorts after "z"; U+1F600 (a surrogate pair starting 0xD83D) before U+FB01.
    expect(canonicalJson({ "\u00e9": 1, z: 2, "\ufb01": 3, "\u{1f600}": 4 })).toBe(
      '{"z":2,"\u00e9":1,"\u{1f600}":4,"\ufb01":3}',
    );
  });

  it("writes numbers the ECMAScript way (the RFC 8785 test vectors)", () => {
    const cases: [number, string][] = [
      [1e21, "1e+21"],
      [1e-7, "1e-7"],
      [0.000001, "0.000001"],
      [100, "100"],
      [1.5, "1.5"],
      [-0.1, "-0.1"],
      [333333333.3333333, "333333333.3333333"],
      [2 ** 53 + 2, "9007199254740994"],
      [5e-324, "5e-324"],
    ];
    for (const [n, text] of cases) expect(canonicalJson(n)).toBe(text);
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });

  it("escapes strings like JSON.stringify", () => {
    expect(canonicalJson('a"\\\n\u0001\u007f\u2028')).toBe('"a\\"\\\\\\n\\u0001\u007f\u2028"');
  });

  it("normalises caller values to what the database stores", () => {
    const d = new Date("2026-01-02T03:04:05.006Z");
    expect(toPlainJson({ d, u: undefined, n: Number.POSITIVE_INFINITY, b: 12n, s: "a\u0000b" })).toEqual({
      d: "2026-01-02T03:04:05.006Z",
      n: null,
      b: "12",
      s: "a\uFFFDb",
    });
  });
});

describe("maskSecrets", () => {
  it("masks secret-named keys and token-shaped strings and records their pointers", () => {
    const { value, maskedPaths } = maskSecrets({
      user: "ann",
      password: "hunter2",
      headers: { Authorization: "Bearer abc", "x-api-key": "k" },
      items: [{ access_token: "t" }, "Bearer zzz"],
      note: "afc_0123456789abcdefghij",
      "a/b": { client_secret: "s" },
      max_tokens: 512,
      output_tokens: 10,
      tokens_per_joule: 3.2,
      empty_password: "",
    });
    expect(value).toMatchObject({
      user: "ann",
      password: MASK,
      headers: { Authorization: MASK, "x-api-key": MASK },
      items: [{ access_token: MASK }, MASK],
      note: MASK,
      max_tokens: 512,
      output_tokens: 10,
      tokens_per_joule: 3.2,
      empty_password: "",
    });
    expect(maskedPaths).toEqual([
      "/a~1b/client_secret",
      "/headers/Authorization",
      "/headers/x-api-key",
      "/items/0/access_token",
      "/items/1",
      "/note",
      "/password",
    ]);
  });

  it("knows which keys are secrets", () => {
    for (const k of ["password", "apiKey", "api_key", "SECRET", "refreshToken", "cookie", "private_key"])
      expect(isSecretKey(k)).toBe(true);
    for (const k of ["tokens", "max_tokens", "token_count", "category", "passed"])
      expect(isSecretKey(k)).toBe(false);
  });
});
