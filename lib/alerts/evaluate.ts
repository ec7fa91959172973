import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { mergeHistograms, quantileFromBuckets } from "@/components/charts/prepare/histogram";
import { throttleWindows } from "@/components/charts/prepare/throttling";
import { type Labels, labelKey } from "@/components/charts/prepare/types";
import { type Executor, getDb, queryRows } from "@/lib/db/client";
import { alertDeliveries, alertEvents } from "@/lib/db/schema";
import type { QueryFn } from "@/lib/sre/panels";
import { histogramsFromBuckets } from "@/lib/sre/prepare-inference";
import { queryMetric } from "@/lib/telemetry/query";
import { currentRun, hasBit, heldFor, lastSeenMs } from "./conditions";
import { evaluateFacilityRule } from "./facility-rules";
import { type AlertRule, describeRule, type RuleParams } from "./rules";
import { getGpuTemperatureThreshold, getWebhookConfig } from "./settings";
import { listRules } from "./store";

/** What a rule found at one instant: a subject in breach, since when (data time), how bad. */
export type Finding = {
  subject: string;
  labels: Labels;
  startedAtMs: number;
  value: number | null;
  summary: string;
};
/** Findings, plus (optionally) when subjects that no longer breach actually recovered. */
export type RuleResult = { findings: Finding[]; recoveredAtMs?: Map<string, number> } | "skip";

const GPU_BY = ["host", "gpu", "uuid"];
const CLOCK_BITS: Record<string, number> = {
  sw_power_cap: 0x4,
  hw_slowdown: 0x8,
  sw_thermal: 0x20,
  hw_thermal: 0x40,
  hw_power_brake: 0x80,
};

type Ctx = { nowMs: number; gpuThresholdC: number; query: QueryFn };

const defaultQuery: QueryFn = (q) => queryMetric(q) as ReturnType<QueryFn>;

async function gpuTemperature(p: RuleParams["gpu_temperature_above"], ctx: Ctx): Promise<RuleResult> {
  const threshold = p.thresholdCelsius ?? ctx.gpuThresholdC;
  const forMs = p.forMinutes * 60_000;
  const stepMs = 15_000;
  // min per step: "above for N minutes" means every sample above, so the coolest sample decides.
  const res = await ctx.query({
    metric: "gpu_temperature_celsius",
    fromMs: ctx.nowMs - forMs - 5 * 60_000,
    toMs: ctx.nowMs,
    stepMs,
    agg: "min",
    by: GPU_BY,
  });
  const findings: Finding[] = [];
  for (const s of res.series) {
    const run = currentRun(s.points, (v) => v > threshold, {
      nowMs: ctx.nowMs,
      maxStaleMs: 2 * stepMs + 30_000,
      maxGapMs: 3 * stepMs,
    });
    if (run && heldFor(run, forMs, stepMs))
      findings.push({
        subject: labelKey(s.labels),
        labels: s.labels,
        startedAtMs: run.startMs,
        value: run.peak,
        summary: `GPU ${s.labels.host ?? "?"}/${s.labels.gpu ?? "?"} has stayed above ${threshold} °C for ${p.forMinutes} min or more`,
      });
  }
  return { findings };
}

async function gpuThrottling(p: RuleParams["gpu_throttling"], ctx: Ctx): Promise<RuleResult> {
  const bit = CLOCK_BITS[p.reason]!;
  const forMs = p.forSeconds * 1000;
  const stepMs = 1000;
  const res = await ctx.query({
    metric: "gpu_clock_event_reasons",
    fromMs: ctx.nowMs - forMs - 120_000,
    toMs: ctx.nowMs,
    stepMs,
    agg: "max",
    by: GPU_BY,
  });
  const findings: Finding[] = [];
  const recoveredAtMs = new Map<string, number>();
  for (const s of res.series) {
    const subject = labelKey(s.labels);
    const run = currentRun(s.points, (v) => hasBit(v, bit), {
      nowMs: ctx.nowMs,
      maxStaleMs: 30_000,
      maxGapMs: 5_000,
    });
    if (run && heldFor(run, forMs, stepMs)) {
      findings.push({
        subject,
        labels: s.labels,
        startedAtMs: run.startMs,
        value: (run.lastMs - run.startMs + stepMs) / 1000,
        summary: `GPU ${s.labels.host ?? "?"}/${s.labels.gpu ?? "?"} throttled by ${p.reason} for ${Math.round((run.lastMs - run.startMs + stepMs) / 1000)} s`,
      });
    } else {
      // The GPU recovered when its last window of this reason closed (data time, not job time).
      const last = throttleWindows(s.points)
        .filter((w) => w.reason === p.reason)
        .at(-1);
      if (last) recoveredAtMs.set(subject, last.endMs);
    }
  }
  return { findings, recoveredAtMs };
}

