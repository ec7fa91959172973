import { actorOf } from "@/lib/audit/actors";
import { replayAndRecord } from "@/lib/audit/service";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";

/**
 * Re-evaluates the stored decision with the stored policy version and inputs (pure; no agent or
 * tool is called) and shows what the current policy would decide. POST because the replay is
 * recorded in the trail.
 */
export const POST = apiRoute<undefined, undefined, { id: string }>(
  { access: { roles: ["admin", "auditor"] } },
  async ({ params, principal }) => {
    const r = await replayAndRecord(params.id, actorOf(principal));
    if (!r) throw ApiError.notFound("no audit events for this action");
    return r;
  },
);
