import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { upsertUser } from "@/lib/auth/users";
import { queryRows } from "@/lib/db/client";
import { MAX_DELIVERY_ATTEMPTS, verifySignature } from "@/lib/webhooks/sign";
import { createTestDb } from "@/test/db";
import type { ActionView } from "./action-view";
import { getAction, submitAction } from "./actions";
import { decideAction } from "./decisions";
import { resetLiveForTests } from "./live";
import { reportOutcome } from "./outcomes";
import { deliverDueWebhooks } from "./webhooks";

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  resetLiveForTests();
  process.env.GOVERNANCE_WEBHOOK_URL = "https://hooks.example.test/afc";
  process.env.GOVERNANCE_WEBHOOK_SECRET = "s3cret";
  db = await createTestDb();
});
afterAll(async () => {
  delete process.env.GOVERNANCE_WEBHOOK_URL;
  delete process.env.GOVERNANCE_WEBHOOK_SECRET;
  resetLiveForTests();
  await db?.close();
});

const caller = { apiKeyId: null, name: "t", constraints: {} };

it("sends an HMAC-signed webhook for the notify tier and retries failures with back-off", async () => {
  await submitAction(
    {
      agent_id: "invoice-bot",
      call_id: "w1",
      action: "pay",
      category: "content_moderation",
      params: {},
      data_refs: [],
    },
    caller,
  );
  const seen: { headers: Headers; body: string }[] = [];
  const ok = (async (_url: string, init: RequestInit) => {
    seen.push({ headers: new Headers(init.headers), body: String(init.body) });
    return new Response("ok");
  }) as unknown as typeof fetch;
  expect(await deliverDueWebhooks({ fetchImpl: ok })).toMatchObject({ attempted: 1, delivered: 1 });
  const h = seen[0]!.headers;
  // The one scheme shared with alert webhooks (lib/webhooks/sign.ts).
  const nowSeconds = Math.floor(Date.now() / 1000);
  expect(verifySignature("s3cret", seen[0]!.body, h.get("x-afc-signature")!, nowSeconds)).toBe(true);
  expect(h.get("x-afc-event")).toBe("action.notify");
  expect(h.get("x-afc-delivery")).toMatch(/^\d+$/);
  expect(JSON.parse(seen[0]!.body)).toMatchObject({
    type: "action.notify",
    event: "action.notify",
    deliveryId: h.get("x-afc-delivery"),
    attempt: 1,
    action: { category: "content_moderation" },
  });
  expect((await deliverDueWebhooks({ fetchImpl: ok })).attempted).toBe(0); // delivered once, never again

  await submitAction(
    {
      agent_id: "invoice-bot",
      call_id: "w2",
      action: "pay",
      category: "legal_compliance",
      params: {},
      data_refs: [],
    },
    caller,
  );
  const down = (async () => new Response("nope", { status: 503 })) as unknown as typeof fetch;
  expect(await deliverDueWebhooks({ fetchImpl: down })).toMatchObject({ attempted: 1, failed: 1 });
  const [row] = await queryRows<{ attempts: number; last_error: string; wait: number }>(
    db.db,
    sql`select attempts, last_error, extract(epoch from next_attempt_at - now())::int as wait from webhook_deliveries where not delivered`,
  );
  expect(row).toMatchObject({ attempts: 1, last_error: "HTTP 503" });
  expect(row!.wait).toBeGreaterThan(0);
  expect((await deliverDueWebhooks({ fetchImpl: down })).attempted).toBe(0); // not due yet
  // Force it due repeatedly: it gives up after MAX_DELIVERY_ATTEMPTS.
  for (let i = 1; i < MAX_DELIVERY_ATTEMPTS; i++) {
    await db.db.execute(
      sql`update webhook_deliveries set next_attempt_at = now() - interval '1 minute' where not delivered`,
    );
    await deliverDueWebhooks({ fetchImpl: down });
  }
  const [last] = await queryRows<{ attempts: number; gave_up: boolean }>(
    db.db,
    sql`select attempts, gave_up from webhook_deliveries where not delivered`,
  );
  expect(last).toMatchObject({ attempts: MAX_DELIVERY_ATTEMPTS, gave_up: true });
});

it("queues a decision's webhook with the decided action, in the decision's transaction", async () => {
  const { action } = await submitAction(
    {
      agent_id: "invoice-bot",
      call_id: "w3",
      action: "pay",
      category: "financial_transactions",
      params: { amount: 50_000 },
      data_refs: [],
    },
    caller,
  );
  expect(action.quorum).toBe(2);
  const approver = async (n: number) => {
    const email = `hook${n}@t.local`;
    const id = await upsertUser({ email, name: `Hook ${n}`, password: "pw", roles: ["approver"] });
    return { id, email, name: `Hook ${n}`, roles: ["approver"] };
  };
  const outbox = () =>
    queryRows<{ event: string; payload: { action: ActionView } }>(
      db.db,
      sql`select event, payload from webhook_deliveries where action_id = ${action.id}::uuid order by id`,
    );
  const requested = (await outbox()).map((r) => r.event); // the approval request itself
  expect((await decideAction(action.id, await approver(1), { decision: "approve" })).final).toBe(false);
  expect((await outbox()).map((r) => r.event)).toEqual(requested); // short of quorum: no decision
  const decided = await decideAction(action.id, await approver(2), { decision: "approve" });
  const rows = (await outbox()).slice(requested.length);
  expect(rows.map((r) => r.event)).toEqual(["action.approved"]);
  expect(rows[0]!.payload.action).toEqual(decided.action);
  expect(decided.action).toMatchObject({ status: "approved", decided_by: "human", decider_name: "Hook 2" });

  // governance_action_view() (SQL) mirrors toActionView for every action here, outcome fields too.
  await reportOutcome(
    action.id,
    { status: "succeeded", result: { ok: "1" }, executed_params: action.params },
    caller,
  );
  const views = await queryRows<{ id: string; view: ActionView }>(
    db.db,
    sql`select a.id, governance_action_view(a) as view from actions a`,
  );
  expect(views.length).toBeGreaterThanOrEqual(3);
  for (const v of views) expect(v.view).toEqual(await getAction(v.id));
  expect(views.find((v) => v.id === action.id)!.view).toMatchObject({ outcome_status: "succeeded" });
});
