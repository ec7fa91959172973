import { explainActionById } from "@/lib/audit/service";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";

/** The five questions about one action, answered from its audit events. */
export const GET = apiRoute<undefined, undefined, { id: string }>(
  { access: { roles: ["admin", "auditor"] } },
  async ({ params }) => {
    const x = await explainActionById(params.id);
    if (!x.found) throw ApiError.notFound("no audit events for this action");
    return x;
  },
);
