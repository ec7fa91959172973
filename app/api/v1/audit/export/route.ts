import { actorOf } from "@/lib/audit/actors";
import { appendAuditEvent } from "@/lib/audit/append";
import { exportAuditTrail } from "@/lib/audit/export";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/route";
import { type ExportQuery, exportQuery } from "./schema";

/** The trail as JSON Lines (streamed), with hashes and checkpoints: verify with tools/verify-audit.py. */
export const GET = apiRoute<undefined, ExportQuery>(
  { access: { roles: ["admin", "auditor"] }, query: exportQuery },
  async ({ query, principal }) => {
    // Recorded first, so the export itself contains the record of who exported it.
    await appendAuditEvent(await getDb(), {
      type: "audit.exported",
      actor: actorOf(principal),
      payload: { fromSeq: query.from_seq ?? 1, toSeq: query.to_seq ?? null },
    });
    const lines = exportAuditTrail({ fromSeq: query.from_seq, toSeq: query.to_seq });
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await lines.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    return new Response(stream, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="audit-export-${stamp}.jsonl"`,
        "cache-control": "no-store",
      },
    });
  },
);
