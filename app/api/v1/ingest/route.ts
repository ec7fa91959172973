import { INGEST_ACCESS, readIngestJson, requireMediaType, telemetryRoute } from "@/lib/telemetry/http";
import { ingestJson } from "@/lib/telemetry/ingest";

/**
 * Our JSON batch (see lib/telemetry/parsers/json.ts for the item shapes). Items are judged one
 * by one: `{accepted, rejected: [{index, error}]}`; only a malformed envelope is a 400.
 */
export const POST = telemetryRoute("json", INGEST_ACCESS, async ({ req }) => {
  requireMediaType(req, ["application/json"]);
  return ingestJson(await readIngestJson(req));
});
