import { PAGE_ROLES } from "@/lib/auth/page";
import { apiRoute } from "@/lib/http/route";
import { windowFromParams } from "@/lib/roi/inputs";
import { getOverviewData } from "@/lib/roi/service";
import { periodQuery } from "./schema";

/** The overview's KPI cards (value, previous period, change, sparkline) and "what changed". */
export const GET = apiRoute(
  { access: { roles: PAGE_ROLES.overview, scopes: ["read"] }, query: periodQuery },
  async ({ query }) => {
    const data = await getOverviewData(windowFromParams(query));
    return Response.json(data, { headers: { "cache-control": "no-store" } });
  },
);
