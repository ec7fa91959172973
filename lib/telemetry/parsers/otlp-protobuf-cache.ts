/**
 * The caches behind the fast OTLP protobuf decoder (otlp-protobuf-scan.ts): KeyValue lists as
 * shared RawJson objects, and decimal strings of 64-bit values. Exporters repeat the same
 * attribute lists and timestamps on every data point of every export; recognizing their bytes
 * costs far less than decoding them again, and an equal list being the same RawJson object lets
 * otlp-labels.ts find its label set by one pointer compare (as for OTLP/JSON, json-scan.ts).
 * Pure module (module-level caches, bounded).
 */
import { RawJson } from "./json-scan";

type Obj = Record<string, unknown>;

/**
 * Known lists by an FNV-1a hash of their bytes (collisions overwrite; a hit is verified against
 * the bytes kept on the RawJson). Clearing starts a new generation, so `next` links (the list
 * that followed last time) never keep a cleared generation alive. The RawJson fields `bytes`,
 * `next` and `generation` serve this cache as they serve json-scan's: the two share no objects.
 */
const lists = new Map<number, RawJson>();
const LISTS_MAX = 100_000;
let generation = 1;

/** The lists of one body. */
export class Lists {
  private prev: RawJson | undefined;
  constructor(
    private readonly buf: Buffer,
    /** The OTLP/JSON elements of a list not seen before (throws on anything malformed). */
    private readonly decode: (ranges: number[]) => Obj[],
  ) {}

  /**
   * The list of the KeyValue elements at `ranges` ([tag start, end] pairs, in wire order): the
   * same RawJson for the same bytes. Exporters send their lists in the same order on every
   * export, so the list that followed the previous one last time is tried first (one native
   * compare, no hash).
   */
  get(ranges: number[]): RawJson | Obj[] {
    let key = this.buf;
    let start = ranges[0]!;
    let end = ranges[ranges.length - 1]!;
    for (let i = 2; i < ranges.length; i += 2)
      if (ranges[i] !== ranges[i - 1]) {
        // Elements split by other fields: the key is their concatenation, tags included as in
        // the contiguous case, so a list has one key however its elements were interleaved.
        const parts: Buffer[] = [];
        for (let k = 0; k < ranges.length; k += 2) parts.push(key.subarray(ranges[k], ranges[k + 1]));
        key = Buffer.concat(parts);
        start = 0;
        end = key.length;
        break;
      }
    const n = end - start;
    const guess = this.prev?.next;
    if (guess?.generation === generation && same(key, start, n, guess)) {
      this.prev = guess;
      return guess;
    }
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ key[i]!, 16777619);
    let raw = lists.get(h);
    if (raw === undefined || !same(key, start, n, raw)) {
      const value = this.decode(ranges);
      const text = jsonText(value);
      // NaN, ±Infinity and -0 do not survive JSON text: such a list stays a plain array.
      if (text === undefined) return value;
      if (lists.size >= LISTS_MAX) {
        lists.clear();
        generation++;
      }
      raw = new RawJson(text);
      // A copy when it is a slice of the body: a cached slice would keep the whole body alive.
      raw.bytes = key === this.buf ? Buffer.from(key.subarray(start, end)) : key;
      raw.generation = generation;
      lists.set(h, raw);
    }
    if (this.prev?.generation === generation) this.prev.next = raw;
    this.prev = raw;
    return raw;
  }
}

function same(key: Buffer, start: number, n: number, raw: RawJson): boolean {
  const bytes = raw.bytes!;
  return bytes.length === n && key.compare(bytes, 0, n, start, start + n) === 0;
}

/** The list's JSON text, or undefined when a number in it would not read back the same. */
function jsonText(value: unknown): string | undefined {
  let exact = true;
  const text = JSON.stringify(value, (_k, v) => {
    if (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) exact = false;
    return v;
  });
  return exact ? text : undefined;
}

/**
 * Decimal strings of 64-bit values by a hash of their bits: the points of one export mostly
 * share their timestamps, so most are found here (and are then one string object, which
 * parseOtlpJson's last-timestamp check compares by pointer).
 */
const DEC_SLOTS = 64;
const decLo = new Uint32Array(DEC_SLOTS);
const decHi = new Uint32Array(DEC_SLOTS);
const decText: string[] = new Array(DEC_SLOTS).fill("0");

/** The unsigned value hi·2^32 + lo (both unsigned 32-bit) in decimal, exact. */
export function unsigned64(lo: number, hi: number): string {
  const slot = (lo ^ (lo >>> 12) ^ (lo >>> 24) ^ hi) & (DEC_SLOTS - 1);
  if (decLo[slot] === lo && decHi[slot] === hi) return decText[slot]!;
  // Below 2^53 the double is exact; above it, BigInt gives the exact digits.
  const text = hi < 0x200000 ? String(hi * 4294967296 + lo) : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  decLo[slot] = lo;
  decHi[slot] = hi;
  decText[slot] = text;
  return text;
}

/** The same bits read as a signed (two's complement) value. */
export function signed64(lo: number, hi: number): string {
  return hi < 0x80000000
    ? unsigned64(lo, hi)
    : BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}
