import { signingKey } from "@/lib/audit/keys";
import { apiRoute } from "@/lib/http/route";

/** The checkpoint signing public key (PEM) for outside verifiers. */
export const GET = apiRoute({ access: { roles: ["admin", "auditor"] } }, async () => {
  const key = signingKey();
  return new Response(key.publicPem, {
    headers: {
      "content-type": "application/x-pem-file",
      "content-disposition": `attachment; filename="audit-public-key-${key.keyId}.pem"`,
      "x-key-id": key.keyId,
    },
  });
});