async function latencyP95(p: RuleParams["latency_p95_above"], ctx: Ctx): Promise<RuleResult> {
  const forMs = p.forMinutes * 60_000;
  // Bucket increases at a sub-minute step read raw points from exactly now − window (whole-minute
  // steps would be served by rollups whose buckets reach past the window's edges).
  const stepMs = forMs / 5000 <= 2000 ? 5000 : 59_000;
  const res = await ctx.query({
    metric: "inference_request_duration_seconds_bucket",
    fromMs: ctx.nowMs - forMs,
    toMs: ctx.nowMs,
    stepMs,
    agg: "increase",
    by: ["model", "le"],
  });
  const byModel = new Map<string, typeof res.series>();
  for (const s of res.series) {
    const model = s.labels.model ?? "";
    byModel.set(model, [...(byModel.get(model) ?? []), s]);
  }
  const findings: Finding[] = [];
  for (const [model, series] of byModel) {
    const merged = mergeHistograms(histogramsFromBuckets({ series }).map((x) => x.histogram));
    const p95 = merged ? quantileFromBuckets(merged, 0.95) : null;
    if (p95 !== null && p95 > p.sloSeconds)
      findings.push({
        subject: labelKey({ model }),
        labels: { model },
        startedAtMs: ctx.nowMs - forMs,
        value: p95,
        summary: `p95 latency of ${model || "all models"} is ${p95.toFixed(2)} s over the last ${p.forMinutes} min (SLO ${p.sloSeconds} s)`,
      });
  }
  return { findings };
}

async function noData(p: RuleParams["no_data"], ctx: Ctx): Promise<RuleResult> {
  const forMs = p.forMinutes * 60_000;
  const stepMs = Math.max(60_000, Math.min(forMs, 3_600_000));
  const res = await ctx.query({
    metric: p.metric,
    fromMs: ctx.nowMs - p.lookbackHours * 3_600_000,
    toMs: ctx.nowMs,
    stepMs,
    agg: "last",
    by: [p.by],
  });
  const findings: Finding[] = [];
  for (const s of res.series) {
    const seen = lastSeenMs(s.points);
    if (seen === null) continue;
    const lastPossible = seen + stepMs; // a bucket's stamp is its start; the sample may be as late as its end
    if (ctx.nowMs - lastPossible > forMs)
      findings.push({
        subject: labelKey(s.labels),
        labels: s.labels,
        startedAtMs: lastPossible,
        value: (ctx.nowMs - lastPossible) / 60_000,
        summary: `no ${p.metric} from ${p.by} ${s.labels[p.by] ?? "?"} (${p.sourceName}) since ${new Date(lastPossible).toISOString()}`,
      });
  }
  return { findings };
}

/** Runs one rule at `nowMs`. "skip" = cannot judge now (source unavailable): leave events as they are. */
export async function evaluateRule(rule: AlertRule, ctx: Ctx): Promise<RuleResult> {
  switch (rule.kind) {
    case "gpu_temperature_above":
      return gpuTemperature(rule.params as RuleParams["gpu_temperature_above"], ctx);
    case "gpu_throttling":
      return gpuThrottling(rule.params as RuleParams["gpu_throttling"], ctx);
    case "latency_p95_above":
      return latencyP95(rule.params as RuleParams["latency_p95_above"], ctx);
    case "no_data":
      return noData(rule.params as RuleParams["no_data"], ctx);
    case "pue_above":
    case "n_plus_one_lost":
      return evaluateFacilityRule(rule, ctx.nowMs);
  }
}

export type EvaluationSummary = {
  evaluated: number;
  opened: number;
  resolved: number;
  skipped: number;
  errors: string[];
};

/**
 * Evaluates every rule at `nowMs` and reconciles alert events: opens one per new breach, keeps
 * open ones updated, closes those that recovered (and every event of a disabled rule). Safe with
 * several instances: one open event per rule and subject is enforced by a partial unique index,
 * and closing is a conditional update, so a transition (and its webhook) happens exactly once.
 */
