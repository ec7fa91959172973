import { actorOf } from "@/lib/audit/actors";
import { apiRoute } from "@/lib/http/route";
import { createApiKeyAudited, listApiKeyViews } from "@/lib/platform/admin";
import { createApiKeyBody } from "./schema";

/** Machine keys: admins only, by session (a key cannot mint keys). */
export const GET = apiRoute({ access: { roles: ["admin"] } }, async () => ({
  keys: await listApiKeyViews(),
}));

/** Creates a key; the response carries the token, the only time it is ever shown. */
export const POST = apiRoute(
  { access: { roles: ["admin"] }, body: createApiKeyBody, maxBodyBytes: 32 * 1024 },
  async ({ body, principal, log }) => {
    const created = await createApiKeyAudited(body, actorOf(principal));
    log.info(
      { event: "apikey_created", keyId: created.key.id, scopes: created.key.scopes },
      "API key created",
    );
    return Response.json(created, { status: 201, headers: { "cache-control": "no-store" } });
  },
);
