import { PAGE_ROLES } from "@/lib/auth/page";
import { facilitySummary, latestFacilityDataMs } from "@/lib/facility/queries";
import { apiRoute } from "@/lib/http/route";
import { summaryQuery } from "./schema";

/** PUE (energy ratio + metering category), ERE/ERF, WUE and N+1 per cooling loop for a period. */
export const GET = apiRoute(
  { access: { roles: PAGE_ROLES.facility, scopes: ["read"] }, query: summaryQuery },
  async ({ query }) => {
    const data = await facilitySummary({ fromMs: query.from, toMs: query.to, site: query.site });
    // Nothing in the period: tell the page where the latest data is, so it can offer to jump there.
    const latestDataMs =
      data.pue.pue === null ? await latestFacilityDataMs({ nowMs: Date.now(), site: query.site }) : null;
    return Response.json({ ...data, latestDataMs }, { headers: { "cache-control": "no-store" } });
  },
);
