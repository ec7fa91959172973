import "server-only";
import { type Executor, getDb } from "@/lib/db/client";
import { FORMAT_VERSION } from "./chain";
import { signingKey, trustedPublicKeys } from "./keys";
import { allCheckpoints, eventsAfter } from "./rows";
import { sealPendingEvents } from "./seal";
import { publicKeyPem } from "./signing";

export type ExportRange = { fromSeq?: number; toSeq?: number };

/**
 * The trail as JSON Lines (docs/audit-format.md): a header line, then every event in seq order
 * with its hashes, each checkpoint right after the event it covers. Generated page by page so a
 * large trail streams without being held in memory.
 */
export async function* exportAuditTrail(range: ExportRange = {}, db?: Executor): AsyncGenerator<string> {
  const conn = db ?? (await getDb());
  await sealPendingEvents(conn);
  const fromSeq = Math.max(1, range.fromSeq ?? 1);
  const keys = trustedPublicKeys();
  const checkpoints = (await allCheckpoints(conn)).filter(
    (c) => c.seq >= fromSeq && (range.toSeq === undefined || c.seq <= range.toSeq),
  );
  yield `${JSON.stringify({
    kind: "header",
    format: "afc-audit-export",
    v: FORMAT_VERSION,
    exported_at: new Date().toISOString(),
    from_seq: fromSeq,
    to_seq: range.toSeq ?? null,
    hash: "sha256 over RFC 8785 canonical JSON; see docs/audit-format.md",
    signing_key_id: signingKey().keyId,
    public_keys: [...keys].map(([keyId, key]) => ({ key_id: keyId, pem: publicKeyPem(key) })),
  })}\n`;
  let cpIndex = 0;
  let after = fromSeq - 1;
  for (;;) {
    const page = await eventsAfter(conn, after, 5000, range.toSeq);
    if (page.length === 0) break;
    let chunk = "";
    for (const e of page) {
      chunk += `${JSON.stringify({ kind: "event", ...e })}\n`;
      while (cpIndex < checkpoints.length && checkpoints[cpIndex]!.seq <= e.seq) {
        chunk += `${JSON.stringify({ kind: "checkpoint", ...checkpoints[cpIndex++]! })}\n`;
      }
    }
    yield chunk;
    after = page.at(-1)!.seq;
  }
  // Checkpoints beyond the last exported event (their events are gone): a verifier must see them.
  while (cpIndex < checkpoints.length)
    yield `${JSON.stringify({ kind: "checkpoint", ...checkpoints[cpIndex++]! })}\n`;
}
