import { PAGE_ROLES } from "@/lib/auth/page";
import { apiRoute } from "@/lib/http/route";
import { windowFromParams } from "@/lib/roi/inputs";
import { getRoiPageData } from "@/lib/roi/service";
import { periodQuery } from "./schema";

/** ROI per initiative and horizon for a period, with the computation behind every figure. */
export const GET = apiRoute(
  { access: { roles: PAGE_ROLES.roi, scopes: ["read"] }, query: periodQuery },
  async ({ query }) => {
    const data = await getRoiPageData(windowFromParams(query));
    return Response.json(data, { headers: { "cache-control": "no-store" } });
  },
);
