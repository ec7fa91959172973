import { ApiError, fromZodError } from "@/lib/http/errors";
import { INGEST_ACCESS, readIngestText, requireMediaType, telemetryRoute } from "@/lib/telemetry/http";
import { ingestNvidiaSmi } from "@/lib/telemetry/ingest";
import { nvidiaSmiQuery } from "./schema";

/** nvidia-smi --query-gpu … --format=csv output; `?host=NAME&tz=UTC[&fields=a,b]`. */
export const POST = telemetryRoute("nvidia-smi", INGEST_ACCESS, async ({ req }) => {
  const q = nvidiaSmiQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) throw fromZodError(q.error, "query");
  requireMediaType(req, ["text/csv", "text/plain"]);
  const text = await readIngestText(req);
  if (!text.trim()) throw ApiError.badRequest("empty body");
  const r = await ingestNvidiaSmi(text, q.data);
  return { accepted: r.accepted };
});
