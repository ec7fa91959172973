import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueryResult } from "@/components/charts/prepare/types";
import { alertDeliveries, users } from "@/lib/db/schema";
import type { MetricQuery } from "@/lib/sre/panels";
import { verifySignature } from "@/lib/webhooks/sign";
import { createTestDb } from "@/test/db";
import { deliverDueWebhooks } from "./deliver";
import { evaluateAlerts, evaluateOverRange } from "./evaluate";
import { getGpuTemperatureThreshold, setGpuTemperatureThreshold, setWebhookConfig } from "./settings";
import { ensureDefaultRules, listEvents, listRules, updateRule } from "./store";

/**
 * Reconciliation, webhooks and audit against a real database, with metric data served by a small
 * in-test aggregator (the H200 end-to-end run is in lib/sre/truth.int.test.ts).
 */
type Sample = { metric: string; labels: Record<string, string>; t: number; v: number };
const T0 = Date.UTC(2026, 10, 26, 6, 26, 0);
const gpu = { host: "h", gpu: "0", uuid: "GPU-1" };
const samples: Sample[] = [];
// 250 ms samples for 3 minutes: power cap (0x4) from +20 s to +60 s, temperature peaking at 62 °C.
for (let t = T0; t < T0 + 180_000; t += 250) {
  const capped = t >= T0 + 20_000 && t < T0 + 60_000;
  samples.push({ metric: "gpu_clock_event_reasons", labels: gpu, t, v: capped ? 4 : 0 });
  samples.push({ metric: "gpu_temperature_celsius", labels: gpu, t, v: capped ? 62 : 45 });
}

const fakeQuery = async (q: MetricQuery): Promise<QueryResult> => {
  const groups = new Map<string, { labels: Record<string, string>; buckets: Map<number, number[]> }>();
  for (const s of samples) {
    if (s.metric !== q.metric || s.t < q.fromMs || s.t >= q.toMs) continue;
    const labels = Object.fromEntries(
      (q.by ?? []).filter((k) => k in s.labels).map((k) => [k, s.labels[k]!]),
    );
    const key = JSON.stringify(labels);
    const g = groups.get(key) ?? { labels, buckets: new Map<number, number[]>() };
    groups.set(key, g);
    const b = q.fromMs + Math.floor((s.t - q.fromMs) / q.stepMs) * q.stepMs;
    g.buckets.set(b, [...(g.buckets.get(b) ?? []), s.v]);
  }
  const agg = (vs: number[]) =>
    q.agg === "min"
      ? Math.min(...vs)
      : q.agg === "max"
        ? Math.max(...vs)
        : q.agg === "last"
          ? vs[vs.length - 1]!
          : vs.reduce((a, b) => a + b, 0) / vs.length;
  return {
    metric: q.metric,
    unit: "",
    series: [...groups.values()].map((g) => ({
      labels: g.labels,
      points: [...g.buckets.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([t, vs]) => [t, agg(vs)] as [number, number]),
    })),
  };
};

let db: Awaited<ReturnType<typeof createTestDb>>;
let adminId: string;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let failNext = 0;
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    if (failNext > 0) {
      failNext--;
      res.writeHead(503).end();
      return;
    }
    received.push({ headers: req.headers, body });
    res.writeHead(204).end();
  });
});

beforeAll(async () => {
  db = await createTestDb();
  const [u] = await db.db
    .insert(users)
    .values({ email: "admin@t.local", name: "Admin", passwordHash: "x", roles: ["admin"] })
    .returning();
  adminId = u!.id;
  await ensureDefaultRules();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await setWebhookConfig(
    { url: `http://127.0.0.1:${port}/hook`, secret: "a-very-long-test-secret", enabled: true },
    { id: adminId },
  );
});

afterAll(async () => {
  server.close();
  await db?.close();
});

