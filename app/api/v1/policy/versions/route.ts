import { listPolicyVersions } from "@/lib/governance/policy-store";
import { apiRoute } from "@/lib/http/route";

/** Every policy version ever saved (newest first). */
export const GET = apiRoute({ access: { roles: ["admin", "auditor"], scopes: ["read"] } }, async () => ({
  versions: await listPolicyVersions(),
}));
