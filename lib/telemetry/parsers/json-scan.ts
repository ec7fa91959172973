/**
 * JSON.parse for ingest bodies, with one difference: the value of an object member named in
 * `rawKeys` that is an array is returned as a `RawJson` holding its exact source text (checked to
 * be valid JSON, not turned into objects). OTLP exporters repeat the same attribute lists on
 * every data point and every export, so the text is a ready cache key and most lists are never
 * materialized: this is what makes OTLP/JSON ingest cheap (no per-attribute object graph to
 * build and collect). Pure module.
 *
 * Reads the UTF-8 bytes directly; every string it returns is a fresh copy (a slice of the body
 * could keep the whole body alive from a long-lived cache). Anything unusual — a syntax error,
 * nesting deeper than 64 — falls back to the built-in `JSON.parse` of the whole body, so errors
 * carry the platform's message and exotic-but-valid input still parses; the fallback result has
 * plain arrays where RawJson would be, and callers accept both.
 */

export class RawJson {
  /** One value a consumer derived from this text, and in which context (see otlp-labels.ts). */
  memo?: { owner: object; value: unknown };
  /** For remembered (ASCII) texts: their bytes, and the list that followed last time. */
  bytes?: Buffer;
  next?: RawJson;
  generation = 0;
  constructor(readonly text: string) {}
  /**
   * The parsed value (the text was checked, so this does not throw). Not kept: consumers cache
   * what they derive from it (memo), and thousands of parsed lists would only cost memory.
   */
  value(): unknown {
    return JSON.parse(this.text);
  }
}

const MAX_DEPTH = 64;
/**
 * Checked ASCII raw texts by an FNV-1a hash of their bytes, which they keep to verify a hit
 * natively (a cache: collisions overwrite). Clearing it starts a new generation: `next` links
 * only join texts of one generation, so a cleared generation can be collected.
 */
const rawTexts = new Map<number, RawJson>();
const RAW_TEXTS_MAX = 100_000;
let generation = 1;
/** Recent short ASCII strings, and their bytes, by a hash of the bytes (see shortString). */
const SLOTS = 256;
const SLOT_BYTES = 32;
const slotText: (string | undefined)[] = new Array(SLOTS);
const slotLength = new Int32Array(SLOTS).fill(-1);
const slotBytes = new Uint8Array(SLOTS * SLOT_BYTES);
/** Thrown inside the scanner for anything it leaves to JSON.parse (one instance: no stack to build). */
const FALLBACK = new Error("left to JSON.parse");

export function parseJsonBuffer(buf: Buffer, rawKeys: ReadonlySet<string>): unknown {
  try {
    return scanJson(buf, rawKeys);
  } catch {
    // FALLBACK, or anything unforeseen: the built-in parser has the last word either way.
    return JSON.parse(buf.toString("utf8"));
  }
}

/** The scanner alone: throws (FALLBACK) on anything it leaves to JSON.parse. Exported for tests. */
export function scanJson(buf: Buffer, rawKeys: ReadonlySet<string>): unknown {
  const sc = new Scanner(buf, rawKeys);
  const v = sc.value(true, 0);
  if (sc.ws() !== -1) throw FALLBACK; // trailing garbage
  return v;
}

class Scanner {
  pos = 0;
  private readonly end: number;
  /** The last remembered raw text of this body (see rawArray). */
  private prevRaw: RawJson | undefined;
  constructor(
    private readonly b: Buffer,
    private readonly raw: ReadonlySet<string>,
  ) {
    this.end = b.length;
  }

