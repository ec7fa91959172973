/**
 * Webhook signing and retry schedule (pure). Receivers verify
 * `X-AFC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` and reject
 * old timestamps to stop replays — the scheme Stripe uses, so existing verifiers fit.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export function signPayload(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** Receiver-side check (used by tests and offered to integrators). */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = Buffer.from(signPayload(secret, body, t).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const MAX_DELIVERY_ATTEMPTS = 8;

/** Delay before attempt n+1 after n failures: 10 s, 20 s, 40 s … capped at 1 h. */
export function backoffMs(failures: number): number {
  return Math.min(3_600_000, 10_000 * 2 ** Math.max(0, failures - 1));
}
