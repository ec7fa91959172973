import { describe, expect, it } from "vitest";
import { backoffMs, MAX_DELIVERY_ATTEMPTS, signPayload, verifySignature } from "./sign";

const secret = "whsec-test";
const body = '{"type":"alert.firing","deliveryId":"7"}';
const t = 1_795_674_000;

describe("webhook signature", () => {
  it("signs t=<unix>,v1=<hex HMAC-SHA256> and verifies the round trip", () => {
    const header = signPayload(secret, body, t);
    expect(header).toMatch(/^t=1795674000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header, t + 10)).toBe(true);
  });

  it("matches an independent HMAC over '<t>.<body>' (what integrators compute)", async () => {
    const { createHmac } = await import("node:crypto");
    const mac = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signPayload(secret, body, t)).toBe(`t=${t},v1=${mac}`);
  });

  it("rejects a tampered body, a wrong secret and a tampered timestamp", () => {
    const header = signPayload(secret, body, t);
    expect(verifySignature(secret, body.replace("7", "8"), header, t)).toBe(false);
    expect(verifySignature("other-secret", body, header, t)).toBe(false);
    expect(verifySignature(secret, body, header.replace(`t=${t}`, `t=${t + 1}`), t)).toBe(false);
  });

  it("rejects stale and future timestamps outside the tolerance", () => {
    const header = signPayload(secret, body, t);
    expect(verifySignature(secret, body, header, t + 300)).toBe(true);
    expect(verifySignature(secret, body, header, t + 301)).toBe(false);
    expect(verifySignature(secret, body, header, t - 301)).toBe(false);
    expect(verifySignature(secret, body, header, t + 1000, 3600)).toBe(true);
  });

  it("rejects malformed headers and accepts any matching v1 (secret rotation)", () => {
    const good = signPayload(secret, body, t);
    const oldMac = signPayload("old-secret", body, t).split("v1=")[1];
    expect(verifySignature(secret, body, `${good},v1=${oldMac}`, t)).toBe(true);
    expect(verifySignature(secret, body, `t=${t},v1=${oldMac}`, t)).toBe(false);
    for (const bad of [
      "",
      "garbage",
      `t=${t}`,
      `v1=${good.split("v1=")[1]}`,
      `t=abc,v1=00`,
      `t=${t},v1=zz`,
    ]) {
      expect(verifySignature(secret, body, bad, t)).toBe(false);
    }
  });
});

describe("back-off schedule", () => {
  it("doubles from 10 s and caps at one hour", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(0)).toBe(10_000);
    expect(backoffMs(30)).toBe(3_600_000);
  });

  it("spans about 21 minutes over all attempts before giving up", () => {
    let total = 0;
    for (let failures = 1; failures < MAX_DELIVERY_ATTEMPTS; failures++) total += backoffMs(failures);
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8);
    expect(total).toBe(1_270_000);
  });
});
