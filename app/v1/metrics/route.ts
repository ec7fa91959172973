import { mediaType } from "@/lib/http/body";
import { ApiError } from "@/lib/http/errors";
import { INGEST_ACCESS, readIngestJson, telemetryRoute } from "@/lib/telemetry/http";
import { ingestOtlp } from "@/lib/telemetry/ingest";
import { OTLP_RAW_KEYS } from "@/lib/telemetry/parsers/otlp";

/**
 * OTLP/HTTP metrics, JSON encoding (the collector's `otlphttp` exporter with `encoding: json`).
 * Broken data points are dropped alone and reported as OTLP partialSuccess; good ones are stored.
 * Protobuf is not accepted (415): configure the exporter for JSON.
 */
export const POST = telemetryRoute("otlp", INGEST_ACCESS, async ({ req }) => {
  const type = mediaType(req);
  if (type === "application/x-protobuf")
    throw ApiError.unsupportedMediaType(
      "OTLP protobuf is not supported; send application/json (OTLP/JSON encoding)",
    );
  if (type !== "application/json")
    throw ApiError.unsupportedMediaType("Content-Type must be application/json");
  const r = await ingestOtlp(await readIngestJson(req, OTLP_RAW_KEYS));
  if (!r.rejected) return {};
  return { partialSuccess: { rejectedDataPoints: String(r.rejected), errorMessage: r.errors.join("; ") } };
});
