import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditTrail } from "@/lib/audit/verify";
import { upsertUser } from "@/lib/auth/users";
import { ApiError } from "@/lib/http/errors";
import { createTestDb } from "@/test/db";
import { type AgentCaller, getAction, submitAction, waitForDecision } from "./actions";
import { listDecisionAnnotations } from "./annotations";
import { type Approver, decideAction, expireDueActions } from "./decisions";
import { type LiveEvent, resetLiveForTests, subscribeLive } from "./live";
import { violationCountsForMetrics } from "./metrics";
import { listNotifications, markNotificationsRead } from "./notifications";
import { reportOutcome } from "./outcomes";
import { DEFAULT_POLICY_YAML } from "./policy";
import { currentPolicy, dryRunPolicy, savePolicyVersion } from "./policy-store";
import { actionStats, listActions } from "./queries";

let db: Awaited<ReturnType<typeof createTestDb>>;
const approvers: Approver[] = [];
const agent: AgentCaller = { apiKeyId: null, name: "test-key", constraints: {} };
let seq = 0;
const submit = (
  category: string,
  params: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) =>
  submitAction(
    {
      agent_id: "invoice-bot",
      call_id: `c${++seq}`,
      action: "pay",
      category,
      params,
      data_refs: [],
      ...extra,
    },
    agent,
  );
const status = async (p: Promise<unknown>) => {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof ApiError) return e.status;
    throw e;
  }
};

beforeAll(async () => {
  resetLiveForTests();
  db = await createTestDb();
  for (let i = 0; i < 4; i++) {
    const email = `approver${i}@t.local`;
    const id = await upsertUser({ email, name: `Approver ${i}`, password: "pw", roles: ["approver"] });
    approvers.push({ id, email, name: `Approver ${i}`, roles: ["approver"] });
  }
}, 120_000);
afterAll(async () => {
  resetLiveForTests();
  await db?.close();
});

