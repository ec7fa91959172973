/**
 * Secret masking for audit payloads. PURE. Keys that name secrets (password, token, secret,
 * authorization, api key, cookie, private key, credentials…) have their values replaced, and so do
 * strings that look like bearer tokens or this app's API keys wherever they appear. The JSON
 * Pointers (RFC 6901) of everything masked are recorded beside the payload, so a reader knows a
 * value existed and was hidden on purpose.
 */
import type { Json } from "./canonical";

export const MASK = "[masked]";

// Compared after lower-casing and removing "-", "_", "." and spaces. "token" must END the key so
// counters like max_tokens / output_tokens / tokens_per_joule stay visible.
const SECRET_KEY_ENDINGS = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "authorization",
  "apikey",
  "privatekey",
  "cookie",
  "setcookie",
  "credential",
  "credentials",
  "sessionid",
  "signingkey",
];
const SECRET_VALUE =
  /^(bearer\s+\S+|basic\s+[a-z0-9+/=]{8,}|afc_[a-z0-9_-]{16,}|-----begin [a-z ]*private key-----)/i;

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_. ]/g, "");
  return SECRET_KEY_ENDINGS.some((e) => k === e || k.endsWith(e));
}

const pointerPart = (s: string | number) => String(s).replaceAll("~", "~0").replaceAll("/", "~1");

/** A copy of `value` with secrets masked, and the sorted pointers of what was masked. */
export function maskSecrets(value: Json): { value: Json; maskedPaths: string[] } {
  const maskedPaths: string[] = [];
  const walk = (v: Json, path: string): Json => {
    if (typeof v === "string") {
      if (SECRET_VALUE.test(v)) {
        maskedPaths.push(path);
        return MASK;
      }
      return v;
    }
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${path}/${i}`));
    const out: { [k: string]: Json } = {};
    for (const [k, child] of Object.entries(v)) {
      const p = `${path}/${pointerPart(k)}`;
      if (isSecretKey(k) && child !== null && child !== "") {
        maskedPaths.push(p);
        out[k] = MASK;
      } else {
        out[k] = walk(child, p);
      }
    }
    return out;
  };
  const masked = walk(value, "");
  return { value: masked, maskedPaths: maskedPaths.sort() };
}
