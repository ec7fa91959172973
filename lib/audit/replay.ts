import "server-only";
import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/lib/db/client";
import { type ChainEvent, hashEvent } from "./chain";
import { auditEventsForAction } from "./queries";
import { type ReplayOutcome, replayStoredDecision } from "./replay-core";
import { selectEvents } from "./rows";

export type ReplayResult = ReplayOutcome & {
  actionId: string;
  decisionSeq: number | null;
  /** Where the policy text came from: the hash-chained audit event (preferred) or the versions table. */
  policySource: "audit_trail" | "policy_versions" | null;
  warnings: string[];
};

async function policyTextFromTrail(version: number): Promise<ChainEvent | null> {
  const db = await getDb();
  const [e] = await selectEvents(
    db,
    sql`type = 'policy.version_created' and (payload->>'version')::int = ${version}`,
    sql`order by seq limit 1`,
  );
  return e ?? null;
}

async function policyTextFromTable(
  version: number | "current",
): Promise<{ version: number; yaml: string } | null> {
  const db = await getDb();
  const where = version === "current" ? sql`true` : sql`version = ${version}`;
  const [row] = await queryRows<{ version: number; yaml: string }>(
    db,
    sql`select version, yaml from policy_versions where ${where} order by version desc limit 1`,
  );
  return row ? { version: Number(row.version), yaml: row.yaml } : null;
}

/** Re-evaluates an action's stored policy decision. Reads only; never calls an agent. */
export async function replayAction(actionId: string): Promise<ReplayResult | null> {
  const events = await auditEventsForAction(actionId);
  if (events.length === 0) return null;
  const warnings: string[] = [];
  const decided = events.find((e) => e.type === "action.policy_decided");
  if (decided && hashEvent(decided) !== decided.hash)
    warnings.push(`the stored decision (event ${decided.seq}) no longer matches its hash: run Verify`);
  const payload = (decided?.payload ?? {}) as { policyVersion?: number };
  const version = typeof payload.policyVersion === "number" ? payload.policyVersion : null;

  let policyYaml: string | null = null;
  let policySource: ReplayResult["policySource"] = null;
  if (version !== null) {
    const fromTrail = await policyTextFromTrail(version);
    const fromTable = await policyTextFromTable(version);
    const trailYaml = (fromTrail?.payload as { yaml?: unknown } | undefined)?.yaml;
    if (typeof trailYaml === "string") {
      policyYaml = trailYaml;
      policySource = "audit_trail";
      if (fromTrail && hashEvent(fromTrail) !== fromTrail.hash)
        warnings.push(`the policy version event ${fromTrail.seq} no longer matches its hash`);
      if (fromTable && fromTable.yaml !== trailYaml)
        warnings.push(
          `policy_versions row ${version} differs from the text recorded in the audit trail (the trail's text was used)`,
        );
    } else if (fromTable) {
      policyYaml = fromTable.yaml;
      policySource = "policy_versions";
      warnings.push(
        `policy version ${version} is not in the audit trail; the policy_versions table was used`,
      );
    }
  }
  const current = await policyTextFromTable("current");
  const outcome = replayStoredDecision({
    decisionPayload: decided?.payload ?? null,
    maskedPaths: decided?.masked_paths ?? [],
    policyYaml,
    current,
  });
  return { ...outcome, actionId, decisionSeq: decided?.seq ?? null, policySource, warnings };
}
