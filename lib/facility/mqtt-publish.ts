/** Publishing telemetry points to MQTT in the bridge's topic format (see mqtt-mapping.ts). */
import type { MqttClient } from "mqtt";
import { topicFor } from "./mqtt-mapping";
import type { TelemetryPoint } from "./simulate-series";

/** The message of one point: topic levels carry site and labels; the payload carries ts, value, source. */
export function mqttMessageFor(root: string, p: TelemetryPoint): { topic: string; payload: string } {
  const payload: Record<string, unknown> = { value: p.value, ts: p.ts };
  if (p.labels.source) payload.labels = { source: p.labels.source };
  return { topic: topicFor(root, p), payload: JSON.stringify(payload) };
}

export async function publishPoints(
  client: MqttClient,
  root: string,
  points: readonly TelemetryPoint[],
  qos: 0 | 1 = 1,
) {
  // A bounded number in flight keeps memory flat on long replays.
  const inFlight = new Set<Promise<unknown>>();
  for (const p of points) {
    const m = mqttMessageFor(root, p);
    const pr = client.publishAsync(m.topic, m.payload, { qos });
    inFlight.add(pr);
    void pr.finally(() => inFlight.delete(pr));
    if (inFlight.size >= 200) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}