describe("alert evaluation", () => {
  it("seeds default rules idempotently", async () => {
    expect(await ensureDefaultRules()).toBe(0);
    expect((await listRules()).map((r) => r.slug)).toContain("gpu-power-cap");
  });

  it("fires the power-cap rule with the data-time window and never the 70 °C rule", async () => {
    const s = await evaluateOverRange(T0, T0 + 150_000, 5_000, fakeQuery);
    expect(s.errors).toEqual([]);
    const events = await listEvents({ state: "all" });
    expect(events.map((e) => e.kind)).toEqual(["gpu_throttling"]);
    const e = events[0]!;
    // Fires once 30 s of power cap accumulated; starts when the cap began, ends when it lifted.
    expect(Date.parse(e.startedAt)).toBe(T0 + 20_000);
    expect(Date.parse(e.endedAt!)).toBe(T0 + 60_000);
    expect(e.labels).toMatchObject({ host: "h", gpu: "0" });
    expect(await getGpuTemperatureThreshold()).toBe(70);
  });

  it("fires the temperature rule when an admin lowers the threshold below the data, and audits the change", async () => {
    await setGpuTemperatureThreshold(60, { id: adminId, name: "Admin" });
    const rules = await listRules();
    const temp = rules.find((r) => r.slug === "gpu-temperature")!;
    await updateRule(temp.id, { params: { forMinutes: 0.5 } }, { id: adminId, name: "Admin" });
    await evaluateAlerts({ nowMs: T0 + 55_000, query: fakeQuery });
    const firing = await listEvents({ state: "firing" });
    // (the power cap has held 35 s by now, so that rule fires too)
    expect(firing.map((e) => e.kind).sort()).toEqual(["gpu_temperature_above", "gpu_throttling"]);
    // 15 s steps: the run starts with the first step whose coolest sample is above 60 °C
    const started = Date.parse(firing.find((e) => e.kind === "gpu_temperature_above")!.startedAt);
    expect(started).toBeGreaterThanOrEqual(T0 + 20_000);
    expect(started).toBeLessThan(T0 + 35_000);
    await evaluateAlerts({ nowMs: T0 + 90_000, query: fakeQuery });
    expect(await listEvents({ state: "firing" })).toEqual([]);
    await setGpuTemperatureThreshold(70, { id: adminId, name: "Admin" });
  });

  it("keeps one open event when two instances evaluate at once", async () => {
    await Promise.all([
      evaluateAlerts({ nowMs: T0 + 55_000, query: fakeQuery }),
      evaluateAlerts({ nowMs: T0 + 55_000, query: fakeQuery }),
    ]);
    const firing = await listEvents({ state: "firing" });
    expect(firing).toHaveLength(1);
    expect(firing[0]!.kind).toBe("gpu_throttling");
    await evaluateAlerts({ nowMs: T0 + 170_000, query: fakeQuery });
    expect(await listEvents({ state: "firing" })).toEqual([]);
  });
});

describe("webhook delivery", () => {
  it("sends every transition once, signed, and retries failures with back-off", async () => {
    const queued = await db.db.select().from(alertDeliveries);
    expect(queued.length).toBeGreaterThanOrEqual(4); // firing + resolved for each event
    failNext = 1;
    const now = Date.now() + 1000;
    const first = await deliverDueWebhooks({ nowMs: now });
    expect(first.failed).toBe(1);
    expect(first.delivered).toBe(queued.length - 1);
    // The failed one waits for its back-off: not retried immediately...
    expect((await deliverDueWebhooks({ nowMs: now + 1000 })).attempted).toBe(0);
    // ...but after it.
    const retry = await deliverDueWebhooks({ nowMs: now + 70_000 });
    expect(retry).toMatchObject({ attempted: 1, delivered: 1 });
    expect(received).toHaveLength(queued.length);
    for (const r of received) {
      const body = JSON.parse(r.body) as { type: string; alert: { rule: { slug: string } } };
      expect(["alert.firing", "alert.resolved"]).toContain(body.type);
      expect(r.headers["x-afc-event"]).toBe(body.type);
      expect(r.headers["x-afc-delivery"]).toMatch(/^\d+$/);
      expect(
        verifySignature(
          "a-very-long-test-secret",
          r.body,
          String(r.headers["x-afc-signature"]),
          Math.floor((now + 70_000) / 1000),
        ),
      ).toBe(true);
    }
    const kinds = received.map((r) => JSON.parse(r.body).alert.rule.slug as string);
    // three power-cap episodes (range replay, threshold test, concurrent test) and one temperature event
    expect(kinds.filter((k) => k === "gpu-power-cap")).toHaveLength(6);
    expect(kinds.filter((k) => k === "gpu-temperature")).toHaveLength(2);
    const rows = await db.db.select().from(alertDeliveries);
    expect(rows.every((r) => r.status === "delivered")).toBe(true);
  });
});
