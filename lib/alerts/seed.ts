import "server-only";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import type { SeedContext } from "@/scripts/seed-context";
import { evaluateOverRange } from "./evaluate";
import { ensureDefaultRules } from "./store";

/** The H200 demo trace's span (recorded 2026-11-26 06:22:27–06:27:48 UTC), with room after it. */
const TRACE_FROM = Date.UTC(2026, 10, 26, 6, 22, 0);
const TRACE_TO = Date.UTC(2026, 10, 26, 6, 29, 0);

/**
 * Default alert rules, then the evaluator stepped through the recorded H200 trace so the demo
 * shows the alerts that really happened then (the power-cap burn) with their data-time start
 * and end. Idempotent: rules insert by slug, and the trace is replayed only when no alert event
 * overlaps it yet.
 */
export async function seed(ctx: SeedContext): Promise<void> {
  const added = await ensureDefaultRules(ctx.handle.db);
  ctx.log(`alerts: ${added} default rules added`);
  const [row] = await queryRows<{ n: number | string }>(
    ctx.handle.db,
    sql`select count(*) as n from alert_events where started_at < ${new Date(TRACE_TO).toISOString()}::timestamptz and coalesce(ended_at, now()) > ${new Date(TRACE_FROM).toISOString()}::timestamptz`,
  );
  if (Number(row?.n ?? 0) > 0) {
    ctx.log("alerts: H200 trace already evaluated");
    return;
  }
  const s = await evaluateOverRange(TRACE_FROM, TRACE_TO, 5000);
  ctx.log(
    `alerts: H200 trace evaluated (${s.opened} opened, ${s.resolved} resolved${s.errors.length ? `, errors: ${s.errors[0]}` : ""})`,
  );
}
