/**
 * `npm run simulate:facility` — derives a facility (power, cooling loops, N+1 units, heat
 * recovery, water) from the GPU power actually ingested and publishes it, labelled
 * source="simulator". Model: lib/facility/simulator.ts.
 *
 * Reads GPU power from:   --url http://127.0.0.1:3000 --key afc_… (query API, key scope `read`;
 *                          env AFC_URL / AFC_API_KEY), or the database directly with --from-db.
 * Publishes to:            --publish mqtt   (default; --mqtt mqtt://127.0.0.1:1883 --topic-root factory),
 *                          --publish ingest (POST /api/v1/ingest; --ingest-key, key scope `ingest`),
 *                          --publish db     (the writer, in-process).
 * Period:                  --from ISO --to ISO (one pass), or --follow (every --interval, the last
 *                          complete steps, forever; Ctrl-C stops).
 * Model inputs:            --site dc-1 --step 1s --outdoor 12 | --outdoor-min 6 --outdoor-max 14
 *                          --utc-offset 1; --gpu-power-limit 700; --fail cdu-d2c-2@FROM..TO (repeat).
 */
import { parseArgs } from "node:util";
import mqtt from "mqtt";
import { httpQuery, sendInBatches } from "@/lib/facility/http-clients";
import { httpIngestSink, type PointSink } from "@/lib/facility/mqtt-bridge";
import { publishPoints } from "@/lib/facility/mqtt-publish";
import type { QueryFn } from "@/lib/facility/query-types";
import { runSimulation } from "@/lib/facility/sim-run";
import type { OutdoorInput, TelemetryPoint } from "@/lib/facility/simulate-series";
import {
  diurnalOutdoorC,
  type FacilityConfig,
  initialSimState,
  type UnitOutage,
} from "@/lib/facility/simulator";

const durationMs = (s: string) => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s);
  if (!m) throw new Error(`not a duration: ${s} (e.g. 1s, 15s, 1m)`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms"];
};
const instant = (s: string) => {
  const t = /^\d{10,}$/.test(s) ? Number(s) : Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`not a time: ${s} (ISO 8601 with zone, or unix ms)`);
  return t;
};

function parseOutage(text: string): UnitOutage {
  const m = /^([^@]+)@(.+)\.\.(.+)$/.exec(text);
  if (!m)
    throw new Error(
      `--fail ${text}: expected UNIT@FROM..TO, e.g. cdu-d2c-2@2026-11-26T06:26:05Z..2026-11-26T06:26:50Z`,
    );
  return { unit: m[1]!, fromMs: instant(m[2]!), toMs: instant(m[3]!) };
}

