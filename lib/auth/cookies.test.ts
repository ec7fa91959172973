import { afterEach, describe, expect, it } from "vitest";
import { authCookies, withRequestCookies } from "./cookies";

const saved = process.env.NEXTAUTH_URL;
afterEach(() => {
  process.env.NEXTAUTH_URL = saved;
});

describe("next-auth cookies", () => {
  it("are HttpOnly and SameSite=Lax, not Secure on plain http", () => {
    process.env.NEXTAUTH_URL = "http://127.0.0.1:3000";
    const c = authCookies();
    for (const cookie of Object.values(c)) {
      expect(cookie?.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
    }
    expect(c.sessionToken?.name).toBe("next-auth.session-token");
  });

  it("are Secure and prefixed when NEXTAUTH_URL is https", () => {
    process.env.NEXTAUTH_URL = "https://console.example.com";
    const c = authCookies();
    expect(c.sessionToken).toMatchObject({
      name: "__Secure-next-auth.session-token",
      options: { secure: true },
    });
    expect(c.csrfToken?.name).toBe("__Host-next-auth.csrf-token");
  });

  it("turn Secure per request behind a TLS proxy, keeping the names pages read", () => {
    process.env.NEXTAUTH_URL = "http://10.0.0.5:3000";
    const base = { providers: [], cookies: authCookies() };
    const viaTls = withRequestCookies(
      base,
      new Request("http://10.0.0.5:3000/api/auth/csrf", {
        headers: { "x-forwarded-proto": "https" },
      }),
    );
    expect(viaTls.cookies?.sessionToken).toMatchObject({
      name: base.cookies.sessionToken?.name,
      options: { secure: true },
    });
    const plain = withRequestCookies(base, new Request("http://10.0.0.5:3000/api/auth/csrf"));
    expect(plain.cookies?.sessionToken?.options.secure).toBe(false);
  });
});
