import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { AUTH_BODY_LIMIT, config, proxy } from "./proxy";

const nonceOf = (csp: string | null) => csp?.match(/'nonce-([^']+)'/)?.[1];

describe("proxy: pages", () => {
  it("gives every page a fresh nonce, in the CSP it sends and the one Next.js reads", async () => {
    const res = await proxy(new NextRequest("http://127.0.0.1:3000/sre"));
    const sent = res.headers.get("content-security-policy");
    const nonce = nonceOf(sent);
    expect(nonce).toBeTruthy();
    // NextResponse.next({ request: { headers } }) hands request headers over as x-middleware-request-*.
    expect(res.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(nonceOf(res.headers.get("x-middleware-request-content-security-policy"))).toBe(nonce);
    expect(sent).toContain("frame-ancestors 'none'");
    const other = await proxy(new NextRequest("http://127.0.0.1:3000/sre"));
    expect(nonceOf(other.headers.get("content-security-policy"))).not.toBe(nonce);
  });

  it("adds a request id (keeping a sane one from the caller) and HSTS only over HTTPS", async () => {
    const plain = await proxy(
      new NextRequest("http://127.0.0.1:3000/", { headers: { "x-request-id": "lb-42" } }),
    );
    expect(plain.headers.get("x-request-id")).toBe("lb-42");
    expect(plain.headers.get("x-middleware-request-x-request-id")).toBe("lb-42");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const tls = await proxy(
      new NextRequest("http://10.0.0.2:3000/", { headers: { "x-forwarded-proto": "https" } }),
    );
    expect(tls.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(tls.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });
});

describe("proxy: next-auth's routes", () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new NextRequest("http://127.0.0.1:3000/api/auth/callback/credentials", {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      duplex: "half", // Node's fetch needs this for a streamed body
    });

  it("lets an ordinary sign-in form through", async () => {
    const res = await proxy(post("email=a%40b.c&password=x&csrfToken=y", { "content-length": "36" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-middleware-next")).toBe("1");
  });

  it("refuses a declared or streamed body over the limit with 413", async () => {
    const big = "x".repeat(AUTH_BODY_LIMIT + 1);
    expect((await proxy(post(big, { "content-length": String(big.length) }))).status).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("y".repeat(1024)));
        c.close();
      },
    });
    expect((await proxy(post(stream))).status).toBe(413);
  });
});

describe("proxy matcher", () => {
  it("covers pages and next-auth, and leaves other API routes and build assets alone", () => {
    const [pages, auth] = config.matcher;
    const re = new RegExp(`^${pages!.replace("/((?!", "/(?!").replace(").*)", ").*")}$`);
    for (const p of ["/", "/sre", "/settings/policy", "/signin"]) expect(re.test(p), p).toBe(true);
    for (const p of ["/api/v1/ingest/otlp", "/_next/static/chunks/a.js", "/favicon.ico"]) {
      expect(re.test(p), p).toBe(false);
    }
    expect(auth).toBe("/api/auth/:path*");
  });
});
