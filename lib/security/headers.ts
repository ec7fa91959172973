/**
 * The security headers of every response. Pure (no server-only) so proxy.ts, next.config.ts and
 * unit tests share one definition.
 *
 * Pages get a per-request nonce CSP from proxy.ts: Next.js streams inline bootstrap scripts and
 * reads the nonce from the request's Content-Security-Policy header to stamp them, so no
 * 'unsafe-inline' is needed for scripts. Inline style *attributes* (React `style={{…}}`, charts)
 * cannot carry a nonce, so only those are allowed through `style-src-attr`; <style> elements still
 * need the nonce.
 */

export type CspOptions = {
  nonce: string;
  /** `next dev` needs eval for React's debugging helpers and a websocket for hot reload. */
  dev?: boolean;
  /** Served over HTTPS: ask the browser to upgrade any stray http:// subresource. */
  https?: boolean;
};

export function pageContentSecurityPolicy({ nonce, dev = false, https = false }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // `next dev` injects <style> tags for hot reload without a nonce.
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    `style-src-elem 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** API responses are data, never documents: nothing may load, run or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** Headers every response carries (pages, API, static files), set from next.config.ts. */
export const BASELINE_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Legacy twin of frame-ancestors 'none' for old browsers and scanners.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** HSTS only makes sense (and is only honoured) over HTTPS. */
export const HSTS = "max-age=31536000; includeSubDomains";

/** A nonce: 128 random bits, base64 (what CSP's nonce-source expects). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** True when the client reached us over HTTPS (directly, or through a TLS-terminating proxy). */
export function isHttpsRequest(headers: Headers, url?: string): boolean {
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  if (url?.startsWith("https:")) return true;
  return process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's X-Request-Id when it is a sane token (no newlines, bounded), else a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
