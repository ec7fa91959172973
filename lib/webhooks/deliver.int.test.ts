import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { webhookDeliveries } from "@/lib/db/schema";
import { createTestDb } from "@/test/db";
import { type DeliveryOutcome, deliverDue, jsonObject, type Outbox } from "./deliver";
import { verifySignature } from "./sign";

/** The shared engine against a real outbox table and a real HTTP receiver on 127.0.0.1. */
let db: Awaited<ReturnType<typeof createTestDb>>;
let url = "";
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let mode: "ok" | "fail-once" | "hang" = "ok";
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    if (mode === "hang") return; // never answers: the sender's timeout must fire
    if (mode === "fail-once") {
      mode = "ok";
      res.writeHead(503).end();
      return;
    }
    res.writeHead(204).end();
  });
});

const SECRET = "engine-test-secret";
const outbox = (): Outbox => ({
  name: "test",
  table: webhookDeliveries,
  pending: sql`not ${webhookDeliveries.delivered} and not ${webhookDeliveries.gaveUp}`,
  toWebhook: (row) => ({
    url: String(row.url),
    secret: SECRET,
    event: String(row.event),
    payload: jsonObject(row.payload),
  }),
  record: async (id: number, o: DeliveryOutcome) => {
    await db.db
      .update(webhookDeliveries)
      .set(
        o.kind === "delivered"
          ? { attempts: o.attempts, delivered: true, deliveredAt: o.at, lastError: null }
          : o.kind === "gave_up"
            ? { attempts: o.attempts, gaveUp: true, lastError: o.error }
            : { attempts: o.attempts, lastError: o.error, nextAttemptAt: o.nextAttemptAt },
      )
      .where(eq(webhookDeliveries.id, id));
  },
});

beforeAll(async () => {
  db = await createTestDb();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await db?.close();
});
beforeEach(async () => {
  received.length = 0;
  mode = "ok";
  await db.db.delete(webhookDeliveries);
});

const enqueue = async (event: string, payload: Record<string, unknown>) => {
  const [row] = await db.db.insert(webhookDeliveries).values({ event, url, payload }).returning();
  return row!.id;
};

it("POSTs a signed delivery, retries it after back-off with the same id, then stops", async () => {
  const id = await enqueue("action.approved", { action: { id: "a1" } });
  mode = "fail-once";
  const t0 = Date.now() + 1_000;
  expect(await deliverDue(db.db, outbox(), { nowMs: t0 })).toMatchObject({ attempted: 1, failed: 1 });
  const [afterFail] = await db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  expect(afterFail).toMatchObject({ attempts: 1, lastError: "HTTP 503", delivered: false });
  expect(afterFail!.nextAttemptAt.getTime()).toBe(t0 + 10_000);

  expect((await deliverDue(db.db, outbox(), { nowMs: t0 + 9_000 })).attempted).toBe(0); // back-off holds
  expect(await deliverDue(db.db, outbox(), { nowMs: t0 + 10_000 })).toMatchObject({
    attempted: 1,
    delivered: 1,
  });
  expect((await deliverDue(db.db, outbox(), { nowMs: t0 + 99_000 })).attempted).toBe(0); // never again

  expect(received).toHaveLength(2);
  received.forEach((r, i) => {
    const sentAt = Math.floor((i === 0 ? t0 : t0 + 10_000) / 1000);
    expect(verifySignature(SECRET, r.body, String(r.headers["x-afc-signature"]), sentAt)).toBe(true);
    expect(verifySignature("wrong", r.body, String(r.headers["x-afc-signature"]), sentAt)).toBe(false);
    expect(r.headers["x-afc-event"]).toBe("action.approved");
    expect(r.headers["x-afc-delivery"]).toBe(String(id));
    expect(r.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(r.body)).toEqual({
      action: { id: "a1" },
      type: "action.approved",
      deliveryId: String(id),
      attempt: i + 1,
    });
  });
  const [done] = await db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  expect(done).toMatchObject({ attempts: 2, delivered: true, lastError: null });
});

it("sends each row once when several instances run at the same moment", async () => {
  for (let i = 0; i < 12; i++) await enqueue("action.notify", { n: i });
  const runs = await Promise.all([1, 2, 3].map(() => deliverDue(db.db, outbox(), { limit: 5 })));
  const runs2 = await Promise.all([1, 2, 3].map(() => deliverDue(db.db, outbox(), { limit: 5 })));
  const attempted = [...runs, ...runs2].reduce((n, s) => n + s.attempted, 0);
  expect(attempted).toBe(12);
  expect(received.map((r) => JSON.parse(r.body).n).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
  const [left] = await queryRows<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from webhook_deliveries where not delivered`,
  );
  expect(Number(left!.n)).toBe(0);
});

it("counts a receiver that never answers as a failed attempt after the timeout", async () => {
  const id = await enqueue("action.expired", {});
  mode = "hang";
  const s = await deliverDue(db.db, outbox(), { timeoutMs: 200 });
  expect(s).toMatchObject({ attempted: 1, failed: 1 });
  const [row] = await db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  expect(row!.attempts).toBe(1);
  expect(row!.lastError).toMatch(/timeout|abort/i);
  expect(row!.delivered).toBe(false);
});

it("counts a row queued within the current millisecond as due", async () => {
  // The database stamps microseconds; callers pass whole milliseconds.
  const id = await enqueue("action.notify", {});
  await db.db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: sql`'2030-01-01T00:00:00.123456Z'::timestamptz` })
    .where(eq(webhookDeliveries.id, id));
  const nowMs = Date.UTC(2030, 0, 1, 0, 0, 0, 123);
  expect(await deliverDue(db.db, outbox(), { nowMs })).toMatchObject({ attempted: 1, delivered: 1 });
});
