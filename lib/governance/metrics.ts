import "server-only";
import { violationCounts } from "./violations";

/**
 * Boundary-violation counts for the console's own /metrics, exported as the counter
 * `ai_autonomy_boundary_violations{agent,category,cause}` (all-time totals, so monotonic).
 */
export async function violationCountsForMetrics(): Promise<
  { agent: string; category: string; cause: string; count: number }[]
> {
  const rows = await violationCounts();
  return rows.map((r) => ({ agent: r.agent, category: r.category, cause: r.cause, count: Number(r.count) }));
}
