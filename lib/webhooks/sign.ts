/**
 * The one webhook signature scheme of AI Factory Console (pure; safe to import anywhere).
 *
 * Every outbound webhook — alerts and governance alike — is a JSON POST with
 *   X-AFC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *   X-AFC-Event:     <event type, e.g. alert.firing, action.approval_requested>
 *   X-AFC-Delivery:  <delivery id; the same on every retry, so receivers can de-duplicate>
 * Receivers recompute the HMAC over the raw body and reject timestamps outside a tolerance to stop
 * replays. It is the scheme Stripe uses, so existing verifiers fit.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-AFC-Signature";
export const EVENT_HEADER = "X-AFC-Event";
export const DELIVERY_HEADER = "X-AFC-Delivery";

/** How far a signature's timestamp may be from the receiver's clock by default (seconds). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, body: string, unixSeconds: number): string {
  return createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
}

/** The `X-AFC-Signature` value for `body` sent at `unixSeconds`. */
export function signPayload(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, body, unixSeconds)}`;
}

/**
 * Receiver-side check (offered to integrators, used by our tests). Accepts several `v1=` entries
 * (as during a secret rotation) and passes when any of them matches.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  let t: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d+$/.test(value)) t = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (t === null || candidates.length === 0 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, body, t), "hex");
  return candidates.some((c) => timingSafeEqual(expected, Buffer.from(c, "hex")));
}

/** Attempts before a delivery is given up (the first send counts as one). */
export const MAX_DELIVERY_ATTEMPTS = 8;

/** Delay before the next attempt after `failures` failed ones: 10 s, 20 s, 40 s … capped at 1 h. */
export function backoffMs(failures: number): number {
  return Math.min(3_600_000, 10_000 * 2 ** Math.max(0, failures - 1));
}
