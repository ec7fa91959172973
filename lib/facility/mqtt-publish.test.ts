import { describe, expect, it } from "vitest";
import { parseMqttMessage } from "./mqtt-mapping";
import { mqttMessageFor } from "./mqtt-publish";
import { readingToPoints, simulateOverGpuPower } from "./simulate-series";
import { defaultFacilityConfig } from "./simulator";

describe("simulator → MQTT → bridge mapping", () => {
  it("round-trips every simulated point unchanged (labels, ts, value)", () => {
    const cfg = defaultFacilityConfig({ site: "dc-1", gpus: 2, gpuPowerLimitWatts: 700 });
    const [r] = simulateOverGpuPower(cfg, [[Date.UTC(2026, 10, 26, 6, 22, 27), 900]], { outdoorC: 9 });
    const points = readingToPoints(cfg, r!);
    for (const p of points) {
      const m = mqttMessageFor("factory", p);
      const back = parseMqttMessage(m.topic, m.payload, { receivedAtMs: 0, retained: false });
      expect(back).toEqual({ ok: true, points: [p] });
    }
  });
});
