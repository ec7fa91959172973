/**
 * Request bodies for bench/ingest.ts: each block of series is rendered once, and a request only
 * writes its timestamp into a copy (the load generator shares the process and the cores with the
 * server it measures, so it keeps its own work small).
 */
/**
 * Protobuf bodies per block, encoded once with a marker timestamp; a request copies its block's
 * bytes and writes its timestamp over the marker (fixed64: same width, so offsets hold).
 */
export async function protobufBodies(
  attrs: string[],
  blocks: number,
  batch: number,
): Promise<(i: number, tsNano: bigint) => Buffer> {
  const { otlpCodec } = await import("@/lib/telemetry/parsers/otlp-protobuf");
  const { request } = otlpCodec();
  const MARK = 0x7a7a_7a7a_7a7a_7a7an;
  const mark = Buffer.alloc(8);
  mark.writeBigUInt64LE(MARK);
  const bodies = Array.from({ length: blocks }, (_, block) => {
    const dataPoints = Array.from({ length: batch }, (_, k) => ({
      timeUnixNano: MARK.toString(),
      asDouble: (k % 997) / 10,
      attributes: JSON.parse(attrs[block * batch + k]!),
    }));
    const body = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "bench" } }] },
          scopeMetrics: [
            {
              scope: { name: "bench" },
              metrics: [{ name: "bench.otlp.proto.gauge", unit: "1", gauge: { dataPoints } }],
            },
          ],
        },
      ],
    };
    const bytes = Buffer.from(request.encode(request.fromObject(body)).finish());
    const offsets: number[] = [];
    for (let at = bytes.indexOf(mark); at >= 0; at = bytes.indexOf(mark, at + 8)) offsets.push(at);
    if (offsets.length !== batch) throw new Error(`marker found ${offsets.length} times, expected ${batch}`);
    return { bytes, offsets };
  });
  return (i, tsNano) => {
    const { bytes, offsets } = bodies[i % bodies.length]!;
    const out = Buffer.from(bytes);
    for (const at of offsets) out.writeBigUInt64LE(tsNano, at);
    return out;
  };
}

/** Where a block's body template has the request's timestamp. */
export const TS = "\u0000";

/**
 * Request i carries the series of block i % blocks at its own timestamp. The client shares this
 * process and the 2 cores with the server, so it keeps its own work small: each block's body is
 * rendered once to bytes with a fixed-width slot wherever TS stood, and a request copies them
 * and writes its timestamp into the slots — like replaying recorded scrapes. (A Buffer, not a
 * string: a megabyte string lives in V8's large-object space until the next full GC and would
 * inflate the process RSS that the table reports for the server.)
 */
export function blockBodies(
  blocks: number,
  render: (block: number) => string,
  stampLength: number,
): (i: number, ts: string) => Buffer {
  const bodies = Array.from({ length: blocks }, (_, block) => {
    const pieces = render(block).split(TS);
    const bytes = Buffer.from(pieces.join("0".repeat(stampLength)));
    const offsets: number[] = [];
    let at = 0;
    for (let k = 0; k + 1 < pieces.length; k++) {
      at += Buffer.byteLength(pieces[k]!);
      offsets.push(at);
      at += stampLength;
    }
    return { bytes, offsets };
  });
  return (i, ts) => {
    if (ts.length !== stampLength) throw new Error(`timestamp ${ts} is not ${stampLength} digits`);
    const { bytes, offsets } = bodies[i % bodies.length]!;
    const out = Buffer.from(bytes);
    for (const at of offsets) out.write(ts, at, "latin1");
    return out;
  };
}
