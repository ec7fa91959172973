/**
 * `npm run bridge:mqtt -- --url mqtt://127.0.0.1:1883 --topic 'factory/#'`
 *
 * Subscribes to building sensors and ingests them. Topic and payload format: lib/facility/mqtt-mapping.ts
 * (`<root>/<site>/<metric>[/<label>=<value>…]`, payload a number or JSON {value, ts?, labels?, unit?}).
 *
 * Where points go:
 *   --ingest-url http://127.0.0.1:3000 --key afc_…   POST /api/v1/ingest (key with scope `ingest`;
 *                                                     env AFC_URL / AFC_API_KEY work too)
 *   (neither)                                         straight into the database (DATABASE_URL, or the
 *                                                     embedded one in DATA_DIR when no server holds it)
 * Other options: --topic may repeat; --client-id (stable id → the broker queues messages while the
 * bridge is down); --username/--password (or MQTT_USERNAME/MQTT_PASSWORD); --qos 0|1; --flush-ms.
 */
import { parseArgs } from "node:util";
import { httpIngestSink, type PointSink, startMqttBridge } from "@/lib/facility/mqtt-bridge";

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: "string", default: process.env.MQTT_URL ?? "mqtt://127.0.0.1:1883" },
      topic: { type: "string", multiple: true },
      "ingest-url": { type: "string", default: process.env.AFC_URL },
      key: { type: "string", default: process.env.AFC_API_KEY },
      "client-id": { type: "string", default: "afc-mqtt-bridge" },
      username: { type: "string", default: process.env.MQTT_USERNAME },
      password: { type: "string", default: process.env.MQTT_PASSWORD },
      qos: { type: "string", default: "1" },
      "flush-ms": { type: "string", default: "1000" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run bridge:mqtt -- --url mqtt://HOST:1883 --topic 'factory/#' [--ingest-url URL --key KEY]",
    );
    return;
  }
  const topics = values.topic?.length ? values.topic : ["factory/#"];
  let sink: PointSink;
  let close = async () => {};
  if (values["ingest-url"]) {
    if (!values.key)
      throw new Error("--ingest-url needs --key (an API key with scope ingest) or AFC_API_KEY");
    sink = httpIngestSink({ baseUrl: values["ingest-url"], apiKey: values.key });
    console.log(`bridge: ingesting through ${values["ingest-url"]}/api/v1/ingest`);
  } else {
    const { databaseSink } = await import("@/lib/facility/db-sink");
    const { closeDb } = await import("@/lib/db/client");
    sink = databaseSink();
    close = closeDb;
    console.log(
      `bridge: writing to the database (${process.env.DATABASE_URL ? "DATABASE_URL" : "embedded PGlite"})`,
    );
  }

  const bridge = startMqttBridge({
    url: values.url,
    topics,
    sink,
    clientId: values["client-id"],
    username: values.username,
    password: values.password,
    qos: values.qos === "0" ? 0 : 1,
    flushMs: Number(values["flush-ms"]),
    log: (level, msg, extra) =>
      console[level === "info" ? "log" : level](`bridge: ${msg}`, extra ? JSON.stringify(extra) : ""),
  });
  await bridge.ready;
  const report = setInterval(() => {
    const s = bridge.stats();
    console.log(
      `bridge: ${s.messages} messages, ${s.written} points written, ${s.invalid} invalid, ${s.skipped} skipped, ${s.rejected} rejected, ${s.buffered} buffered${s.connected ? "" : " (disconnected)"}`,
    );
  }, 10_000);
  const shutdown = async () => {
    clearInterval(report);
    await bridge.stop();
    await close();
    const s = bridge.stats();
    console.log(`bridge: stopped after ${s.written} points written (${s.buffered} unwritten)`);
    process.exit(s.buffered > 0 ? 1 : 0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err) => {
  console.error(`bridge: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
