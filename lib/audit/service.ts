import "server-only";
import { getDb } from "@/lib/db/client";
import { type AuditActor, appendAuditEvent } from "./append";
import { type Explanation, explainAction } from "./explain";
import { auditEventsForAction, checkpointCovering } from "./queries";
import { type ReplayResult, replayAction } from "./replay";
import { type TrailVerification, verifyAuditTrail } from "./verify";

/**
 * What the routes, pages and CLI call. Verifications and replays are themselves recorded in the
 * trail (who checked what, and the verdict), after the check so they never influence it.
 */
export async function verifyAndRecord(actor: AuditActor): Promise<TrailVerification> {
  const report = await verifyAuditTrail();
  const db = await getDb();
  await appendAuditEvent(db, {
    type: "audit.verified",
    actor,
    payload: {
      ok: report.ok,
      eventsChecked: report.eventsChecked,
      checkpointsChecked: report.checkpointsChecked,
      lastSeq: report.lastSeq,
      failure: report.failure,
    },
  });
  return report;
}

export async function replayAndRecord(actionId: string, actor: AuditActor): Promise<ReplayResult | null> {
  const result = await replayAction(actionId);
  if (!result) return null;
  const db = await getDb();
  await appendAuditEvent(db, {
    type: "audit.replayed",
    actor,
    actionId,
    payload: {
      verdict: result.verdict,
      policyVersion: result.policyVersion,
      differences: result.differences.map((d) => d.field),
    },
  });
  return result;
}

export async function explainActionById(actionId: string): Promise<Explanation> {
  const events = await auditEventsForAction(actionId);
  const last = events.at(-1);
  return explainAction(actionId, events, last ? await checkpointCovering(last.seq) : null);
}
