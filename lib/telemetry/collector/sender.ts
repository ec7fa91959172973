/**
 * Delivers ingest bodies to the console: in order, retried with exponential back-off (plus
 * jitter) while the server is unreachable or answers 5xx/429, so nothing is lost; the server is
 * idempotent on (series, ts), so a retry after a lost response doubles nothing. A 4xx other than
 * 408/429 is permanent: the body is dropped and reported. Bounded buffer (oldest dropped, counted).
 */
export type Outgoing = { path: string; body: string; contentType: string; points: number };

export type SenderOptions = {
  url: string;
  key: string;
  maxBuffered?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (msg: string) => void;
  fetchImpl?: typeof fetch;
};

export class Sender {
  private queue: Outgoing[] = [];
  private running = false;
  private wake: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  readonly stats = {
    sentBatches: 0,
    sentPoints: 0,
    accepted: 0,
    retries: 0,
    dropped: 0,
    failed: 0,
    bytes: 0,
  };
  private stopped = false;

  constructor(private readonly opts: SenderOptions) {}

  get pending(): number {
    return this.queue.length;
  }

  enqueue(item: Outgoing): void {
    this.queue.push(item);
    const max = this.opts.maxBuffered ?? 10_000;
    while (this.queue.length > max) {
      this.queue.shift();
      this.stats.dropped++;
      this.opts.log?.(`buffer full (${max} batches): dropped the oldest batch`);
    }
    if (!this.running) void this.loop();
    this.wake?.();
  }

  /** Resolves when everything queued so far is delivered (or dropped), or after `timeoutMs`. */
  async drain(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (!this.queue.length && !this.running) return true;
    return new Promise<boolean>((resolve) => {
      const t = Number.isFinite(timeoutMs) ? setTimeout(() => resolve(false), timeoutMs) : null;
      this.idleWaiters.push(() => {
        if (t) clearTimeout(t);
        resolve(true);
      });
    });
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    this.running = true;
    let backoff = this.opts.minBackoffMs ?? 250;
    const maxBackoff = this.opts.maxBackoffMs ?? 30_000;
    while (this.queue.length && !this.stopped) {
      const item = this.queue[0]!;
      const outcome = await this.send(item);
      if (outcome === "retry") {
        this.stats.retries++;
        const wait = Math.min(maxBackoff, backoff) * (0.75 + Math.random() * 0.5);
        await new Promise<void>((r) => {
          const t = setTimeout(r, wait);
          this.wake = () => {
            if (this.stopped) {
              clearTimeout(t);
              r();
            }
          };
        });
        this.wake = null;
        backoff = Math.min(maxBackoff, backoff * 2);
        continue;
      }
      backoff = this.opts.minBackoffMs ?? 250;
      this.queue.shift();
    }
    this.running = false;
    if (!this.queue.length) for (const w of this.idleWaiters.splice(0)) w();
  }

  private async send(item: Outgoing): Promise<"ok" | "retry" | "failed"> {
    const f = this.opts.fetchImpl ?? fetch;
    try {
      const res = await f(new URL(item.path, this.opts.url), {
        method: "POST",
        headers: { authorization: `Bearer ${this.opts.key}`, "content-type": item.contentType },
        body: item.body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.ok) {
        this.stats.sentBatches++;
        this.stats.sentPoints += item.points;
        this.stats.bytes += item.body.length;
        try {
          this.stats.accepted += Number(JSON.parse(text).accepted ?? 0);
        } catch {}
        return "ok";
      }
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        this.opts.log?.(`server answered ${res.status}; retrying`);
        return "retry";
      }
      this.stats.failed++;
      this.opts.log?.(`batch refused (${res.status}): ${text.slice(0, 300)}`);
      return "failed";
    } catch (err) {
      this.opts.log?.(`cannot reach ${this.opts.url}: ${(err as Error).message}; retrying`);
      return "retry";
    }
  }
}
