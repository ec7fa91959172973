/**
 * Telling a lost database connection from an ordinary query error, and retrying work that is safe
 * to repeat. postgres.js drops a dead connection from its pool and dials a new one on the next
 * query, so once PostgreSQL is back, a retry is all it takes; nothing needs a restart.
 */

/** SQLSTATEs that mean "the connection or the server went away", not "your query is wrong". */
const LOST_SQLSTATES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "08007",
]);
/** postgres.js and Node socket error codes for the same situation. */
const LOST_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);

/** True when `err` (or anything in its `cause` chain, e.g. a DrizzleQueryError) is a lost connection. */
export function isConnectionError(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 6; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (LOST_SQLSTATES.has(code) || LOST_CODES.has(code))) return true;
    if (e instanceof AggregateError && e.errors.some(isConnectionError)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export type RetryOptions = {
  /** Waits before each retry, in ms; their count is the number of retries. */
  delaysMs?: readonly number[];
  onRetry?: (attempt: number, err: unknown) => void;
};

/** Default: three retries over ~2.3 s, long enough to ride out a terminated backend or a fast restart. */
export const DEFAULT_RETRY_DELAYS_MS = [100, 600, 1600] as const;

/**
 * Runs `fn`, repeating it when it fails because the database connection was lost. Only for work
 * that is safe to repeat (reads, or a transaction that either committed nothing or is idempotent).
 */
export async function withDbRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const delays = opts.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= delays.length || !isConnectionError(err)) throw err;
      opts.onRetry?.(attempt + 1, err);
      await new Promise((r) => setTimeout(r, delays[attempt]));
    }
  }
}
