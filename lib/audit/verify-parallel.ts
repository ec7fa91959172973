import "server-only";
import os from "node:os";
import { Worker } from "node:worker_threads";

/**
 * Hashing a million events is CPU work that splits cleanly (each event's hash depends only on its
 * own row), so verify can spread it over worker threads while the main thread keeps the chain
 * order. The worker is plain JavaScript evaluated from this string, so it runs the same under
 * tsx, Vitest and the Next.js server without a separate bundle; its canonical JSON is the one of
 * canonical.ts (a unit test checks that they agree).
 */
export const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
function canon(value) {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean": return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonical JSON cannot hold NaN or Infinity");
      return JSON.stringify(value);
    case "string": return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canon(value[i]);
        return out + "]";
      }
      const keys = Object.keys(value).sort();
      let out = "{";
      let first = true;
      for (const k of keys) {
        const v = value[k];
        if (v === undefined) continue;
        out += (first ? "" : ",") + JSON.stringify(k) + ":" + canon(v);
        first = false;
      }
      return out + "}";
    }
    default: throw new TypeError("canonical JSON cannot hold a " + typeof value);
  }
}
// rows: [seq, time_ms, type, actor, action_id, payload, masked_paths, prev_hash, hash] (JSON as text)
function hashRow(r) {
  const doc = { v: 1, seq: Number(r[0]), time: new Date(Number(r[1])).toISOString(), type: r[2],
    actor: JSON.parse(r[3]), action_id: r[4], payload: JSON.parse(r[5]), masked_paths: JSON.parse(r[6]), prev_hash: r[7] };
  return createHash("sha256").update(canon(doc), "utf8").digest("hex");
}
if (parentPort) parentPort.on("message", ({ id, rows }) => {
  const hashes = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    try { hashes[i] = hashRow(rows[i]); } catch (err) { hashes[i] = "unreadable: " + err.message; }
  }
  parentPort.postMessage({ id, hashes });
});
if (typeof module !== "undefined") module.exports = { canon, hashRow };
`;

export type RawRow = unknown[];

/** A small pool of hashing workers. `close()` when done. */
export class HashPool {
  private readonly workers: Worker[];
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (hashes: string[]) => void; reject: (err: Error) => void }
  >();

  constructor(size = Math.max(1, Math.min(4, os.availableParallelism() - 1))) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.on("message", ({ id, hashes }: { id: number; hashes: string[] }) => {
        this.waiting.get(id)?.resolve(hashes);
        this.waiting.delete(id);
      });
      w.on("error", (err) => {
        for (const p of this.waiting.values()) p.reject(err);
        this.waiting.clear();
      });
      return w;
    });
  }

  get size() {
    return this.workers.length;
  }

  /** Hashes of the rows, in order, computed across the workers. */
  async hash(rows: RawRow[]): Promise<string[]> {
    const per = Math.ceil(rows.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map((w, i) => {
        const chunk = rows.slice(i * per, (i + 1) * per);
        if (chunk.length === 0) return Promise.resolve([] as string[]);
        const id = this.nextId++;
        return new Promise<string[]>((resolve, reject) => {
          this.waiting.set(id, { resolve, reject });
          w.postMessage({ id, rows: chunk });
        });
      }),
    );
    return parts.flat();
  }

  async close() {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
