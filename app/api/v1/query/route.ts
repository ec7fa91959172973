import { fromZodError } from "@/lib/http/errors";
import { READ_ACCESS, telemetryRoute } from "@/lib/telemetry/http";
import { type QueryAgg, queryMetric } from "@/lib/telemetry/query";
import { querySchema } from "./schema";

/** GET ?metric=&from=&to=&step=&agg=&by=a,b&match[label]=value → {metric, unit, series}. */
export const GET = telemetryRoute("query", READ_ACCESS, async ({ req }) => {
  const params = new URL(req.url).searchParams;
  const plain: Record<string, string> = {};
  const match: Record<string, string> = {};
  for (const [k, v] of params) {
    const m = /^match\[(.+)\]$/.exec(k);
    if (m) match[m[1]!] = v;
    else plain[k] = v;
  }
  const q = querySchema.safeParse(plain);
  if (!q.success) throw fromZodError(q.error, "query");
  const { metric, from, to, step, agg, by } = q.data;
  return queryMetric({ metric, fromMs: from, toMs: to, stepMs: step, agg: agg as QueryAgg, by, match });
});
