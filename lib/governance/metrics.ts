import "server-only";

/** Boundary-violation counts for the console's own /metrics (stub until governance lands). */
export async function violationCountsForMetrics(): Promise<
  { agent: string; category: string; cause: string; count: number }[]
> {
  return [];
}
