import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Role } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { auditSignIn, auditSignOut } from "@/lib/platform/auth-events";
import { authCookies } from "./cookies";
import { DUMMY_HASH, verifyPassword } from "./passwords";
import { isSignInThrottled, recordSignInFailure } from "./throttle";
import { findUserByEmail } from "./users";

// Scripts run by tsx (benches, CLIs) get next-auth's CommonJS provider as {default: fn}.
const Credentials =
  (CredentialsProvider as unknown as { default?: typeof CredentialsProvider }).default ?? CredentialsProvider;

declare module "next-auth" {
  interface User {
    roles: Role[];
  }
  interface Session {
    user: { id: string; email: string; name: string; roles: Role[] };
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    roles?: Role[];
  }
}

/** Thrown to next-auth as the one message for every refused sign-in (no user enumeration). */
const THROTTLED = "Too many failed sign-ins. Wait 15 minutes and try again.";

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const fwd = headers?.["x-forwarded-for"];
  const first = typeof fwd === "string" ? fwd.split(",")[0]?.trim() : undefined;
  const real = headers?.["x-real-ip"];
  return first || (typeof real === "string" ? real : null);
}

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
  // HttpOnly, SameSite=Lax; Secure when served over HTTPS (see cookies.ts for X-Forwarded-Proto).
  cookies: authCookies(),
  events: {
    async signOut({ token }) {
      await auditSignOut(token?.uid, token?.email ?? undefined);
    },
  },
  providers: [
    Credentials({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const email = (credentials?.email ?? "").toLowerCase().trim();
        const password = credentials?.password ?? "";
        if (!email || !password) return null;
        const ip = clientIp(req?.headers as Record<string, unknown> | undefined);
        // Set by proxy.ts, so sign-in lines join the rest of the request's log.
        const requestId = (req?.headers as Record<string, unknown> | undefined)?.["x-request-id"];
        if (await isSignInThrottled(email, ip)) {
          await auditSignIn({ ok: false, reason: "throttled", email, userId: null, ip });
          throw new Error(THROTTLED);
        }
        const user = await findUserByEmail(email);
        // Always run bcrypt so an unknown email and a wrong password take the same time.
        const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
        if (!user || !ok || user.disabledAt) {
          await recordSignInFailure(email, ip);
          log.warn({ event: "sign_in_failed", ip, requestId }, "sign-in failed");
          await auditSignIn({ ok: false, reason: "bad_credentials", email, userId: user?.id ?? null, ip });
          return null;
        }
        log.info({ event: "sign_in", userId: user.id, requestId }, "signed in");
        await auditSignIn({ ok: true, userId: user.id, email: user.email, ip });
        return { id: user.id, email: user.email, name: user.name, roles: user.roles };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.roles = user.roles;
      }
      return token;
    },
    async session({ session, token }) {
      session.user = {
        id: token.uid ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        roles: token.roles ?? [],
      };
      return session;
    },
  },
};
