import "server-only";
import type { z } from "zod";
import { hasRole, hasScope, type Principal, resolvePrincipal } from "@/lib/auth/principal";
import { isConnectionError, withDbRetry } from "@/lib/db/retry";
import type { ApiScope, Role } from "@/lib/db/schema";
import { type Logger, log } from "@/lib/log";
import { requestIdFrom } from "@/lib/security/headers";
import { DEFAULT_BODY_LIMIT, parseJson, readBody } from "./body";
import { ApiError, fromZodError } from "./errors";
import { isSameOrigin } from "./origin";

/**
 * Who may call a route. A signed-in user needs one of `roles` ("any" = any signed-in user);
 * an API key needs one of `scopes`. Omit one to refuse that kind of caller. `public` skips auth.
 */
export type Access = { public: true } | { roles?: readonly Role[] | "any"; scopes?: readonly ApiScope[] };

type Ctx<B, Q, P> = {
  req: Request;
  principal: Principal;
  body: B;
  query: Q;
  params: P;
  log: Logger;
  requestId: string;
};

type Options<B, Q> = {
  access: Access;
  /** JSON body schema. Routes that parse their own bodies (ingest) leave this out and call ctx.req. */
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  maxBodyBytes?: number;
};

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * The one wrapper for every API route: request id, auth (session or API key, roles, scopes),
 * same-origin check for cookie-authenticated writes, body limit, zod validation, and errors
 * turned into JSON responses. Handlers return a Response or a plain object (→ 200 JSON).
 */
export function apiRoute<B = undefined, Q = undefined, P = Record<string, string>>(
  opts: Options<B, Q>,
  handler: (ctx: Ctx<B, Q, P>) => Promise<Response | object>,
) {
  return async (req: Request, routeCtx?: NextRouteContext): Promise<Response> => {
    const requestId = requestIdFrom(req.headers);
    const reqLog = log.child({ requestId, method: req.method, path: new URL(req.url).pathname });
    const headers = { "x-request-id": requestId };
    const startedAt = performance.now();
    const done = (res: Response) => {
      reqLog.info({ status: res.status, ms: Math.round(performance.now() - startedAt) }, "request");
      return res;
    };
    try {
      // Authorizing only reads, so a lost connection is retried; so are whole reads (GET/HEAD).
      const principal = await withDbRetry(() => authorize(req, opts.access));
      const url = new URL(req.url);
      const query = opts.query
        ? parseOrThrow(opts.query, Object.fromEntries(url.searchParams), "query")
        : undefined;
      const body = opts.body
        ? parseOrThrow(
            opts.body,
            parseJson(await readBody(req, opts.maxBodyBytes ?? DEFAULT_BODY_LIMIT)),
            "body",
          )
        : undefined;
      const params = (routeCtx ? await routeCtx.params : {}) as P;
      const run = () =>
        handler({
          req,
          principal: principal as Principal,
          body: body as B,
          query: query as Q,
          params,
          log: reqLog,
          requestId,
        });
      const idempotent = req.method === "GET" || req.method === "HEAD";
      const out = idempotent ? await withDbRetry(run) : await run();
      const res = out instanceof Response ? out : Response.json(out);
      res.headers.set("x-request-id", requestId);
      return done(res);
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status >= 500) reqLog.error({ err }, err.message);
        return done(err.toResponse(headers));
      }
      if (isConnectionError(err)) {
        // Writes are not retried blindly (the commit may have landed); the caller may retry.
        reqLog.error({ err }, "database unavailable");
        return done(
          new ApiError(503, "database unavailable, retry shortly", { requestId }).toResponse({
            ...headers,
            "retry-after": "2",
          }),
        );
      }
      reqLog.error({ err }, "unhandled error");
      return done(new ApiError(500, "internal error", { requestId }).toResponse(headers));
    }
  };
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: "body" | "query"): T {
  const r = schema.safeParse(value);
  if (!r.success) throw fromZodError(r.error, where);
  return r.data;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function authorize(req: Request, access: Access): Promise<Principal | null> {
  if ("public" in access) return null;
  const principal = await resolvePrincipal(req);
  if (!principal) throw ApiError.unauthorized();
  if (principal.kind === "user") {
    // Cookies ride along on cross-site requests; refuse writes that did not come from our pages.
    if (MUTATING.has(req.method) && !isSameOrigin(req))
      throw ApiError.forbidden("cross-site request refused");
    const ok = access.roles === "any" || (access.roles !== undefined && hasRole(principal, access.roles));
    if (!ok) throw ApiError.forbidden("your role may not do this");
  } else if (!access.scopes || !hasScope(principal, access.scopes)) {
    throw ApiError.forbidden(`this API key lacks the scope: ${access.scopes?.join(" or ") ?? "(user only)"}`);
  }
  return principal;
}
