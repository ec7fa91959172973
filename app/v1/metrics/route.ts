import { mediaType } from "@/lib/http/body";
import { ApiError } from "@/lib/http/errors";
import { INGEST_ACCESS, readIngestBytes, readIngestJson, telemetryRoute } from "@/lib/telemetry/http";
import { parseOtlpBody, writeOtlp } from "@/lib/telemetry/ingest";
import { OTLP_RAW_KEYS } from "@/lib/telemetry/parsers/otlp";
import {
  decodeOtlpMetrics,
  encodeExportResponse,
  PROTOBUF_TYPE,
  protobufErrorResponse,
} from "@/lib/telemetry/parsers/otlp-protobuf";

/**
 * OTLP/HTTP metrics in either encoding: protobuf (`application/x-protobuf`, the collector's
 * `otlphttp` default) or JSON (`encoding: json`). Both become one OTLP/JSON object, so they are
 * read alike. Broken data points are dropped alone and reported as OTLP partialSuccess; good ones
 * are stored. A protobuf request gets protobuf back: ExportMetricsServiceResponse, or on errors a
 * google.rpc.Status with the same HTTP status.
 */
const handle = telemetryRoute("otlp", INGEST_ACCESS, async ({ req }) => {
  const type = mediaType(req);
  if (type === PROTOBUF_TYPE) {
    const r = await writeOtlp(await parseOtlpBody(async () => decodeOtlpMetrics(await readIngestBytes(req))));
    const body = encodeExportResponse(r.rejected, r.errors.join("; "));
    return new Response(body, { headers: { "content-type": PROTOBUF_TYPE } });
  }
  if (type !== "application/json")
    throw ApiError.unsupportedMediaType(`Content-Type must be application/json or ${PROTOBUF_TYPE}`);
  const r = await writeOtlp(await parseOtlpBody(() => readIngestJson(req, OTLP_RAW_KEYS)));
  if (!r.rejected) return {};
  return { partialSuccess: { rejectedDataPoints: String(r.rejected), errorMessage: r.errors.join("; ") } };
});

export const POST: typeof handle = async (req, ctx) => {
  const res = await handle(req, ctx);
  return res.status >= 400 && mediaType(req) === PROTOBUF_TYPE ? protobufErrorResponse(res) : res;
};