describe("submission", () => {
  it("creates autonomous and notify tiers approved by policy, high stakes pending", async () => {
    const a = await submit("data_processing");
    expect(a.action).toMatchObject({
      status: "approved",
      decided_by: "policy",
      authority: "autonomous",
      policy_version: 1,
    });
    const n = await submit("content_moderation");
    expect(n.action).toMatchObject({
      status: "approved",
      authority: "notify_human",
      rule: "tier.medium_risk_actions",
    });
    const h = await submit("legal_compliance");
    expect(h.action).toMatchObject({ status: "pending", authority: "require_approval", quorum: 1 });
    expect(h.action.expires_at).not.toBeNull();
    const u = await submit("mystery_category");
    expect(u.action).toMatchObject({ status: "pending", rule: "defaults.unknown_category" });
    const feed = await listNotifications(approvers[0]!.id);
    expect(feed.items.some((i) => i.actionId === n.action.id && !i.read)).toBe(true);
    expect(await markNotificationsRead(approvers[0]!.id, "all")).toBeGreaterThan(0);
    expect((await listNotifications(approvers[0]!.id)).unread).toBe(0);
  });

  it("is idempotent on (agent_id, call_id) under concurrent retries; another body is a conflict", async () => {
    const body = {
      agent_id: "support-triage",
      call_id: "retry-1",
      action: "refund",
      category: "legal_compliance",
      params: { a: 1 },
      data_refs: [],
    };
    const results = await Promise.all(Array.from({ length: 12 }, () => submitAction(body, agent)));
    expect(new Set(results.map((r) => r.action.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await status(submitAction({ ...body, params: { a: 2 } }, agent))).toBe(409);
  });
});

describe("decisions", () => {
  it("decides each of 50 items exactly once under 200 concurrent decisions", async () => {
    const items = await Promise.all(Array.from({ length: 50 }, () => submit("strategic_changes")));
    const attempts = items.flatMap((it, i) =>
      approvers.map((ap, j) =>
        status(
          decideAction(
            it.action.id,
            ap,
            (i + j) % 2 ? { decision: "approve" } : { decision: "reject", reason: "no" },
          ),
        ),
      ),
    );
    const codes = await Promise.all(attempts);
    expect(codes.filter((c) => c === 200)).toHaveLength(50);
    expect(codes.filter((c) => c === 409)).toHaveLength(150);
    for (const it of items) {
      const a = await getAction(it.action.id);
      expect(["approved", "rejected"]).toContain(a!.status);
      expect(a!.decided_by).toBe("human");
    }
  }, 120_000);

  it("requires a reason to reject and answers a second decision with who decided", async () => {
    const { action } = await submit("legal_compliance");
    expect(await status(decideAction(action.id, approvers[0]!, { decision: "reject" }))).toBe(400);
    await decideAction(action.id, approvers[0]!, { decision: "approve" });
    try {
      await decideAction(action.id, approvers[1]!, { decision: "approve" });
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).status).toBe(409);
      expect((e as ApiError).message).toContain("Approver 0");
    }
  });

  it("needs two distinct approvers for a large transaction (quorum 2)", async () => {
    const { action } = await submit("financial_transactions", { amount: 50_000 });
    expect(action).toMatchObject({ status: "pending", quorum: 2 });
    const first = await decideAction(action.id, approvers[0]!, { decision: "approve" });
    expect(first).toMatchObject({ final: false, approvals: 1 });
    expect(await status(decideAction(action.id, approvers[0]!, { decision: "approve" }))).toBe(409);
    const second = await decideAction(action.id, approvers[1]!, { decision: "approve" });
    expect(second.final).toBe(true);
    expect(second.action.status).toBe("approved");
    // The decided row comes back from the database function: the same view a later read gives.
    expect(second.action).toEqual(await getAction(action.id));
  });

  it("counts every concurrent vote towards quorum (the count never misses a committed vote)", async () => {
    const items = await Promise.all(
      Array.from({ length: 10 }, () => submit("financial_transactions", { amount: 50_000 })),
    );
    const results = await Promise.all(
      items.flatMap((it) =>
        [0, 1, 2].map((k) =>
          decideAction(it.action.id, approvers[k]!, { decision: "approve" }).then(
            (r) => r,
            () => null,
          ),
        ),
      ),
    );
    for (const it of items) expect((await getAction(it.action.id))!.status).toBe("approved");
    const ok = results.filter((r) => r !== null);
    expect(ok.filter((r) => r.final)).toHaveLength(10);
    expect(ok.filter((r) => !r.final).map((r) => r.approvals)).toEqual(Array(10).fill(1));
    // The batched audit events (vote, then decision) seal into a chain that verifies.
    const trail = await verifyAuditTrail({ workers: 0 });
    expect(trail.failure).toBeNull();
    expect(trail.ok).toBe(true);
  }, 60_000);

  it("never lets the requester approve their own request", async () => {
    const requester = ` ${approvers[2]!.email.toUpperCase()} `; // compared trimmed, case-insensitively
    const { action } = await submit("legal_compliance", {}, { requested_by: requester });
    expect(await status(decideAction(action.id, approvers[2]!, { decision: "approve" }))).toBe(409);
    expect(await status(decideAction(action.id, approvers[3]!, { decision: "approve" }))).toBe(200);
  });

  it("refuses approvers without an allowed role", async () => {
    const { action } = await submit("legal_compliance");
    const exec = { ...approvers[3]!, roles: ["executive"] };
    expect(await status(decideAction(action.id, exec, { decision: "approve" }))).toBe(403);
  });

  it("expires overdue requests (never approves them), and expired items cannot be approved", async () => {
    const { action } = await submit("legal_compliance");
    const later = Date.now() + 5 * 3600_000;
    expect(
      await status(decideAction(action.id, approvers[0]!, { decision: "approve" }, { nowMs: later })),
    ).toBe(409);
    expect((await getAction(action.id))!.status).toBe("expired");
    const other = await submit("legal_compliance");
    expect(await expireDueActions({ nowMs: later })).toBeGreaterThanOrEqual(1);
    expect((await getAction(other.action.id))!.status).toBe("expired");
    expect(await status(decideAction(other.action.id, approvers[0]!, { decision: "approve" }))).toBe(409);
  });

  it("wakes a waiting agent when a human decides", async () => {
    const { action } = await submit("legal_compliance");
    const waiting = waitForDecision(action.id, 10);
    await new Promise((r) => setTimeout(r, 100));
    const seen: LiveEvent[] = [];
    const unsubscribe = await subscribeLive((e) => seen.push(e));
    const t0 = Date.now();
    await decideAction(action.id, approvers[1]!, { decision: "approve" });
    const done = await waiting;
    unsubscribe();
    expect(done!.status).toBe("approved");
    expect(Date.now() - t0).toBeLessThan(1900); // woken by NOTIFY, not by the 2 s re-read
    expect(seen.find((e) => e.id === action.id)).toMatchObject({
      type: "action.updated",
      status: "approved",
      agentId: "invoice-bot",
    });
  });
});

