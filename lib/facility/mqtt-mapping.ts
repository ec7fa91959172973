/**
 * MQTT topic + payload → telemetry points. Pure (no network), shared by the bridge and tests.
 *
 * Topic:   <root>/<site>/<metric>[/<label>=<value>…]
 *          e.g. factory/dc-1/coolant_supply_temperature_celsius/loop=immersion
 *          <root> is anything (the subscription filter picks it), <site> becomes the `site`
 *          label, <metric> must be a Prometheus metric name, each further level is a label.
 * Payload: a plain number (`23.5`)                     → value now (receive time);
 *          a JSON object {"value": 23.5, "ts"?, "labels"?, "unit"?};
 *          a JSON array of such objects (a batch on one topic).
 *          `ts`: Unix ms, Unix seconds (numbers below 1e11), or an ISO 8601 string with a zone.
 *          `unit` converts to the metric's base unit (kW → W, kWh → J, °F → °C, m³/h → L/s, …).
 *          Topic labels win over payload labels of the same name (broker ACLs are per topic).
 * Retained messages without `ts` are skipped: their value is of an unknown, possibly old, time.
 */
import type { TelemetryPoint } from "./simulate-series";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_LABEL_VALUE = 256;
const MAX_BATCH = 10_000;

/** Unit → factor (and offset) to the base unit of facility metrics. Case-sensitive: MW ≠ mW. */
const UNITS: Record<string, { factor: number; offset?: number }> = {
  W: { factor: 1 },
  kW: { factor: 1e3 },
  MW: { factor: 1e6 },
  J: { factor: 1 },
  kJ: { factor: 1e3 },
  MJ: { factor: 1e6 },
  Wh: { factor: 3600 },
  kWh: { factor: 3.6e6 },
  MWh: { factor: 3.6e9 },
  "°C": { factor: 1 },
  C: { factor: 1 },
  degC: { factor: 1 },
  "°F": { factor: 5 / 9, offset: -32 },
  F: { factor: 5 / 9, offset: -32 },
  degF: { factor: 5 / 9, offset: -32 },
  L: { factor: 1 },
  m3: { factor: 1000 },
  "m³": { factor: 1000 },
  "L/s": { factor: 1 },
  "L/min": { factor: 1 / 60 },
  "m3/h": { factor: 1000 / 3600 },
  "m³/h": { factor: 1000 / 3600 },
  "%": { factor: 0.01 },
  ratio: { factor: 1 },
};

export type MqttParseResult =
  | { ok: true; points: TelemetryPoint[] }
  | { ok: false; skipped: true; reason: string }
  | { ok: false; skipped?: false; error: string };

type Opts = { receivedAtMs: number; retained?: boolean };

export function parseTopic(
  topic: string,
): { ok: true; metric: string; labels: Record<string, string> } | { ok: false; error: string } {
  const parts = topic.split("/");
  if (parts.length < 3)
    return { ok: false, error: `topic "${topic}" must be <root>/<site>/<metric>[/<label>=<value>…]` };
  const [, site, metric, ...rest] = parts;
  if (!site) return { ok: false, error: `topic "${topic}": empty site level` };
  if (!metric || !METRIC_NAME.test(metric))
    return { ok: false, error: `topic "${topic}": "${metric}" is not a metric name` };
  const labels: Record<string, string> = { site };
  for (const seg of rest) {
    const eq = seg.indexOf("=");
    const name = eq > 0 ? seg.slice(0, eq) : "";
    const value = eq > 0 ? seg.slice(eq + 1) : "";
    const bad = checkLabel(name, value);
    if (bad) return { ok: false, error: `topic "${topic}": level "${seg}": ${bad}` };
    labels[name] = value;
  }
  return { ok: true, metric, labels };
}

function checkLabel(name: string, value: unknown): string | null {
  if (!LABEL_NAME.test(name) || name.startsWith("__")) return `"${name}" is not a label name`;
  if (typeof value !== "string" || value.length === 0)
    return `label "${name}" needs a non-empty string value`;
  if (value.length > MAX_LABEL_VALUE) return `label "${name}" is longer than ${MAX_LABEL_VALUE} characters`;
  return null;
}

