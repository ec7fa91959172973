/**
 * Fast path of decodeOtlpMetrics (otlp-protobuf.ts): walks an ExportMetricsServiceRequest on the
 * wire (protobufjs's Reader does the wire decoding) straight into the OTLP/JSON object that
 * `Type.toObject(Type.decode(buf), AS_JSON)` gives, without protobufjs's message objects, Longs
 * and second conversion pass. The difference that matters: each KeyValue list (point attributes,
 * metric metadata) is a RawJson shared by every list with the same bytes, like the lists of the
 * JSON scanner (json-scan.ts), so otlp-labels.ts finds its label set by one pointer compare.
 *
 * Exactness over coverage: the hot messages (request down to data points) are walked by hand with
 * protobufjs's proto3 rules (a field without presence is kept only when non-zero, the last
 * occurrence wins, a zero clears it; fields with presence — oneof members, `optional` — are
 * always kept). Rare or nested messages (Resource, InstrumentationScope, Exemplar, KeyValue on a
 * cache miss) are decoded by protobufjs itself at the depth the reference decoder would see them.
 * Whatever would need more care — a known field with an unexpected wire type, a group, a repeated
 * singular message (protobufjs merges those), any read error — throws, and the caller runs the
 * reference decoder on the whole body, which then yields the identical object or error.
 */
import { type IConversionOptions, Reader, type Type } from "protobufjs";
import { Lists, signed64, unsigned64 } from "./otlp-protobuf-cache";

/** No `defaults`: like OTLP/JSON, absent fields stay absent (see decodeOtlpMetrics). */
export const AS_JSON: IConversionOptions = { longs: String, enums: Number, bytes: String };

export type ScanTypes = { keyValue: Type; resource: Type; scope: Type; exemplar: Type };

type Obj = Record<string, unknown>;
/** Thrown for anything left to the reference decoder (one instance: no stack to build). */
const FALLBACK = new Error("left to the reference decoder");
/** `decode(reader, length, endGroup, depth)`: the depth feeds protobufjs's recursion limit. */
type DecodeAt = (r: Reader, length: number, endGroup: undefined, depth: number) => object;
type ToObjectAt = (m: object, options: IConversionOptions, depth: number) => Obj;
/** Message depths in the reference decoder (request = 0), so its recursion limit applies alike. */
const DEPTH_RESOURCE = 2;
const DEPTH_SCOPE = 3;
const DEPTH_EXEMPLAR = 6;
/** Lists are decoded once and shared wherever they occur: as deep as the deepest use (points). */
const DEPTH_KEY_VALUE = 6;

/** The request as its OTLP/JSON object; throws (anything) when the reference must decide. */
export function scanOtlpMetrics(bytes: Uint8Array, types: ScanTypes): Obj {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Scan(buf, types).request();
}

class Scan {
  private readonly r: Reader;
  /** Where the current data point's attribute elements are: [tag start, end] pairs. */
  private readonly attrs: number[] = [];
  /** The data kind of the metric being read (set before its aggregation is read). */
  private kind: Kind = "gauge";
  private readonly lists: Lists;
  constructor(
    private readonly buf: Buffer,
    private readonly t: ScanTypes,
  ) {
    this.r = Reader.create(buf);
    this.lists = new Lists(buf, (ranges) => this.decodeList(ranges));
  }

  request(): Obj {
    const r = this.r;
    const o: Obj = {};
    while (r.pos < r.len) {
      const tag = r.tag();
      if (tag === 0x0a) push(o, "resourceMetrics", this.sub(this.resourceMetrics));
      else this.skip(tag);
    }
    return o;
  }

  /** A length-delimited message read by `read` within its bounds (protobufjs's r.len). */
  private sub(read: (this: Scan) => Obj): Obj {
    const r = this.r;
    const end = this.end();
    const outer = r.len;
    r.len = end;
    const o = read.call(this);
    r.len = outer;
    return o;
  }

  /** A message protobufjs decodes (rare or nested ones), converted as the reference does. */
  private decoded(type: Type, depth: number): Obj {
    const m = (type.decode as unknown as DecodeAt)(this.r, this.r.size(), undefined, depth);
    return (type.toObject as unknown as ToObjectAt)(m, AS_JSON, depth);
  }

