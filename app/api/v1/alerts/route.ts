import { listEvents } from "@/lib/alerts/store";
import { apiRoute } from "@/lib/http/route";
import { type AlertsQuery, alertsQuery } from "./schema";

/** Alert events (banner: state=firing; list and markers: a time range). */
export const GET = apiRoute<undefined, AlertsQuery>(
  { access: { roles: "any", scopes: ["read"] }, query: alertsQuery },
  async ({ query }) => ({
    alerts: await listEvents({ state: query.state, fromMs: query.from, toMs: query.to, limit: query.limit }),
  }),
);