async function main() {
  const { values: v } = parseArgs({
    options: {
      url: { type: "string", default: process.env.AFC_URL ?? "http://127.0.0.1:3000" },
      key: { type: "string", default: process.env.AFC_API_KEY },
      "ingest-key": { type: "string" },
      "from-db": { type: "boolean", default: false },
      publish: { type: "string", default: "mqtt" },
      mqtt: { type: "string", default: process.env.MQTT_URL ?? "mqtt://127.0.0.1:1883" },
      "topic-root": { type: "string", default: "factory" },
      from: { type: "string" },
      to: { type: "string" },
      follow: { type: "boolean", default: false },
      interval: { type: "string", default: "5s" },
      step: { type: "string", default: "1s" },
      site: { type: "string", default: "dc-1" },
      outdoor: { type: "string" },
      "outdoor-min": { type: "string", default: "6" },
      "outdoor-max": { type: "string", default: "14" },
      "utc-offset": { type: "string", default: "0" },
      "gpu-power-limit": { type: "string" },
      fail: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (v.help) {
    console.log("see the header of scripts/simulate-facility.ts for options");
    return;
  }
  const stepMs = durationMs(v.step!);
  const outdoorC: OutdoorInput =
    v.outdoor !== undefined
      ? Number(v.outdoor)
      : (ts) =>
          diurnalOutdoorC(ts, {
            minC: Number(v["outdoor-min"]),
            maxC: Number(v["outdoor-max"]),
            utcOffsetHours: Number(v["utc-offset"]),
          });
  const outages = (v.fail ?? []).map(parseOutage);
  const closers: (() => Promise<void>)[] = [];

  let query: QueryFn;
  if (v["from-db"]) {
    const { queryMetric } = await import("@/lib/telemetry/query");
    const { closeDb } = await import("@/lib/db/client");
    query = (q) => queryMetric(q) as ReturnType<QueryFn>;
    closers.push(closeDb);
  } else {
    if (!v.key)
      throw new Error(
        "reading GPU power over HTTP needs --key (scope read) or AFC_API_KEY; or use --from-db",
      );
    query = httpQuery({ baseUrl: v.url!, apiKey: v.key });
  }

  let publish: (points: TelemetryPoint[]) => Promise<number>;
  if (v.publish === "mqtt") {
    const client = await mqtt.connectAsync(v.mqtt!, { clientId: `afc-simulator-${process.pid}` });
    closers.push(() => client.endAsync());
    publish = async (points) => {
      await publishPoints(client, v["topic-root"]!, points);
      return points.length;
    };
  } else if (v.publish === "ingest" || v.publish === "db") {
    let sink: PointSink;
    if (v.publish === "db") {
      const { databaseSink } = await import("@/lib/facility/db-sink");
      sink = databaseSink();
    } else {
      const key = v["ingest-key"] ?? v.key;
      if (!key) throw new Error("--publish ingest needs --ingest-key (scope ingest)");
      sink = httpIngestSink({ baseUrl: v.url!, apiKey: key });
    }
    publish = async (points) => {
      const r = await sendInBatches(sink, points);
      if (r.rejected.length)
        console.warn(`simulator: ${r.rejected.length} points rejected, e.g. ${r.rejected[0]!.error}`);
      return r.accepted;
    };
  } else throw new Error(`--publish ${v.publish}: mqtt, ingest or db`);

  const state = initialSimState();
  let config: FacilityConfig | undefined;
  const pass = async (fromMs: number, toMs: number) => {
    const run = await runSimulation({
      query,
      fromMs,
      toMs,
      stepMs,
      site: v.site!,
      outdoorC,
      outages,
      state,
      config,
      gpuPowerLimitWatts: v["gpu-power-limit"] ? Number(v["gpu-power-limit"]) : undefined,
    });
    config ??= run.config ?? undefined;
    const n = run.points.length ? await publish(run.points) : 0;
    const last = run.readings.at(-1);
    console.log(
      `simulator: ${new Date(fromMs).toISOString()}..${new Date(toMs).toISOString()} ${run.gpus} GPU(s), ${run.readings.length} steps → ${n} points` +
        (last ? ` · IT ${last.itWatts.toFixed(0)} W, facility ${last.facilityWatts.toFixed(0)} W` : ""),
    );
    return run;
  };

  try {
    if (!v.follow) {
      if (!v.from || !v.to) throw new Error("give --from and --to, or --follow");
      const run = await pass(instant(v.from), instant(v.to));
      if (run.gpus === 0)
        console.warn("simulator: no gpu_power_watts in that period — nothing to derive a facility from");
      return;
    }
    // Follow: simulate complete steps up to a lag behind now (late scrapes still arrive).
    const lagMs = Math.max(5000, 2 * stepMs);
    let cursor = Math.floor((Date.now() - lagMs) / stepMs) * stepMs - 60_000;
    let stop = false;
    process.once("SIGINT", () => {
      stop = true;
    });
    while (!stop) {
      const end = Math.floor((Date.now() - lagMs) / stepMs) * stepMs;
      if (end > cursor) {
        try {
          await pass(cursor, end);
          cursor = end; // only after a successful publish: a failed pass is retried, not skipped
        } catch (err) {
          console.error(`simulator: ${err instanceof Error ? err.message : err} (will retry)`);
        }
      }
      await new Promise((r) => setTimeout(r, durationMs(v.interval!)));
    }
  } finally {
    for (const c of closers) await c().catch(() => {});
  }
}

main().catch((err) => {
  console.error(`simulator: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
