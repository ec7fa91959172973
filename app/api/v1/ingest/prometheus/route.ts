import { INGEST_ACCESS, readIngestText, requireMediaType, telemetryRoute } from "@/lib/telemetry/http";
import { ingestExposition } from "@/lib/telemetry/ingest";

/** Prometheus text 0.0.4 (text/plain) or OpenMetrics 1.0 (application/openmetrics-text), whole body or nothing. */
export const POST = telemetryRoute("prometheus", INGEST_ACCESS, async ({ req }) => {
  const type = requireMediaType(req, ["text/plain", "application/openmetrics-text"]);
  const text = await readIngestText(req);
  const r = await ingestExposition(text, type === "text/plain" ? "prometheus" : "openmetrics");
  return { accepted: r.accepted };
});
