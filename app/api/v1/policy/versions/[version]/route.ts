import { getPolicyVersion } from "@/lib/governance/policy-store";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";

/** One stored version's full text (the audit replay and the editor's history use it). */
export const GET = apiRoute<undefined, undefined, { version: string }>(
  { access: { roles: ["admin", "auditor"], scopes: ["read"] } },
  async ({ params }) => {
    const n = Number(params.version);
    const v = Number.isInteger(n) && n > 0 ? await getPolicyVersion(n) : null;
    if (!v) throw ApiError.notFound("no such policy version");
    return { version: v.version, yaml: v.yaml, note: v.note, created_at: v.createdAt };
  },
);
