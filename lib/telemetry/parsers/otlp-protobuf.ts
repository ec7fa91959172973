/**
 * OTLP/HTTP protobuf encoding of metrics (what the collector's `otlphttp` exporter sends by
 * default). A request is decoded into the very object OTLP/JSON parses to (lowerCamelCase,
 * 64-bit integers as decimal strings, enums as numbers, bytes as base64), so parseOtlpJson
 * (otlp.ts) is the one place that interprets OTLP: by a fast wire walk (otlp-protobuf-scan.ts),
 * with protobufjs's decode + toObject as the reference it falls back to. Responses and errors
 * are encoded as the OTLP/HTTP spec asks of protobuf requests. Pure module.
 */
import { parse, Root, type Type } from "protobufjs";
import { ParseError } from "../batch";
import {
  COMMON_PROTO,
  METRICS_PROTO,
  METRICS_SERVICE_PROTO,
  RESOURCE_PROTO,
  STATUS_PROTO,
} from "./otlp-proto/otlp-metrics.proto";
import { AS_JSON, type ScanTypes, scanOtlpMetrics } from "./otlp-protobuf-scan";

export const PROTOBUF_TYPE = "application/x-protobuf";

/** Whole messages, and the types the fast decoder leaves to protobufjs (otlp-protobuf-scan.ts). */
type Codec = { request: Type; response: Type; status: Type; scan: ScanTypes };
let codec: Codec | undefined;

/** The schema is parsed on first use only: routes that never see protobuf never pay for it. */
export function otlpCodec(): Codec {
  if (codec) return codec;
  const root = new Root();
  for (const text of [COMMON_PROTO, RESOURCE_PROTO, METRICS_PROTO, METRICS_SERVICE_PROTO, STATUS_PROTO])
    parse(text, root);
  root.resolveAll();
  const service = "opentelemetry.proto.collector.metrics.v1";
  codec = {
    request: root.lookupType(`${service}.ExportMetricsServiceRequest`),
    response: root.lookupType(`${service}.ExportMetricsServiceResponse`),
    status: root.lookupType("google.rpc.Status"),
    scan: {
      keyValue: root.lookupType("opentelemetry.proto.common.v1.KeyValue"),
      resource: root.lookupType("opentelemetry.proto.resource.v1.Resource"),
      scope: root.lookupType("opentelemetry.proto.common.v1.InstrumentationScope"),
      exemplar: root.lookupType("opentelemetry.proto.metrics.v1.Exemplar"),
    },
  };
  return codec;
}

/**
 * An ExportMetricsServiceRequest as its OTLP/JSON object; malformed bytes → ParseError (400).
 * Absent fields stay absent (AS_JSON has no `defaults`), as in OTLP/JSON; fields with presence
 * (the oneofs `asDouble`/`asInt` and AnyValue's members, proto3 `optional` sum/min/max) are kept
 * whenever they were on the wire, zero, false and "" included. The fast decoder gives that object
 * with KeyValue lists as shared RawJson (cheap label lookups, see otlp-labels.ts); anything it
 * leaves — including every malformed body — is decoded by protobufjs (decodeOtlpMetricsReference).
 */
export function decodeOtlpMetrics(buf: Uint8Array): unknown {
  try {
    return scanOtlpMetrics(buf, otlpCodec().scan);
  } catch {
    // Unusual or malformed: the reference decides, with its own result or error message.
  }
  return decodeOtlpMetricsReference(buf);
}

/** protobufjs decode + toObject: plain arrays everywhere. Exported for equivalence tests. */
export function decodeOtlpMetricsReference(buf: Uint8Array): unknown {
  const { request } = otlpCodec();
  try {
    return request.toObject(request.decode(buf), AS_JSON);
  } catch (err) {
    // Truncation, a bad wire type, bad UTF-8 lengths, or nesting deep enough to exhaust the stack.
    throw new ParseError(`malformed OTLP protobuf: ${(err as Error).message}`);
  }
}

/** ExportMetricsServiceResponse: empty on full success, else partial_success. */
export function encodeExportResponse(rejected: number, errorMessage: string): Uint8Array<ArrayBuffer> {
  const { response } = otlpCodec();
  const body = rejected ? { partialSuccess: { rejectedDataPoints: rejected, errorMessage } } : {};
  // A copy: finish() may hand out a slice of a shared pool, and Response wants its own buffer.
  return new Uint8Array(response.encode(response.fromObject(body)).finish());
}

export function encodeStatus(code: number, message: string): Uint8Array<ArrayBuffer> {
  const { status } = otlpCodec();
  return new Uint8Array(status.encode(status.fromObject({ code, message })).finish());
}

/** google.rpc.Code for an HTTP status (the usual gRPC ↔ HTTP mapping). */
export function grpcCode(httpStatus: number): number {
  const codes: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 10, 413: 8, 429: 8, 503: 14 };
  return codes[httpStatus] ?? (httpStatus >= 500 ? 13 : 3);
}

/**
 * An error response of our JSON shape ({ error }) re-encoded as the google.rpc.Status an OTLP
 * protobuf client expects; status code and headers (Retry-After, x-request-id) are kept.
 */
export async function protobufErrorResponse(res: Response): Promise<Response> {
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === "string") message = body.error;
  } catch {
    // not JSON: keep the status text
  }
  const headers = new Headers(res.headers);
  headers.set("content-type", PROTOBUF_TYPE);
  headers.delete("content-length");
  return new Response(encodeStatus(grpcCode(res.status), message), { status: res.status, headers });
}
