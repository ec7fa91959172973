import "server-only";
import { mediaType, readBody } from "@/lib/http/body";
import { ApiError } from "@/lib/http/errors";
import { type Access, apiRoute } from "@/lib/http/route";
import { ParseError } from "./batch";
import { recordIngestRequest } from "./ingest-stats";
import { JsonEnvelopeError } from "./parsers/json";
import { parseJsonBuffer } from "./parsers/json-scan";
import { QueryError } from "./query";

/** Ingest bodies may be up to 10 MB (after gunzip); larger → 413. */
export const INGEST_BODY_LIMIT = 10 * 1024 * 1024;
export const INGEST_ACCESS: Access = { scopes: ["ingest"] };
export const READ_ACCESS: Access = { roles: "any", scopes: ["read"] };

type Handler = Parameters<typeof apiRoute>[1];

/**
 * An ingest or query route: the shared apiRoute wrapper (auth, errors) plus our error mapping
 * (parse errors → 400 with line/field) and per-route request counts/latency for /metrics.
 */
export function telemetryRoute(name: string, access: Access, handler: Handler) {
  const inner = apiRoute({ access }, async (ctx) => {
    try {
      return await handler(ctx);
    } catch (err) {
      if (err instanceof ParseError)
        throw ApiError.badRequest(err.message, {
          ...(err.line !== undefined ? { line: err.line } : {}),
          ...(err.field !== undefined ? { field: err.field } : {}),
        });
      if (err instanceof JsonEnvelopeError || err instanceof QueryError)
        throw ApiError.badRequest(err.message);
      throw err;
    }
  });
  return async (req: Request, ctx?: { params: Promise<Record<string, string | string[]>> }) => {
    const t0 = performance.now();
    const res = await inner(req, ctx);
    recordIngestRequest(name, res.status, (performance.now() - t0) / 1000);
    return res;
  };
}

/** 415 unless the Content-Type is one of `allowed` (media type only, parameters ignored). */
export function requireMediaType(req: Request, allowed: string[]): string {
  const type = mediaType(req);
  if (!allowed.includes(type))
    throw ApiError.unsupportedMediaType(
      `Content-Type must be ${allowed.join(" or ")} (got ${type || "none"})`,
    );
  return type;
}

export async function readIngestText(req: Request): Promise<string> {
  const buf = await readBody(req, INGEST_BODY_LIMIT);
  const text = buf.toString("utf8");
  if (text.includes("\uFFFD") && !isValidUtf8(buf)) throw ApiError.badRequest("body is not valid UTF-8");
  return text;
}

/** The raw body (gunzipped, same 10 MB limit), for binary formats: OTLP protobuf. */
export function readIngestBytes(req: Request): Promise<Buffer> {
  return readBody(req, INGEST_BODY_LIMIT);
}

/**
 * The JSON body, parsed. Members named in `rawKeys` whose value is an array come back as RawJson
 * (their checked source text, see parsers/json-scan.ts) instead of objects.
 */
export async function readIngestJson(req: Request, rawKeys?: ReadonlySet<string>): Promise<unknown> {
  const buf = await readBody(req, INGEST_BODY_LIMIT);
  try {
    return rawKeys ? parseJsonBuffer(buf, rawKeys) : JSON.parse(buf.toString("utf8"));
  } catch (err) {
    throw ApiError.badRequest(`malformed JSON: ${(err as Error).message}`);
  }
}

function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}
