import { signingKey } from "@/lib/audit/keys";
import { trailStatus } from "@/lib/audit/queries";
import { apiRoute } from "@/lib/http/route";

/** Head of the chain, the latest checkpoint and the signing key id. */
export const GET = apiRoute({ access: { roles: ["admin", "auditor"] } }, async () => {
  const key = signingKey();
  return { ...(await trailStatus()), key: { id: key.keyId, public_pem: key.publicPem } };
});