  /** Skips whitespace; the next byte, or -1 at the end. */
  ws(): number {
    const b = this.b;
    let i = this.pos;
    while (i < this.end) {
      const c = b[i]!;
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
        this.pos = i;
        return c;
      }
      i++;
    }
    this.pos = i;
    return -1;
  }

  /** One value; with `build` false it is only checked and skipped. */
  value(build: boolean, depth: number): unknown {
    const c = this.ws();
    if (c === 34 /* " */) return build ? this.shortString() : this.string(false);
    if (c === 123 /* { */) return this.object(build, depth);
    if (c === 91 /* [ */) return this.array(build, depth);
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) return this.number(build);
    if (c === 116 /* t */ && this.word("true")) return true;
    if (c === 102 /* f */ && this.word("false")) return false;
    if (c === 110 /* n */ && this.word("null")) return null;
    throw FALLBACK;
  }

  private word(w: string): boolean {
    const b = this.b;
    for (let k = 0; k < w.length; k++) if (b[this.pos + k] !== w.charCodeAt(k)) throw FALLBACK;
    this.pos += w.length;
    return true;
  }

  private object(build: boolean, depth: number): unknown {
    if (depth >= MAX_DEPTH) throw FALLBACK;
    this.pos++;
    const obj: Record<string, unknown> | undefined = build ? {} : undefined;
    let c = this.ws();
    if (c === 125 /* } */) {
      this.pos++;
      return obj;
    }
    for (;;) {
      if (c !== 34) throw FALLBACK;
      const key = build ? this.shortString() : this.string(false);
      if (this.ws() !== 58 /* : */) throw FALLBACK;
      this.pos++;
      let v: unknown;
      if (obj) {
        v = this.ws() === 91 && this.raw.has(key!) ? this.rawArray() : this.value(true, depth + 1);
        // Like JSON.parse: "__proto__" is an ordinary own property, never the prototype.
        if (key === "__proto__")
          Object.defineProperty(obj, key, { value: v, writable: true, enumerable: true, configurable: true });
        else obj[key!] = v;
      } else this.value(false, depth + 1);
      c = this.ws();
      if (c === 44 /* , */) {
        this.pos++;
        c = this.ws();
        continue;
      }
      if (c === 125) {
        this.pos++;
        return obj;
      }
      throw FALLBACK;
    }
  }

  /**
   * An array kept as text. Its end is found by matching brackets outside strings, which is exact
   * for valid JSON. Bodies repeat the same few lists over and over: a list seen before (same
   * bytes) is returned as the same RawJson, without decoding or checking it again; a new one is
   * checked (full grammar) and remembered.
   */
  private rawArray(): RawJson {
    const b = this.b;
    const start = this.pos;
    const last = this.end;
    // Exporters send their lists in the same order every time: first try the list that followed
    // the previous one last time, with one native compare. A complete array text found at
    // `start` is the whole value there (an array ends at its own closing bracket).
    const guess = this.prevRaw?.next;
    if (guess !== undefined && guess.generation === generation) {
      const n = guess.bytes!.length;
      if (start + n <= last && b.compare(guess.bytes!, 0, n, start, start + n) === 0) {
        this.pos = start + n;
        this.prevRaw = guess;
        return guess;
      }
    }
    const raw = this.scanRawArray();
    if (raw.generation === generation) {
      if (this.prevRaw?.generation === generation) this.prevRaw.next = raw;
      this.prevRaw = raw;
    }
    return raw;
  }

  /** rawArray without the guess: bracket matching, then the table of known texts. */
  private scanRawArray(): RawJson {
    const b = this.b;
    const start = this.pos;
    const last = this.end;
    let depth = 0;
    let i = start;
    let bits = 0; // OR of all bytes: ≥ 128 means non-ASCII
    let h = 0x811c9dc5;
    for (; i < last; i++) {
      const c = b[i]!;
      bits |= c;
      h = Math.imul(h ^ c, 16777619);
      if (c === 34) {
        for (i++; i < last; i++) {
          const d = b[i]!;
          bits |= d;
          h = Math.imul(h ^ d, 16777619);
          if (d === 34) break;
          if (d === 92) bits |= b[++i] ?? 0; // the escaped byte (not hashed: the hash is a hint)
        }
      } else if (c === 91 || c === 123) depth++;
      else if (c === 93 || c === 125) {
        if (--depth === 0) break;
      }
    }
    if (i >= last) throw FALLBACK;
    const ascii = bits < 128;
    const end = i + 1;
    if (ascii) {
      const known = rawTexts.get(h);
      if (
        known?.bytes &&
        known.bytes.length === end - start &&
        b.compare(known.bytes, 0, end - start, start, end) === 0
      ) {
        this.pos = end;
        return known;
      }
    }
    this.pos = start;
    this.value(false, 0);
    if (this.pos !== end) throw FALLBACK;
    const raw = new RawJson(b.toString(ascii ? "latin1" : "utf8", start, end));
    if (ascii) {
      if (rawTexts.size >= RAW_TEXTS_MAX) {
        rawTexts.clear();
        generation++;
      }
      raw.bytes = Buffer.from(b.subarray(start, end));
      raw.generation = generation;
      rawTexts.set(h, raw);
    }
    return raw;
  }

  /**
   * A string; short plain ASCII ones (object keys, timestamps, enum-like values) come from a
   * small table of recent strings when seen before: no allocation, and equal strings are then
   * one object, which later === and Map lookups compare by pointer.
   */
  private shortString(): string {
    const b = this.b;
    const start = this.pos + 1;
    let h = 0;
    let i = start;
    for (; i < this.end && i - start < SLOT_BYTES; i++) {
      const c = b[i]!;
      if (c === 34) break;
      if (c === 92 || c < 32 || c >= 128) return this.string(true)!;
      h = (h * 31 + c) | 0;
    }
    if (b[i] !== 34) return this.string(true)!;
    const len = i - start;
    const slot = (h ^ len) & (SLOTS - 1);
    const at = slot * SLOT_BYTES;
    this.pos = i + 1;
    if (slotLength[slot] === len) {
      let k = 0;
      while (k < len && slotBytes[at + k] === b[start + k]) k++;
      if (k === len) return slotText[slot]!;
    }
    const text = b.toString("latin1", start, i);
    slotText[slot] = text;
    slotLength[slot] = len;
    for (let k = 0; k < len; k++) slotBytes[at + k] = b[start + k]!;
    return text;
  }

  private array(build: boolean, depth: number): unknown {
    if (depth >= MAX_DEPTH) throw FALLBACK;
    this.pos++;
    const out: unknown[] | undefined = build ? [] : undefined;
    if (this.ws() === 93 /* ] */) {
      this.pos++;
      return out;
    }
    for (;;) {
      const v = this.value(build, depth + 1);
      if (out) out.push(v);
      const c = this.ws();
      if (c === 44) {
        this.pos++;
        continue;
      }
      if (c === 93) {
        this.pos++;
        return out;
      }
      throw FALLBACK;
    }
  }

  private string(build: boolean): string | undefined {
    const b = this.b;
    const start = this.pos + 1;
    let ascii = true;
    for (let i = start; i < this.end; i++) {
      const c = b[i]!;
      if (c === 34) {
        this.pos = i + 1;
        if (!build) return undefined;
        return ascii ? b.toString("latin1", start, i) : b.toString("utf8", start, i);
      }
      if (c === 92 /* \ */) return this.escapedString(build);
      if (c < 32) throw FALLBACK;
      if (c >= 128) ascii = false;
    }
    throw FALLBACK;
  }

  /** A string with escapes: checked here, decoded by JSON.parse (rare in telemetry). */
  private escapedString(build: boolean): string | undefined {
    const b = this.b;
    const quote = this.pos;
    for (let i = quote + 1; i < this.end; i++) {
      const c = b[i]!;
      if (c === 34) {
        this.pos = i + 1;
        return build ? (JSON.parse(b.toString("utf8", quote, i + 1)) as string) : undefined;
      }
      if (c < 32) throw FALLBACK;
      if (c === 92) {
        const e = b[++i];
        if (e === 117 /* u */) {
          for (let k = 1; k <= 4; k++) if (!isHex(b[i + k])) throw FALLBACK;
          i += 4;
        } else if (
          e !== 34 &&
          e !== 92 &&
          e !== 47 &&
          e !== 98 &&
          e !== 102 &&
          e !== 110 &&
          e !== 114 &&
          e !== 116
        )
          throw FALLBACK;
      }
    }
    throw FALLBACK;
  }

  /**
   * JSON number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? Without an exponent and with at
   * most 15 digits the value is computed exactly here (digits / 10^fraction digits is correctly
   * rounded when both are exact doubles); anything else goes through Number().
   */
  private number(build: boolean): number | undefined {
    const b = this.b;
    const start = this.pos;
    let i = start;
    const negative = b[i] === 45;
    if (negative) i++;
    let digits = 0;
    let m = 0;
    if (b[i] === 48) i++;
    else if (isDigit(b[i]))
      while (isDigit(b[i])) {
        m = m * 10 + (b[i++]! - 48);
        digits++;
      }
    else throw FALLBACK;
    let fraction = 0;
    if (b[i] === 46 /* . */) {
      i++;
      if (!isDigit(b[i])) throw FALLBACK;
      while (isDigit(b[i])) {
        m = m * 10 + (b[i++]! - 48);
        fraction++;
      }
    }
    let exact = digits + fraction <= 15;
    if (b[i] === 101 || b[i] === 69 /* e E */) {
      i++;
      if (b[i] === 43 || b[i] === 45) i++;
      if (!isDigit(b[i])) throw FALLBACK;
      while (isDigit(b[i])) i++;
      exact = false;
    }
    this.pos = i;
    if (!build) return undefined;
    if (!exact) return Number(b.toString("latin1", start, i));
    const v = fraction ? m / POW10[fraction]! : m;
    return negative ? -v : v;
  }
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);
const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;
const isHex = (c: number | undefined) =>
  c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102));