  /** Unknown fields are skipped; groups, end-groups and bad wire types are the reference's. */
  private skip(tag: number): void {
    const wire = tag & 7;
    if (tag >>> 3 === 0 || wire === 3 || wire === 4 || wire > 5) throw FALLBACK;
    this.r.skipType(wire);
  }

  private resourceMetrics(): Obj {
    const r = this.r;
    const o: Obj = {};
    while (r.pos < r.len) {
      const tag = r.tag();
      if (tag === 0x0a) {
        if (o.resource) throw FALLBACK; // a repeated singular message is merged: reference
        o.resource = this.decoded(this.t.resource, DEPTH_RESOURCE);
      } else if (tag === 0x12) push(o, "scopeMetrics", this.sub(this.scopeMetrics));
      else if (tag === 0x1a) setString(o, "schemaUrl", r.stringVerify());
      else this.skip(tag);
    }
    return o;
  }

  private scopeMetrics(): Obj {
    const r = this.r;
    const o: Obj = {};
    while (r.pos < r.len) {
      const tag = r.tag();
      if (tag === 0x0a) {
        if (o.scope) throw FALLBACK;
        o.scope = this.decoded(this.t.scope, DEPTH_SCOPE);
      } else if (tag === 0x12) push(o, "metrics", this.sub(this.metric));
      else if (tag === 0x1a) setString(o, "schemaUrl", r.stringVerify());
      else this.skip(tag);
    }
    return o;
  }

  private metric(): Obj {
    const r = this.r;
    const o: Obj = {};
    const meta: number[] = [];
    let data = false;
    while (r.pos < r.len) {
      const at = r.pos;
      const tag = r.tag();
      const kind = (tag & 7) === 2 ? KINDS[tag >>> 3] : undefined;
      if (kind !== undefined) {
        // oneof `data`: a second member (or the same one again: merged) is left to the reference
        if (data) throw FALLBACK;
        data = true;
        this.kind = kind;
        o[kind] = this.sub(this.aggregation);
      } else if (tag === 0x0a) setString(o, "name", r.stringVerify());
      else if (tag === 0x12) setString(o, "description", r.stringVerify());
      else if (tag === 0x1a) setString(o, "unit", r.stringVerify());
      else if (tag === 0x62) this.element(at, meta);
      else this.skip(tag);
    }
    if (meta.length) o.metadata = this.lists.get(meta);
    return o;
  }

  /** Gauge, Sum, Histogram, ExponentialHistogram or Summary (points are field 1 of each). */
  private aggregation(): Obj {
    const r = this.r;
    const o: Obj = {};
    const kind = this.kind;
    const point =
      kind === "histogram"
        ? this.histogramPoint
        : kind === "exponentialHistogram"
          ? this.exponentialPoint
          : kind === "summary"
            ? this.summaryPoint
            : this.numberPoint;
    const temporal = kind !== "gauge" && kind !== "summary";
    while (r.pos < r.len) {
      const tag = r.tag();
      if (tag === 0x0a) push(o, "dataPoints", this.sub(point));
      else if (tag === 0x10 && temporal) setNumber(o, "aggregationTemporality", r.int32());
      else if (tag === 0x18 && kind === "sum") {
        if (r.bool()) o.isMonotonic = true;
        else delete o.isMonotonic;
      } else this.skip(tag);
    }
    return o;
  }

  /** NumberDataPoint (gauge and sum). */
  private numberPoint(): Obj {
    const r = this.r;
    const o: Obj = {};
    const attrs = this.startPoint();
    while (r.pos < r.len) {
      const at = r.pos;
      const tag = r.tag();
      if (tag === 0x19) this.time(o, "timeUnixNano");
      else if (tag === 0x21) {
        o.asDouble = r.double(); // oneof `value`: the last member on the wire wins
        if (o.asInt !== undefined) delete o.asInt;
      } else if (tag === 0x3a) this.element(at, attrs);
      else if (tag === 0x11) this.time(o, "startTimeUnixNano");
      else if (tag === 0x31) {
        o.asInt = this.fixed64(true);
        if (o.asDouble !== undefined) delete o.asDouble;
      } else if (tag === 0x2a) push(o, "exemplars", this.decoded(this.t.exemplar, DEPTH_EXEMPLAR));
      else if (tag === 0x40) setNumber(o, "flags", r.uint32());
      else this.skip(tag);
    }
    return this.endPoint(o, attrs);
  }