export async function evaluateAlerts(
  opts: { nowMs?: number; query?: QueryFn } = {},
): Promise<EvaluationSummary> {
  const nowMs = opts.nowMs ?? Date.now();
  const db = await getDb();
  const [rules, gpuThresholdC, webhook] = await Promise.all([
    listRules(db),
    getGpuTemperatureThreshold(db),
    getWebhookConfig(db),
  ]);
  const summary: EvaluationSummary = { evaluated: 0, opened: 0, resolved: 0, skipped: 0, errors: [] };
  for (const rule of rules) {
    let result: RuleResult;
    if (!rule.enabled) result = { findings: [] };
    else {
      try {
        result = await evaluateRule(rule, { nowMs, gpuThresholdC, query: opts.query ?? defaultQuery });
      } catch (err) {
        summary.errors.push(`${rule.slug}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
    }
    if (result === "skip") {
      summary.skipped++;
      continue;
    }
    summary.evaluated++;
    const r = await reconcile(db, rule, result, nowMs, webhook?.enabled === true, gpuThresholdC);
    summary.opened += r.opened;
    summary.resolved += r.resolved;
  }
  return summary;
}

async function reconcile(
  db: Executor,
  rule: AlertRule,
  result: Exclude<RuleResult, "skip">,
  nowMs: number,
  notify: boolean,
  gpuThresholdC: number,
): Promise<{ opened: number; resolved: number }> {
  const now = new Date(nowMs);
  let opened = 0;
  let resolved = 0;
  await db.transaction(async (tx) => {
    for (const f of result.findings) {
      // Insert, or refresh the open event; `inserted` tells a new firing from an ongoing one.
      const rows = await queryRows<{ id: string; inserted: boolean }>(
        tx,
        sql`insert into ${alertEvents} (rule_id, subject, labels, severity, summary, started_at, value, peak_value, last_evaluated_at)
            values (${rule.id}, ${f.subject}, ${JSON.stringify(f.labels)}::jsonb, ${rule.severity}, ${f.summary},
                    ${new Date(f.startedAtMs).toISOString()}::timestamptz, ${f.value}, ${f.value}, ${now.toISOString()}::timestamptz)
            on conflict (rule_id, subject) where ended_at is null do update
              set value = excluded.value,
                  summary = excluded.summary,
                  peak_value = greatest(${alertEvents.peakValue}, excluded.value),
                  last_evaluated_at = excluded.last_evaluated_at
            returning id, (xmax = 0) as inserted`,
      );
      const row = rows[0];
      if (row?.inserted) {
        opened++;
        if (notify) await enqueue(tx, row.id, "firing", rule, f, null, gpuThresholdC);
      }
    }
    const firing = new Set(result.findings.map((f) => f.subject));
    const open = await tx
      .select()
      .from(alertEvents)
      .where(and(eq(alertEvents.ruleId, rule.id), isNull(alertEvents.endedAt)));
    for (const ev of open) {
      if (firing.has(ev.subject)) continue;
      const recovered = result.recoveredAtMs?.get(ev.subject);
      // Never end before it started nor after now.
      const endMs = Math.min(nowMs, Math.max(ev.startedAt.getTime(), recovered ?? nowMs));
      const [closed] = await tx
        .update(alertEvents)
        .set({ endedAt: new Date(endMs), lastEvaluatedAt: now })
        .where(and(eq(alertEvents.id, ev.id), isNull(alertEvents.endedAt)))
        .returning();
      if (closed) {
        resolved++;
        if (notify)
          await enqueue(
            tx,
            closed.id,
            "resolved",
            rule,
            {
              subject: closed.subject,
              labels: closed.labels,
              startedAtMs: closed.startedAt.getTime(),
              value: closed.value,
              summary: closed.summary,
            },
            endMs,
            gpuThresholdC,
          );
      }
    }
  });
  return { opened, resolved };
}

async function enqueue(
  tx: Executor,
  eventId: string,
  transition: "firing" | "resolved",
  rule: AlertRule,
  f: Finding,
  endedAtMs: number | null,
  gpuThresholdC: number,
) {
  const payload = {
    type: `alert.${transition}`,
    alert: {
      id: eventId,
      rule: {
        id: rule.id,
        slug: rule.slug,
        name: rule.name,
        kind: rule.kind,
        condition: describeRule(rule, gpuThresholdC),
      },
      severity: rule.severity,
      subject: f.subject,
      labels: f.labels,
      summary: f.summary,
      value: f.value,
      startedAt: new Date(f.startedAtMs).toISOString(),
      endedAt: endedAtMs === null ? null : new Date(endedAtMs).toISOString(),
    },
  };
  await tx.insert(alertDeliveries).values({ eventId, transition, payload });
}

/** Steps the evaluator through a past period (demo seeding, tests): events get data-time starts and ends. */
export async function evaluateOverRange(
  fromMs: number,
  toMs: number,
  stepMs: number,
  query?: QueryFn,
): Promise<EvaluationSummary> {
  const total: EvaluationSummary = { evaluated: 0, opened: 0, resolved: 0, skipped: 0, errors: [] };
  for (let t = fromMs; t <= toMs; t += stepMs) {
    const s = await evaluateAlerts({ nowMs: t, query });
    total.evaluated += s.evaluated;
    total.opened += s.opened;
    total.resolved += s.resolved;
    total.skipped += s.skipped;
    total.errors.push(...s.errors);
  }
  return total;
}
