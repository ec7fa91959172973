import "server-only";
import type { DbHandle } from "@/lib/db/client";
import type { PointBatch } from "./batch";
import { recordIngest } from "./ingest-stats";
import { parseJsonBatch } from "./parsers/json";
import { type NvidiaSmiOptions, parseNvidiaSmiCsv } from "./parsers/nvidia-smi";
import { type OtlpResult, parseOtlpJson } from "./parsers/otlp";
import { type ExpositionFormat, parseExposition } from "./parsers/prometheus";
import { writeBatch } from "./writer";

/**
 * Ingest entry points shared by the routes, the seed and tests: parse the whole body first (a
 * ParseError rejects it and nothing is written), then one write. Formats record their counts for
 * the console's own /metrics.
 */
async function write(format: string, batch: PointBatch, handle?: DbHandle) {
  const r = await writeBatch(batch, handle);
  recordIngest(format, r.accepted);
  return r;
}

export async function ingestExposition(text: string, format: ExpositionFormat, handle?: DbHandle) {
  return write(format, parseExposition(text, format, Date.now()), handle);
}

export async function ingestNvidiaSmi(
  text: string,
  opts: Omit<NvidiaSmiOptions, "nowMs">,
  handle?: DbHandle,
) {
  return write("nvidia-smi", parseNvidiaSmiCsv(text, { ...opts, nowMs: Date.now() }), handle);
}

/** OTLP: good points are stored, broken ones counted for partialSuccess. */
export function ingestOtlp(body: unknown, handle?: DbHandle) {
  return writeOtlp(parseOtlpJson(body, Date.now()), handle);
}

/**
 * Reads and parses an OTLP request body (`read` yields its OTLP/JSON object). Routes parse with
 * this and then writeOtlp: the body's thousands of per-point objects are garbage once this
 * returns, instead of staying alive (and being copied by every young-generation GC) until the
 * insert commits.
 */
export async function parseOtlpBody(read: () => Promise<unknown>): Promise<OtlpResult> {
  return parseOtlpJson(await read(), Date.now());
}

export async function writeOtlp({ batch, rejected, errors }: OtlpResult, handle?: DbHandle) {
  const r = await write("otlp", batch, handle);
  return { ...r, rejected, errors };
}

/** Our JSON batch: valid items stored, invalid ones reported by index. */
export async function ingestJson(body: unknown, handle?: DbHandle) {
  const { batch, rejected } = parseJsonBatch(body, Date.now());
  const r = await write("json", batch, handle);
  return { accepted: r.accepted, rejected };
}