describe("outcomes and violations", () => {
  it("records every violation cause and answers 409/403", async () => {
    const pending = await submit("legal_compliance");
    expect(await status(reportOutcome(pending.action.id, { status: "succeeded" }, agent))).toBe(409);

    const auto = await submit("data_processing", { rows: 10 });
    expect(await status(reportOutcome(auto.action.id, { status: "executing" }, agent))).toBe(200);
    expect(
      await status(
        reportOutcome(auto.action.id, { status: "succeeded", executed_params: { rows: 9999 } }, agent),
      ),
    ).toBe(409);

    expect(
      await status(reportOutcome("00000000-0000-0000-0000-000000000000", { status: "succeeded" }, agent)),
    ).toBe(409);

    const limited: AgentCaller = {
      apiKeyId: null,
      name: "limited",
      constraints: { categories: ["data_processing"] },
    };
    expect(
      await status(
        submitAction(
          {
            agent_id: "invoice-bot",
            call_id: "x1",
            action: "sue",
            category: "legal_compliance",
            params: {},
            data_refs: [],
          },
          limited,
        ),
      ),
    ).toBe(403);
    const onlyBot: AgentCaller = {
      apiKeyId: null,
      name: "bot-only",
      constraints: { agents: ["invoice-bot"] },
    };
    expect(
      await status(
        submitAction(
          {
            agent_id: "other-bot",
            call_id: "x2",
            action: "x",
            category: "data_processing",
            params: {},
            data_refs: [],
          },
          onlyBot,
        ),
      ),
    ).toBe(403);

    const causes = new Set((await violationCountsForMetrics()).map((r) => r.cause));
    expect([...causes].sort()).toEqual(
      [
        "agent_not_allowed",
        "category_not_allowed",
        "outcome_not_approved",
        "params_mismatch",
        "unknown_action",
      ].sort(),
    );
  });

  it("accepts a clean outcome once, idempotently", async () => {
    const auto = await submit("report_generation", { q: 1 });
    const done = await reportOutcome(
      auto.action.id,
      { status: "succeeded", result: { ok: true }, executed_params: { q: 1 } },
      agent,
    );
    expect(done.status).toBe("succeeded");
    expect(
      await status(reportOutcome(auto.action.id, { status: "succeeded", result: { ok: true } }, agent)),
    ).toBe(200);
    expect(await status(reportOutcome(auto.action.id, { status: "failed" }, agent))).toBe(409);
  });
});

describe("queries and policy versions", () => {
  it("lists pending actions most urgent first and reports stats", async () => {
    const pending = await listActions({ statuses: ["pending"] });
    expect(pending.length).toBeGreaterThan(0);
    const exp = pending.map((p) => p.expires_at ?? "9999");
    expect([...exp].sort()).toEqual(exp);
    const stats = await actionStats({ fromMs: Date.now() - 3600_000, toMs: Date.now() + 60_000 });
    const row = stats.find((s) => s.agentId === "invoice-bot" && s.category === "strategic_changes");
    expect(row!.total).toBe(50);
    expect(row!.decidedByHuman).toBe(50);
    const ann = await listDecisionAnnotations(Date.now() - 3600_000, Date.now() + 60_000);
    expect(ann.length).toBeGreaterThan(50);
  });

  it("keeps every version, refuses a stale base, and dry-runs a proposal", async () => {
    const user = { id: approvers[0]!.id, name: "admin" };
    const strict = DEFAULT_POLICY_YAML.replace("authority: autonomous", "authority: require_approval");
    expect((await savePolicyVersion({ yaml: "nope: [", user })).ok).toBe(false);
    const dry = await dryRunPolicy(strict);
    expect(dry.ok && dry.rows.some((r) => r.changed && r.after.authority === "require_approval")).toBe(true);
    const saved = await savePolicyVersion({ yaml: strict, baseVersion: 1, user });
    expect(saved).toEqual({ ok: true, version: 2 });
    expect(await savePolicyVersion({ yaml: strict, baseVersion: 1, user })).toMatchObject({
      ok: false,
      conflict: { currentVersion: 2 },
    });
    expect((await currentPolicy()).version).toBe(2);
    const a = await submit("data_processing");
    expect(a.action).toMatchObject({ status: "pending", policy_version: 2 });
  });
});
