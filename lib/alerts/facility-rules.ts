import "server-only";
import { computePue, nPlusOneNow } from "@/lib/facility/queries";
import type { RuleResult } from "./evaluate";
import type { AlertRule, RuleParams } from "./rules";

/**
 * PUE and N+1 rules, on the facility feature's server queries (lib/facility/queries.ts). When a
 * site reports no facility data the rule is skipped, not "resolved": absence of data is the
 * no-data rule's business.
 */
export async function evaluateFacilityRule(rule: AlertRule, nowMs: number): Promise<RuleResult> {
  if (rule.kind === "pue_above") {
    const p = rule.params as RuleParams["pue_above"];
    const fromMs = nowMs - p.windowHours * 3_600_000;
    const r = await computePue({ fromMs, toMs: nowMs });
    if (r.pue === null) return "skip";
    if (r.pue <= p.target) return { findings: [] };
    return {
      findings: [
        {
          subject: "",
          labels: {},
          // The breach is a property of the trailing window: it starts when first seen.
          startedAtMs: nowMs,
          value: r.pue,
          summary: `PUE ${r.pue.toFixed(3)} over the last ${p.windowHours} h (facility ÷ IT energy, ${r.categoryLabel}${r.simulated ? ", simulated facility data" : ""}) is above the ${p.target} target`,
        },
      ],
    };
  }
  if (rule.kind === "n_plus_one_lost") {
    const loops = await nPlusOneNow({ atMs: nowMs });
    const known = loops.filter((l) => l.status.state !== "unknown" && l.atMs !== null);
    if (known.length === 0) return "skip";
    return {
      findings: known
        .filter((l) => l.status.state === "lost" || l.status.state === "insufficient")
        .map((l) => {
          const span = l.lostSpans.at(-1);
          const labels: Record<string, string> = { loop: l.loop, ...(l.site ? { site: l.site } : {}) };
          return {
            subject: `loop=${l.loop},site=${l.site ?? ""}`,
            labels,
            startedAtMs: span?.startMs ?? l.atMs ?? nowMs,
            value: l.status.spare,
            summary: `${l.label}: N+1 ${l.status.state} — ${l.status.healthy} healthy of ${l.status.installed} units, ${l.status.needed} needed for the load`,
          };
        }),
    };
  }
  return "skip";
}
