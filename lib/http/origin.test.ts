import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./origin";

const req = (headers: Record<string, string>) =>
  new Request("http://127.0.0.1:3000/api/v1/apikeys", { method: "POST", headers });

describe("isSameOrigin", () => {
  it("accepts our own pages", () => {
    expect(isSameOrigin(req({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(true);
    // Behind a proxy the public host is in X-Forwarded-Host.
    expect(
      isSameOrigin(
        req({
          host: "10.0.0.5:3000",
          "x-forwarded-host": "console.example.com",
          origin: "https://console.example.com",
        }),
      ),
    ).toBe(true);
  });

  it("refuses other sites, other ports, and opaque origins", () => {
    expect(isSameOrigin(req({ host: "127.0.0.1:3000", origin: "https://evil.example" }))).toBe(false);
    expect(isSameOrigin(req({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:4000" }))).toBe(false);
    expect(isSameOrigin(req({ host: "127.0.0.1:3000", origin: "null" }))).toBe(false);
  });

  it("falls back to Sec-Fetch-Site when there is no Origin", () => {
    expect(isSameOrigin(req({ host: "127.0.0.1:3000", "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOrigin(req({ host: "127.0.0.1:3000", "sec-fetch-site": "same-site" }))).toBe(false);
    expect(isSameOrigin(req({ host: "127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBe(true);
    // Neither header: not a browser (curl, a script), so no ambient cookie to abuse.
    expect(isSameOrigin(req({ host: "127.0.0.1:3000" }))).toBe(true);
  });
});