  private histogramPoint(): Obj {
    const r = this.r;
    const o: Obj = {};
    const attrs = this.startPoint();
    while (r.pos < r.len) {
      const at = r.pos;
      const tag = r.tag();
      if (tag === 0x19) this.time(o, "timeUnixNano");
      else if (tag === 0x4a) this.element(at, attrs);
      else if (tag === 0x11) this.time(o, "startTimeUnixNano");
      else if (tag === 0x21) this.time(o, "count");
      else if (tag === 0x29)
        o.sum = r.double(); // proto3 `optional`: kept even when 0
      else if (tag === 0x32) this.packedFixed64(o, "bucketCounts");
      else if (tag === 0x31) push(o, "bucketCounts", this.fixed64(false));
      else if (tag === 0x3a) this.packedDoubles(o, "explicitBounds");
      else if (tag === 0x39) push(o, "explicitBounds", r.double());
      else if (tag === 0x42) push(o, "exemplars", this.decoded(this.t.exemplar, DEPTH_EXEMPLAR));
      else if (tag === 0x50) setNumber(o, "flags", r.uint32());
      else if (tag === 0x59) o.min = r.double();
      else if (tag === 0x61) o.max = r.double();
      else this.skip(tag);
    }
    return this.endPoint(o, attrs);
  }

  private exponentialPoint(): Obj {
    const r = this.r;
    const o: Obj = {};
    const attrs = this.startPoint();
    while (r.pos < r.len) {
      const at = r.pos;
      const tag = r.tag();
      if (tag === 0x19) this.time(o, "timeUnixNano");
      else if (tag === 0x0a) this.element(at, attrs);
      else if (tag === 0x11) this.time(o, "startTimeUnixNano");
      else if (tag === 0x21) this.time(o, "count");
      else if (tag === 0x29) o.sum = r.double();
      else if (tag === 0x30) setNumber(o, "scale", r.sint32());
      else if (tag === 0x39) this.time(o, "zeroCount");
      else if (tag === 0x42 || tag === 0x4a) {
        const key = tag === 0x42 ? "positive" : "negative";
        if (o[key] !== undefined) throw FALLBACK; // merged by protobufjs: the reference's
        o[key] = this.sub(this.buckets);
      } else if (tag === 0x50) setNumber(o, "flags", r.uint32());
      else if (tag === 0x5a) push(o, "exemplars", this.decoded(this.t.exemplar, DEPTH_EXEMPLAR));
      else if (tag === 0x61) o.min = r.double();
      else if (tag === 0x69) o.max = r.double();
      else if (tag === 0x71) setDouble(o, "zeroThreshold", r.double());
      else this.skip(tag);
    }
    return this.endPoint(o, attrs);
  }

  private buckets(): Obj {
    const r = this.r;
    const o: Obj = {};
    while (r.pos < r.len) {
      const tag = r.tag();
      if (tag === 0x08) setNumber(o, "offset", r.sint32());
      else if (tag === 0x12) {
        // packed uint64 varints, read within their length as protobufjs's uint64s does
        const end = this.end();
        const outer = r.len;
        r.len = end;
        const counts = (o.bucketCounts as string[] | undefined) ?? [];
        while (r.pos < end) counts.push(varint64(r));
        r.len = outer;
        if (counts.length) o.bucketCounts = counts;
      } else if (tag === 0x10) push(o, "bucketCounts", varint64(r));
      else this.skip(tag);
    }
    return o;
  }

  private summaryPoint(): Obj {
    const r = this.r;
    const o: Obj = {};
    const attrs = this.startPoint();
    while (r.pos < r.len) {
      const at = r.pos;
      const tag = r.tag();
      if (tag === 0x19) this.time(o, "timeUnixNano");
      else if (tag === 0x3a) this.element(at, attrs);
      else if (tag === 0x11) this.time(o, "startTimeUnixNano");
      else if (tag === 0x21) this.time(o, "count");
      else if (tag === 0x29)
        setDouble(o, "sum", r.double()); // no `optional` here: 0 is absent
      else if (tag === 0x32) push(o, "quantileValues", this.sub(this.quantile));
      else if (tag === 0x40) setNumber(o, "flags", r.uint32());
      else this.skip(tag);
    }
    return this.endPoint(o, attrs);
  }

