import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { withRequestCookies } from "@/lib/auth/cookies";
import { authOptions } from "@/lib/auth/options";

// Options per request so cookies are Secure behind an HTTPS proxy (X-Forwarded-Proto); the body
// limit for these routes is enforced in proxy.ts.
const handler = (req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) =>
  NextAuth(req, ctx, withRequestCookies(authOptions, req));

export { handler as GET, handler as POST };
