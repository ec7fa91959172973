import { queryToFilter } from "@/lib/audit/filters";
import { listAuditEvents } from "@/lib/audit/queries";
import { apiRoute } from "@/lib/http/route";
import { type AuditListQuery, auditListQuery } from "./schema";

/** The audit timeline, newest first, paged by `before` (the `next_before` of the previous page). */
export const GET = apiRoute<undefined, AuditListQuery>(
  { access: { roles: ["admin", "auditor"] }, query: auditListQuery },
  async ({ query }) => {
    const page = await listAuditEvents(queryToFilter(query));
    return { events: page.events, next_before: page.nextBeforeSeq };
  },
);