  private quantile(): Obj {
    const r = this.r;
    const o: Obj = {};
    while (r.pos < r.len) {
      const tag = r.tag();
      if (tag === 0x09) setDouble(o, "quantile", r.double());
      else if (tag === 0x11) setDouble(o, "value", r.double());
      else this.skip(tag);
    }
    return o;
  }

  /** The (reused) list of the attribute elements of the point starting now. */
  private startPoint(): number[] {
    this.attrs.length = 0;
    return this.attrs;
  }

  private endPoint(o: Obj, attrs: number[]): Obj {
    if (attrs.length) o.attributes = this.lists.get(attrs);
    return o;
  }

  /** End of the length-delimited value starting here, checked against the enclosing message. */
  private end(): number {
    const r = this.r;
    const len = r.size();
    const end = r.pos + len;
    if (end > r.len) throw FALLBACK;
    return end;
  }

  /** fixed64 / sfixed64 as the decimal string protobufjs's Long.toString gives. */
  private fixed64(signed: boolean): string {
    const r = this.r;
    const b = this.buf;
    const p = r.pos;
    if (p + 8 > r.len) throw FALLBACK;
    r.pos = p + 8;
    const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
    const hi = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0;
    return signed ? signed64(lo, hi) : unsigned64(lo, hi);
  }

  /** A fixed64 field without presence (times, counts): kept unless 0. */
  private time(o: Obj, key: string): void {
    const s = this.fixed64(false);
    if (s !== "0") o[key] = s;
    else delete o[key];
  }

  private packedFixed64(o: Obj, key: string): void {
    const r = this.r;
    const end = this.end();
    if ((end - r.pos) % 8 !== 0) throw FALLBACK;
    const out = (o[key] as string[] | undefined) ?? [];
    while (r.pos < end) out.push(this.fixed64(false));
    if (out.length) o[key] = out;
  }

  private packedDoubles(o: Obj, key: string): void {
    const out = this.r.doubles((o[key] as number[] | undefined) ?? []);
    if (out.length) o[key] = out;
  }

  /** Notes where one KeyValue element (its tag at `at`) is, and steps over it. */
  private element(at: number, into: number[]): void {
    const end = this.end();
    this.r.pos = end;
    into.push(at, end);
  }

  /** A new list: each element decoded and converted by protobufjs, as the reference does. */
  private decodeList(ranges: number[]): Obj[] {
    const { keyValue } = this.t;
    const r = Reader.create(this.buf);
    const out: Obj[] = [];
    for (let k = 0; k < ranges.length; k += 2) {
      r.pos = ranges[k]!;
      r.len = ranges[k + 1]!;
      r.tag();
      const m = (keyValue.decode as unknown as DecodeAt)(r, r.size(), undefined, DEPTH_KEY_VALUE);
      out.push((keyValue.toObject as unknown as ToObjectAt)(m, AS_JSON, DEPTH_KEY_VALUE));
    }
    return out;
  }
}

type Kind = "gauge" | "sum" | "histogram" | "exponentialHistogram" | "summary";
/** Metric's oneof `data` by field number (an array: no prototype keys to trip over). */
const KINDS: (Kind | undefined)[] = [];
KINDS[5] = "gauge";
KINDS[7] = "sum";
KINDS[9] = "histogram";
KINDS[10] = "exponentialHistogram";
KINDS[11] = "summary";

function push(o: Obj, key: string, v: unknown): void {
  const a = o[key] as unknown[] | undefined;
  if (a) a.push(v);
  else o[key] = [v];
}

/** proto3 without presence: kept when non-empty; a later empty occurrence clears it. */
function setString(o: Obj, key: string, s: string): void {
  if (s.length) o[key] = s;
  else delete o[key];
}

/** Integers without presence: kept unless 0. */
function setNumber(o: Obj, key: string, v: number): void {
  if (v) o[key] = v;
  else delete o[key];
}

/** Doubles without presence: kept unless +0 (protobufjs keeps -0 and NaN). */
function setDouble(o: Obj, key: string, v: number): void {
  if (!Object.is(v, 0)) o[key] = v;
  else delete o[key];
}

/** A uint64 varint (protobufjs reads it, with its checks) as its decimal string. */
function varint64(r: Reader): string {
  const v = r.uint64();
  return unsigned64(v.low >>> 0, v.high >>> 0);
}
