import { type NextRequest, NextResponse } from "next/server";
import {
  createNonce,
  HSTS,
  isHttpsRequest,
  pageContentSecurityPolicy,
  requestIdFrom,
} from "@/lib/security/headers";

/**
 * Runs before pages and next-auth's routes (see `config.matcher`):
 * - pages: a fresh CSP nonce per request, handed to Next.js through the request's
 *   Content-Security-Policy header (Next stamps its inline scripts with it) and sent to the browser;
 * - next-auth's routes: a small body limit (they only ever receive a short form);
 * - both: a request id, forwarded to the server code and echoed in the response.
 * Other API routes are not matched on purpose: they enforce their own limits in `apiRoute`, and a
 * matched request has its body buffered by Next (and cut at 10 MB), which ingest must avoid.
 * Headers common to every response (nosniff, referrer, framing) come from next.config.ts.
 */
export const AUTH_BODY_LIMIT = 16 * 1024;

export async function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers);
  const https = isHttpsRequest(request.headers, request.url);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-request-id", requestId);

  if (request.nextUrl.pathname.startsWith("/api/")) {
    const refusal = await refuseLargeBody(request, AUTH_BODY_LIMIT);
    if (refusal) {
      refusal.headers.set("x-request-id", requestId);
      return refusal;
    }
    const res = NextResponse.next({ request: { headers: requestHeaders } });
    res.headers.set("x-request-id", requestId);
    if (https) res.headers.set("Strict-Transport-Security", HSTS);
    return res;
  }

  const nonce = createNonce();
  const csp = pageContentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("Content-Security-Policy", csp);
  res.headers.set("x-request-id", requestId);
  if (https) res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

/** 413 when the body is (or turns out to be) larger than `limit`; null when it is fine. */
async function refuseLargeBody(request: NextRequest, limit: number): Promise<Response | null> {
  if (request.method === "GET" || request.method === "HEAD") return null;
  const tooLarge = () =>
    Response.json(
      { error: `request body exceeds ${limit} bytes` },
      { status: 413, headers: { connection: "close" } },
    );
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared)) return declared > limit ? tooLarge() : null;
  // No Content-Length (chunked): count while reading our copy of the body.
  if (!request.body) return null;
  const reader = request.body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return null;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
  }
}

export const config = {
  matcher: [
    // Everything except other API routes and build assets (which need no CSP or request id).
    // Also not OTLP ingest (/v1/metrics: up to 10 MB bodies) and the /metrics exposition.
    "/((?!api/|v1/metrics|metrics|_next/static/|_next/image|favicon.ico).*)",
    "/api/auth/:path*",
  ],
};
