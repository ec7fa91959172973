/**
 * MQTT → telemetry bridge: subscribes to building-sensor topics, maps each message to points
 * (lib/facility/mqtt-mapping.ts) and hands them to a sink in batches (every `flushMs` or
 * `maxBatch` points). A failing sink is retried with exponential back-off while messages keep
 * buffering (bounded); a sink that refuses the data for good (4xx) drops that batch with a log.
 *
 * Delivery: QoS 1 with a persistent session (clean: false, stable client id) so the broker keeps
 * queued messages while the bridge is down. Points buffered in memory are lost if the process is
 * killed before a flush (at most `flushMs` of data); `stop()` flushes first.
 */
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { parseMqttMessage } from "./mqtt-mapping";
import type { TelemetryPoint } from "./simulate-series";

export type SinkResult = { accepted: number; rejected?: { index: number; error: string }[] };
export type PointSink = (points: TelemetryPoint[]) => Promise<SinkResult>;

/** Thrown by a sink when retrying cannot help (e.g. HTTP 400/401/403/413). */
export class PermanentSinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentSinkError";
  }
}

export type BridgeLog = (
  level: "info" | "warn" | "error",
  msg: string,
  extra?: Record<string, unknown>,
) => void;

export type BridgeOptions = {
  url: string;
  topics: string[];
  sink: PointSink;
  clientId?: string;
  username?: string;
  password?: string;
  qos?: 0 | 1;
  /** Keep the broker session (queued QoS 1 messages) across restarts. Default true. */
  persistentSession?: boolean;
  flushMs?: number;
  maxBatch?: number;
  /** Buffer ceiling while the sink is down; beyond it the oldest points are dropped (counted). */
  maxBuffer?: number;
  log?: BridgeLog;
};

export type BridgeStats = {
  connected: boolean;
  messages: number;
  points: number;
  written: number;
  invalid: number;
  skipped: number;
  rejected: number;
  dropped: number;
  buffered: number;
  flushes: number;
  sinkFailures: number;
  lastError: string | null;
};

