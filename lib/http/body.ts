import { gunzipSync } from "node:zlib";
import { ApiError } from "./errors";

export const DEFAULT_BODY_LIMIT = 1024 * 1024; // 1 MB for ordinary JSON routes

/**
 * Reads a request body with a hard byte limit (before and after gunzip), so no route can be made
 * to buffer an unbounded body. `Content-Encoding: gzip` is decoded here for every route.
 */
export async function readBody(req: Request, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw ApiError.tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw ApiError.tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  // One chunk (a small body, or one handed over whole) is used as it is: no copy.
  const only = chunks.length === 1 ? chunks[0]! : undefined;
  const raw = only ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(chunks, size);
  const encoding = (req.headers.get("content-encoding") ?? "identity").toLowerCase().trim();
  if (encoding === "identity" || encoding === "") return raw;
  if (encoding !== "gzip") throw ApiError.unsupportedMediaType(`unsupported Content-Encoding: ${encoding}`);
  try {
    return gunzipSync(raw, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw ApiError.tooLarge(limit);
    throw ApiError.badRequest(`invalid gzip body: ${(err as Error).message}`);
  }
}

export function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch (err) {
    throw ApiError.badRequest(`malformed JSON: ${(err as Error).message}`);
  }
}

/** The media type of a request without parameters, lower-cased ("text/plain"). */
export function mediaType(req: Request): string {
  return (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}
