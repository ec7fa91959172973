import { actorOf } from "@/lib/audit/actors";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { revokeApiKeyAudited } from "@/lib/platform/admin";
import { keyIdParams } from "./schema";

/** Revokes a key: requests with it are refused from now on. Admins only, by session. */
export const DELETE = apiRoute<undefined, undefined, { id: string }>(
  { access: { roles: ["admin"] } },
  async ({ params, principal, log }) => {
    const parsed = keyIdParams.safeParse(params);
    if (!parsed.success) throw ApiError.notFound("no such API key");
    const revoked = await revokeApiKeyAudited(parsed.data.id, actorOf(principal));
    if (!revoked) throw ApiError.notFound("no such active API key");
    log.info({ event: "apikey_revoked", keyId: revoked.id }, "API key revoked");
    return { revoked };
  },
);