export type MqttBridge = {
  stats(): BridgeStats;
  /** Writes what is buffered now (retrying per the back-off until it succeeds or is refused). */
  flush(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the subscriptions are granted. */
  ready: Promise<void>;
};

export function startMqttBridge(opts: BridgeOptions): MqttBridge {
  const log: BridgeLog = opts.log ?? (() => {});
  const flushMs = opts.flushMs ?? 1000;
  const maxBatch = opts.maxBatch ?? 5000;
  const maxBuffer = opts.maxBuffer ?? 500_000;
  const qos = opts.qos ?? 1;
  const stats: BridgeStats = {
    connected: false,
    messages: 0,
    points: 0,
    written: 0,
    invalid: 0,
    skipped: 0,
    rejected: 0,
    dropped: 0,
    buffered: 0,
    flushes: 0,
    sinkFailures: 0,
    lastError: null,
  };
  let buffer: TelemetryPoint[] = [];
  let flushing: Promise<void> | null = null;
  let backoffMs = 0;
  let retryAt = 0;
  let stopped = false;

  const clientOpts: IClientOptions = {
    clientId: opts.clientId ?? `afc-bridge-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    clean: opts.persistentSession === false,
    username: opts.username,
    password: opts.password,
    reconnectPeriod: 2000,
    connectTimeout: 10_000,
  };
  const client: MqttClient = mqtt.connect(opts.url, clientOpts);

  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => {});

  client.on("connect", (ack) => {
    stats.connected = true;
    log("info", "mqtt connected", { url: opts.url, sessionPresent: ack.sessionPresent });
    client.subscribe(opts.topics, { qos }, (err, granted) => {
      if (err) {
        log("error", "subscribe failed", { error: err.message });
        rejectReady(err);
        return;
      }
      const refused = (granted ?? []).filter((g) => g.qos === 128);
      if (refused.length) {
        const e = new Error(`broker refused subscription to ${refused.map((g) => g.topic).join(", ")}`);
        log("error", e.message);
        rejectReady(e);
        return;
      }
      log("info", "subscribed", { topics: opts.topics, qos });
      resolveReady();
    });
  });
  client.on("close", () => {
    stats.connected = false;
  });
  client.on("error", (err) => {
    stats.lastError = err.message;
    log("warn", "mqtt error", { error: err.message });
  });

  client.on("message", (topic, payload, packet) => {
    stats.messages++;
    const r = parseMqttMessage(topic, payload, { receivedAtMs: Date.now(), retained: packet.retain });
    if (!r.ok) {
      if (r.skipped) {
        stats.skipped++;
        log("info", "message skipped", { reason: r.reason });
      } else {
        stats.invalid++;
        log("warn", "invalid message", { error: r.error });
      }
      return;
    }
    stats.points += r.points.length;
    for (const p of r.points) buffer.push(p);
    if (buffer.length > maxBuffer) {
      const drop = buffer.length - maxBuffer;
      buffer = buffer.slice(drop);
      stats.dropped += drop;
      log("error", "buffer full while the sink is failing: dropped oldest points", { dropped: drop });
    }
    stats.buffered = buffer.length;
    if (buffer.length >= maxBatch) void flush();
  });

  async function flushOnce(): Promise<void> {
    while (buffer.length > 0) {
      if (Date.now() < retryAt && !stopped) return;
      const batch = buffer.slice(0, maxBatch);
      try {
        const res = await opts.sink(batch);
        buffer = buffer.slice(batch.length);
        stats.written += res.accepted;
        stats.flushes++;
        if (res.rejected?.length) {
          stats.rejected += res.rejected.length;
          log("warn", "sink rejected points", {
            rejected: res.rejected.slice(0, 5),
            count: res.rejected.length,
          });
        }
        backoffMs = 0;
        retryAt = 0;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        stats.lastError = message;
        if (err instanceof PermanentSinkError) {
          buffer = buffer.slice(batch.length);
          stats.rejected += batch.length;
          log("error", "sink refused batch; dropped", { error: message, points: batch.length });
          continue;
        }
        stats.sinkFailures++;
        backoffMs = Math.min(30_000, backoffMs ? backoffMs * 2 : 500);
        retryAt = Date.now() + backoffMs;
        log("warn", "sink failed; will retry", {
          error: message,
          retryInMs: backoffMs,
          buffered: buffer.length,
        });
        if (stopped) throw err;
        return;
      } finally {
        stats.buffered = buffer.length;
      }
    }
  }

  function flush(): Promise<void> {
    flushing ??= flushOnce().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  const timer = setInterval(() => void flush(), flushMs);

  return {
    stats: () => ({ ...stats }),
    flush,
    ready,
    async stop() {
      if (stopped) return;
      clearInterval(timer);
      await new Promise<void>((res) => client.end(false, {}, () => res()));
      stopped = true;
      stats.connected = false;
      await flushing?.catch(() => {});
      await flush().catch((err) =>
        log("error", "final flush failed; points lost", { error: String(err), points: buffer.length }),
      );
    },
  };
}

/** A sink that POSTs the ingest JSON batch to the console (`/api/v1/ingest`) with an API key. */
export function httpIngestSink(input: {
  baseUrl: string;
  apiKey: string;
  fetchImpl?: typeof fetch;
}): PointSink {
  const doFetch = input.fetchImpl ?? fetch;
  const url = new URL("/api/v1/ingest", input.baseUrl).toString();
  return async (points) => {
    const res = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${input.apiKey}` },
      body: JSON.stringify({ points }),
    });
    const text = await res.text();
    if (res.status >= 500 || res.status === 429)
      throw new Error(`ingest ${res.status}: ${text.slice(0, 200)}`);
    if (!res.ok) throw new PermanentSinkError(`ingest ${res.status}: ${text.slice(0, 200)}`);
    const body = JSON.parse(text) as SinkResult;
    return { accepted: Number(body.accepted ?? points.length), rejected: body.rejected };
  };
}
