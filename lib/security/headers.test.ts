import { describe, expect, it } from "vitest";
import {
  API_CONTENT_SECURITY_POLICY,
  BASELINE_HEADERS,
  createNonce,
  isHttpsRequest,
  pageContentSecurityPolicy,
  requestIdFrom,
} from "./headers";

const directives = (csp: string) =>
  Object.fromEntries(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );

describe("page CSP", () => {
  it("allows scripts only by nonce (no unsafe-inline, no eval) and forbids framing", () => {
    const d = directives(pageContentSecurityPolicy({ nonce: "abc123==" }));
    expect(d["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["style-src-elem"]).toContain("'nonce-abc123=='");
    expect(d["style-src-elem"]).not.toContain("'unsafe-inline'");
    expect(d["upgrade-insecure-requests"]).toBeUndefined();
  });

  it("adds eval only for next dev, and the HTTPS upgrade only over HTTPS", () => {
    expect(directives(pageContentSecurityPolicy({ nonce: "n", dev: true }))["script-src"]).toContain(
      "'unsafe-eval'",
    );
    expect(pageContentSecurityPolicy({ nonce: "n", https: true })).toContain("upgrade-insecure-requests");
  });

  it("API answers may load or run nothing", () => {
    expect(API_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(API_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it("every response carries nosniff, a referrer policy and no framing", () => {
    const h = Object.fromEntries(BASELINE_HEADERS.map((x) => [x.key, x.value]));
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["X-Frame-Options"]).toBe("DENY");
  });
});

describe("nonce and request id", () => {
  it("makes unpredictable base64 nonces", () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(new Set(Array.from({ length: 100 }, createNonce)).size).toBe(100);
  });

  it("keeps a sane caller request id and replaces anything else", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "lb-1234.abc" }))).toBe("lb-1234.abc");
    const injected = requestIdFrom(new Headers({ "x-request-id": 'x"} {"admin":true' }));
    expect(injected).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(new Headers({ "x-request-id": "a".repeat(500) }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("HTTPS detection", () => {
  it("trusts X-Forwarded-Proto first, then the URL", () => {
    expect(isHttpsRequest(new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttpsRequest(new Headers({ "x-forwarded-proto": "https,http" }))).toBe(true);
    expect(isHttpsRequest(new Headers({ "x-forwarded-proto": "http" }), "https://x")).toBe(false);
    expect(isHttpsRequest(new Headers(), "https://console.example.com/")).toBe(true);
  });
});
