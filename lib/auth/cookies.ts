import type { CookiesOptions, NextAuthOptions } from "next-auth";
import { isHttpsRequest } from "@/lib/security/headers";

/**
 * next-auth's cookies, pinned: always HttpOnly and SameSite=Lax, and Secure whenever the app is
 * reached over HTTPS — either because NEXTAUTH_URL says so, or per request because a
 * TLS-terminating proxy sent `X-Forwarded-Proto: https`.
 *
 * Names do not depend on the request (pages read the session cookie by name through
 * getServerSession, which has no request): the `__Secure-`/`__Host-` prefixes, which browsers only
 * accept on Secure cookies, are used exactly when NEXTAUTH_URL is https.
 */
export function authCookies(secure?: boolean): Partial<CookiesOptions> {
  const httpsUrl = process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;
  const isSecure = httpsUrl || (secure ?? false);
  const prefix = httpsUrl ? "__Secure-" : "";
  const base = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: isSecure };
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options: base },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options: base },
    csrfToken: { name: `${httpsUrl ? "__Host-" : ""}next-auth.csrf-token`, options: base },
    pkceCodeVerifier: { name: `${prefix}next-auth.pkce.code_verifier`, options: { ...base, maxAge: 900 } },
    state: { name: `${prefix}next-auth.state`, options: { ...base, maxAge: 900 } },
    nonce: { name: `${prefix}next-auth.nonce`, options: base },
  };
}

/** The options for one request to next-auth's own routes: Secure cookies behind an HTTPS proxy. */
export function withRequestCookies(options: NextAuthOptions, req: Request): NextAuthOptions {
  return { ...options, cookies: authCookies(isHttpsRequest(req.headers)) };
}