function parseTs(ts: unknown): number | null | "bad" {
  if (ts === undefined || ts === null) return null;
  if (typeof ts === "number" && Number.isFinite(ts) && ts > 0)
    return ts < 1e11 ? Math.round(ts * 1000) : Math.round(ts);
  if (typeof ts === "string" && /(Z|[+-]\d\d:?\d\d)$/.test(ts)) {
    const t = Date.parse(ts);
    return Number.isNaN(t) ? "bad" : t;
  }
  return "bad";
}

function convert(value: number, unit: unknown): number | string {
  if (unit === undefined || unit === null || unit === "") return value;
  if (typeof unit !== "string" || !(unit in UNITS)) return `unknown unit ${JSON.stringify(unit)}`;
  const u = UNITS[unit]!;
  return (value + (u.offset ?? 0)) * u.factor;
}

function pointFrom(
  item: unknown,
  base: { metric: string; labels: Record<string, string> },
  opts: Opts,
  where: string,
): TelemetryPoint | { error: string } | { skip: string } {
  let value: unknown = item;
  let ts: unknown;
  let unit: unknown;
  let extra: Record<string, unknown> = {};
  if (item !== null && typeof item === "object" && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    value = o.value;
    ts = o.ts ?? o.timestamp;
    unit = o.unit;
    if (o.labels !== undefined) {
      if (o.labels === null || typeof o.labels !== "object" || Array.isArray(o.labels)) {
        return { error: `${where}: "labels" must be an object of strings` };
      }
      extra = o.labels as Record<string, unknown>;
    }
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return { error: `${where}: "value" must be a finite number` };
  }
  const t = parseTs(ts);
  if (t === "bad") return { error: `${where}: "ts" must be Unix ms/seconds or an ISO 8601 time with a zone` };
  if (t === null && opts.retained) return { skip: "retained message without ts (time unknown)" };
  const converted = convert(value, unit);
  if (typeof converted === "string") return { error: `${where}: ${converted}` };
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(extra)) {
    const bad = checkLabel(k, v);
    if (bad) return { error: `${where}: ${bad}` };
    labels[k] = v as string;
  }
  Object.assign(labels, base.labels);
  return { metric: base.metric, labels, ts: t ?? opts.receivedAtMs, value: converted };
}

/** Maps one MQTT message to points, or says precisely why it cannot. */
export function parseMqttMessage(topic: string, payload: Uint8Array | string, opts: Opts): MqttParseResult {
  const t = parseTopic(topic);
  if (!t.ok) return { ok: false, error: t.error };
  const text = (typeof payload === "string" ? payload : new TextDecoder().decode(payload)).trim();
  if (text === "") return { ok: false, error: `${topic}: empty payload` };
  let body: unknown;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) body = Number(text);
  else {
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, error: `${topic}: payload is neither a number nor JSON` };
    }
  }
  const items = Array.isArray(body) ? body : [body];
  if (items.length > MAX_BATCH)
    return { ok: false, error: `${topic}: more than ${MAX_BATCH} items in one message` };
  const points: TelemetryPoint[] = [];
  for (let i = 0; i < items.length; i++) {
    const where = Array.isArray(body) ? `${topic}[${i}]` : topic;
    const p = pointFrom(items[i], t, opts, where);
    if ("error" in p) return { ok: false, error: p.error };
    if ("skip" in p) return { ok: false, skipped: true, reason: `${topic}: ${p.skip}` };
    points.push(p);
  }
  return { ok: true, points };
}

/** The topic a point is published on (the inverse mapping; the simulator uses it). */
export function topicFor(root: string, point: TelemetryPoint): string {
  const { site = "default", ...rest } = point.labels;
  const levels = Object.entries(rest)
    .filter(([k]) => k !== "source")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  return [root, site, point.metric, ...levels].join("/");
}
