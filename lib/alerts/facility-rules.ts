import "server-only";
import type { RuleResult } from "./evaluate";
import type { AlertRule } from "./rules";

/**
 * PUE and N+1 rules read the facility feature's server queries. Until a site reports facility
 * data the rules are skipped (not "resolved"): absence of data is the no-data rule's business.
 */
export async function evaluateFacilityRule(_rule: AlertRule, _nowMs: number): Promise<RuleResult> {
  return "skip";
}
