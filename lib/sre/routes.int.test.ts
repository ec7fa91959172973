/**
 * The SRE and alert routes as the page calls them (route handlers, real auth by API key, zod
 * validation, real database with the H200 trace loaded through ingest).
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as alertsGET } from "@/app/api/v1/alerts/route";
import { GET as rulesGET } from "@/app/api/v1/alerts/rules/route";
import { GET as settingsGET } from "@/app/api/v1/alerts/settings/route";
import { GET as annotationsGET } from "@/app/api/v1/annotations/route";
import { GET as panelGET } from "@/app/api/v1/panels/sre/[panel]/route";
import { setWebhookConfig } from "@/lib/alerts/settings";
import { ensureDefaultRules } from "@/lib/alerts/store";
import { createApiKey } from "@/lib/auth/api-keys";
import { users } from "@/lib/db/schema";
import { ingestNvidiaSmi } from "@/lib/telemetry/ingest";
import { createTestDb } from "@/test/db";

let db: Awaited<ReturnType<typeof createTestDb>>;
let readToken: string;
let ingestToken: string;
const FROM = Date.UTC(2026, 10, 26, 6, 22, 0);
const TO = Date.UTC(2026, 10, 26, 6, 29, 0);

beforeAll(async () => {
  db = await createTestDb();
  await ingestNvidiaSmi(fs.readFileSync("fixtures/h200-inference-trace/nvsmi.csv", "utf8"), {
    host: "h200-demo",
    tz: "UTC",
  });
  await ensureDefaultRules();
  readToken = (await createApiKey({ name: "reader", scopes: ["read"] })).token;
  ingestToken = (await createApiKey({ name: "ingest", scopes: ["ingest"] })).token;
}, 120_000);
afterAll(async () => db?.close());

const get = (
  handler: (req: Request, ctx?: never) => Promise<Response>,
  url: string,
  token = readToken,
  params?: object,
) =>
  handler(
    new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${token}` } }),
    (params ? { params: Promise.resolve(params) } : undefined) as never,
  );

describe("GET /api/v1/panels/sre/:panel", () => {
  it("returns every series of the GPU panel with throttling decoded", async () => {
    const res = await get(panelGET, `/api/v1/panels/sre/gpus?from=${FROM}&to=${TO}&step=5000`, readToken, {
      panel: "gpus",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      thresholdCelsius: number;
      temperature: { unit: string; series: unknown[] };
      throttling: { reason: string }[];
      latestMs: null;
    };
    expect(body.thresholdCelsius).toBe(70);
    expect(body.temperature.unit).toBe("°C");
    expect(body.temperature.series).toHaveLength(1);
    expect(body.throttling.some((w) => w.reason === "sw_power_cap")).toBe(true);
    expect(body.latestMs).toBeNull();
  });

  it("says when data exists outside an empty range (for 'jump to latest data')", async () => {
    const res = await get(
      panelGET,
      `/api/v1/panels/sre/fleet?from=${TO + 3_600_000}&to=${TO + 7_200_000}&step=15000`,
      readToken,
      {
        panel: "fleet",
      },
    );
    const body = (await res.json()) as { latestMs: number; gpuCount: number };
    expect(body.gpuCount).toBe(0);
    expect(body.latestMs).toBeGreaterThan(Date.UTC(2026, 10, 26, 6, 27, 0));
    expect(body.latestMs).toBeLessThanOrEqual(Date.UTC(2026, 10, 26, 6, 29, 0));
  });

  it("refuses bad input with the field, unknown panels and keys without the read scope", async () => {
    const bad = await get(
      panelGET,
      `/api/v1/panels/sre/gpus?from=${FROM}&to=${FROM - 1}&step=5000`,
      readToken,
      { panel: "gpus" },
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe("query.to");
    const tooMany = await get(
      panelGET,
      `/api/v1/panels/sre/gpus?from=${FROM}&to=${TO}&step=1000&x=1`,
      readToken,
      { panel: "gpus" },
    );
    expect(tooMany.status).toBe(200); // unknown query params are ignored, like the query API
    const steps = await get(panelGET, `/api/v1/panels/sre/gpus?from=0&to=${TO}&step=1000`, readToken, {
      panel: "gpus",
    });
    expect(steps.status).toBe(400);
    const unknown = await get(
      panelGET,
      `/api/v1/panels/sre/nope?from=${FROM}&to=${TO}&step=5000`,
      readToken,
      { panel: "nope" },
    );
    expect(unknown.status).toBe(404);
    const forbidden = await get(
      panelGET,
      `/api/v1/panels/sre/gpus?from=${FROM}&to=${TO}&step=5000`,
      ingestToken,
      { panel: "gpus" },
    );
    expect(forbidden.status).toBe(403);
  });
});

describe("alerts and annotations routes", () => {
  it("lists rules with descriptions, events and annotations", async () => {
    const rules = (await (await get(rulesGET, "/api/v1/alerts/rules")).json()) as {
      rules: { slug: string; description: string }[];
    };
    expect(rules.rules.find((r) => r.slug === "gpu-temperature")?.description).toBe(
      "any GPU above 70 °C for 1 min",
    );
    const alerts = await get(alertsGET, "/api/v1/alerts?state=firing");
    expect(alerts.status).toBe(200);
    expect(((await alerts.json()) as { alerts: unknown[] }).alerts).toEqual([]);
    const badState = await get(alertsGET, "/api/v1/alerts?state=burning");
    expect(badState.status).toBe(400);
    const ann = await get(annotationsGET, `/api/v1/annotations?from=${FROM}&to=${TO}`);
    expect(ann.status).toBe(200);
    expect(await ann.json()).toMatchObject({ alerts: [], decisions: expect.any(Array) });
  });
});

describe("GET /api/v1/alerts/settings", () => {
  it("gives everyone the threshold but never a webhook URL or secret to non-admins", async () => {
    const [u] = await db.db
      .insert(users)
      .values({ email: "a@t.local", name: "A", passwordHash: "x", roles: ["admin"] })
      .returning();
    await setWebhookConfig(
      { url: "https://hooks.example.com/T000/B000/secret-path", secret: "0123456789abcdef0", enabled: true },
      { id: u!.id },
    );
    const res = await get(settingsGET, "/api/v1/alerts/settings");
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      gpuTemperatureThresholdCelsius: 70,
      webhook: { configured: true, enabled: true },
    });
    expect(text).not.toContain("secret-path");
    expect(text).not.toContain("0123456789abcdef0");
  });
});
