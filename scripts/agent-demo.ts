/**
 * `npm run agent:demo`: a demo agent fleet talking to a running console over HTTP, the way a
 * real agent would. It submits a mix of routine, medium and high-stakes actions, executes what
 * policy allows at once, blocks (long-poll) on the ones that need a human, and reports outcomes.
 *
 *   AFC_URL=http://127.0.0.1:3000   the console (default: http://127.0.0.1:$PORT or :3000)
 *   AFC_API_KEY=afc_…               a key with scope `actions` (default: the demo admin creates one)
 *   --decide                        also play the approvers (Ada and Ben) so the run finishes unattended
 *   --violations                    afterwards, try two things the boundary forbids and show the 409s
 *   --timeout=SECONDS               how long to wait for humans (default 600)
 */
import { randomUUID } from "node:crypto";
import { demoAgentKey, signInDemoUser } from "@/lib/governance/demo-client";

const BASE = (process.env.AFC_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
const args = new Set(process.argv.slice(2));
const timeoutArg = process.argv.find((a) => a.startsWith("--timeout="));
const WAIT_SECONDS = timeoutArg ? Number(timeoutArg.split("=")[1]) : 600;

type Action = {
  id: string;
  status: string;
  tier: string;
  authority: string;
  rule: string;
  decision_reason?: string | null;
  decider_name?: string | null;
  params: Record<string, unknown>;
};

async function main() {
  const token = await demoAgentKey(BASE);
  const agent = (path: string, init: RequestInit = {}) =>
    fetch(`${BASE}${path}`, {
      ...init,
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        ...(init.headers ?? {}),
      },
    });
  const run = randomUUID().slice(0, 8);
  const requests = [
    {
      agent_id: "support-triage",
      action: "answer_ticket",
      category: "basic_customer_queries",
      params: { ticket: "T-884211", language: "en" },
      data_refs: [{ kind: "ticket", ref: "zendesk:884211" }],
    },
    {
      agent_id: "invoice-bot",
      action: "pay_invoice",
      category: "financial_transactions",
      params: { vendor: "Northwind", amount: 2400, currency: "EUR", invoice: "INV-55102" },
      data_refs: [{ kind: "document", ref: "s3://finance/invoices/INV-55102.pdf" }],
    },
    {
      agent_id: "invoice-bot",
      action: "pay_invoice",
      category: "financial_transactions",
      params: { vendor: "Globex", amount: 48000, currency: "EUR", invoice: "INV-55187" },
      data_refs: [{ kind: "document", ref: "s3://finance/invoices/INV-55187.pdf" }],
    },
    {
      agent_id: "compliance-reviewer",
      action: "file_regulatory_report",
      category: "legal_compliance",
      params: { regulator: "BaFin", report: "incident" },
      data_refs: [{ kind: "audit", ref: "audit_events" }],
    },
    {
      agent_id: "capacity-planner",
      action: "drain_gpu_node",
      category: "production_change",
      params: { node: "gpu-node-7", reason: "xid 79" },
      data_refs: [{ kind: "metric", ref: "DCGM_FI_DEV_XID_ERRORS" }],
    },
    {
      agent_id: "capacity-planner",
      action: "delete_old_checkpoints",
      category: "storage_cleanup",
      params: { older_than_days: 30 },
      data_refs: [],
    },
  ];
  const submitted: { req: (typeof requests)[number]; action: Action }[] = [];
  for (const [i, r] of requests.entries()) {
    const res = await agent("/api/v1/actions", {
      method: "POST",
      body: JSON.stringify({ ...r, call_id: `demo-${run}-${i}`, requested_by: "ops@demo.local" }),
    });
    const body = (await res.json()) as Action & { action: Action; error?: string };
    if (!res.ok) throw new Error(`submit failed: ${res.status} ${body.error}`);
    console.log(
      `${pad(r.agent_id)} ${pad(r.action, 24)} → ${pad(body.authority, 17)} ${body.status.padEnd(8)} (${body.rule})`,
    );
    submitted.push({ req: r, action: body.action });
  }

  const execute = async (a: Action, name: string) => {
    await agent(`/api/v1/actions/${a.id}/outcome`, {
      method: "POST",
      body: JSON.stringify({ status: "executing" }),
    });
    const res = await agent(`/api/v1/actions/${a.id}/outcome`, {
      method: "POST",
      body: JSON.stringify({ status: "succeeded", result: { ok: true }, executed_params: a.params }),
    });
    console.log(`  executed ${name}: ${res.ok ? "succeeded" : `refused ${res.status}`}`);
  };
  for (const s of submitted.filter((x) => x.action.status === "approved"))
    await execute(s.action, s.req.action);

  const pending = submitted.filter((x) => x.action.status === "pending");
  console.log(`\n${pending.length} actions wait for a human: open ${BASE}/approvals`);
  if (args.has("--decide")) void playApprovers(pending.map((p) => p.action.id));
  const deadline = Date.now() + WAIT_SECONDS * 1000;
  await Promise.all(
    pending.map(async ({ req, action }) => {
      let a = action;
      while (a.status === "pending" && Date.now() < deadline) {
        const res = await agent(`/api/v1/actions/${a.id}?wait=25`);
        a = ((await res.json()) as { action: Action }).action;
      }
      if (a.status === "approved") {
        console.log(`${pad(req.agent_id)} ${req.action}: approved by ${a.decider_name}`);
        await execute(a, req.action);
      } else
        console.log(
          `${pad(req.agent_id)} ${req.action}: ${a.status}${a.decision_reason ? ` — “${a.decision_reason}”` : ""}`,
        );
      return a;
    }),
  );

  if (args.has("--violations")) {
    console.log("\nTrying what the boundary forbids:");
    const held = await agent("/api/v1/actions", {
      method: "POST",
      body: JSON.stringify({ ...requests[3], call_id: `demo-${run}-v1`, requested_by: "ops@demo.local" }),
    });
    const { id } = (await held.json()) as { id: string };
    const r1 = await agent(`/api/v1/actions/${id}/outcome`, {
      method: "POST",
      body: JSON.stringify({ status: "succeeded" }),
    });
    console.log(
      `  outcome for a pending action → ${r1.status} ${((await r1.json()) as { error: string }).error}`,
    );
    const r2 = await agent(`/api/v1/actions/${randomUUID()}/outcome`, {
      method: "POST",
      body: JSON.stringify({ status: "succeeded", agent_id: "invoice-bot" }),
    });
    console.log(
      `  outcome for an unknown action → ${r2.status} ${((await r2.json()) as { error: string }).error}`,
    );
    await agent(`/api/v1/actions/${id}`, { method: "DELETE" });
  }
  console.log("\ndone: decisions, outcomes and violations are on /approvals and in the audit trail");
}

/** --decide: Ada approves, Ben approves (the quorum-2 payment) and rejects the unknown category. */
async function playApprovers(ids: string[]) {
  const [ada, ben] = await Promise.all([
    signInDemoUser(BASE, "approver@demo.local"),
    signInDemoUser(BASE, "approver2@demo.local"),
  ]);
  await new Promise((r) => setTimeout(r, 1500));
  for (const [i, id] of ids.entries()) {
    const reject = i === ids.length - 1;
    const body = JSON.stringify(
      reject
        ? { decision: "reject", reason: "Unknown category: ask the owner first" }
        : { decision: "approve" },
    );
    await (reject ? ben : ada)(`/api/v1/actions/${id}/decision`, { method: "POST", body });
    if (!reject) await ben(`/api/v1/actions/${id}/decision`, { method: "POST", body }); // quorum 2 needs a second approver
  }
}

const pad = (s: string, n = 20) => s.padEnd(n);

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
