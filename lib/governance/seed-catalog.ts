/**
 * The demo agents and what they do (pure data for the seed and `npm run agent:demo`).
 * Agents and categories match the ROI feature's demo initiatives.
 */
export type Rand = () => number;
export type ActionTemplate = {
  category: string;
  action: string;
  weight: number;
  params: (r: Rand) => Record<string, unknown>;
  dataRefs: (r: Rand, params: Record<string, unknown>) => unknown[];
};

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const VENDORS = ["ACME GmbH", "Northwind", "Globex", "Initech", "Umbrella Ltd", "Hooli"];
const POOLS = ["llama-70b-prod", "mixtral-batch", "embed-small", "rerank-v2"];

/** Deterministic PRNG (mulberry32) so the demo data is the same on every clean seed. */
export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_AGENTS: Record<string, ActionTemplate[]> = {
  "invoice-bot": [
    {
      category: "data_processing",
      action: "reconcile_invoices",
      weight: 5,
      params: (r) => ({ batch: `B-${int(r, 1000, 9999)}`, invoices: int(r, 20, 400) }),
      dataRefs: () => [{ kind: "table", ref: "erp.invoices_open" }],
    },
    {
      category: "financial_transactions",
      action: "pay_invoice",
      weight: 4,
      params: (r) => ({
        vendor: pick(r, VENDORS),
        amount: r() < 0.2 ? int(r, 11_000, 80_000) : int(r, 200, 9_500),
        currency: "EUR",
        invoice: `INV-${int(r, 10000, 99999)}`,
      }),
      dataRefs: (_r, p) => [
        { kind: "document", ref: `s3://finance/invoices/${p.invoice}.pdf` },
        { kind: "table", ref: `erp.vendors/${p.vendor}` },
      ],
    },
  ],
  "support-triage": [
    {
      category: "basic_customer_queries",
      action: "answer_ticket",
      weight: 7,
      params: (r) => ({ ticket: `T-${int(r, 100000, 999999)}`, language: pick(r, ["en", "de", "fr"]) }),
      dataRefs: (r) => [
        { kind: "ticket", ref: `zendesk:${int(r, 100000, 999999)}` },
        { kind: "kb", ref: "kb/refund-policy" },
      ],
    },
    {
      category: "content_moderation",
      action: "hide_post",
      weight: 2,
      params: (r) => ({ post: `P-${int(r, 1000, 9999)}`, reason: pick(r, ["spam", "abuse", "pii"]) }),
      dataRefs: () => [{ kind: "model", ref: "moderation-classifier@v7" }],
    },
    {
      category: "customer_refund",
      action: "issue_refund",
      weight: 2,
      params: (r) => ({
        order: `O-${int(r, 10000, 99999)}`,
        amount: r() < 0.25 ? int(r, 600, 2500) : int(r, 10, 450),
        currency: "EUR",
      }),
      dataRefs: (r) => [{ kind: "order", ref: `shop:O-${int(r, 10000, 99999)}` }],
    },
  ],
  "capacity-planner": [
    {
      category: "capacity_forecast",
      action: "forecast_gpu_demand",
      weight: 3,
      params: (r) => ({ horizon_days: pick(r, [7, 14, 30]), cluster: "h200-a" }),
      dataRefs: () => [
        { kind: "metric", ref: "gen_ai.server.request.duration" },
        { kind: "metric", ref: "DCGM_FI_DEV_POWER_USAGE" },
      ],
    },
    {
      category: "workload_scaling",
      action: "scale_inference_pool",
      weight: 3,
      params: (r) => {
        const from = int(r, 2, 8);
        return { pool: pick(r, POOLS), from_replicas: from, to_replicas: from + pick(r, [-1, 1, 2]) };
      },
      dataRefs: () => [{ kind: "metric", ref: "inference_queue_depth" }],
    },
    {
      category: "production_change",
      action: "drain_gpu_node",
      weight: 1,
      params: (r) => ({
        node: `gpu-node-${int(r, 1, 16)}`,
        reason: pick(r, ["xid 79", "thermal", "maintenance"]),
      }),
      dataRefs: () => [{ kind: "metric", ref: "DCGM_FI_DEV_XID_ERRORS" }],
    },
  ],
  "compliance-reviewer": [
    {
      category: "report_generation",
      action: "compile_evidence_pack",
      weight: 2,
      params: (r) => ({ control: pick(r, ["ISO27001-A.8", "SOC2-CC6.1", "EU-AI-Act-Art12"]) }),
      dataRefs: () => [{ kind: "audit", ref: "audit_events" }],
    },
    {
      category: "legal_compliance",
      action: "file_regulatory_report",
      weight: 1,
      params: (r) => ({
        regulator: pick(r, ["BaFin", "CNIL", "ICO"]),
        report: pick(r, ["incident", "quarterly"]),
      }),
      dataRefs: () => [{ kind: "document", ref: "s3://legal/drafts/report.docx" }],
    },
    {
      category: "contract_signature",
      action: "sign_dpa",
      weight: 1,
      params: (r) => ({ counterparty: pick(r, VENDORS), value_eur: int(r, 5_000, 250_000) }),
      dataRefs: () => [{ kind: "document", ref: "s3://legal/contracts/dpa.pdf" }],
    },
  ],
};

/** The template of a given category (the seed steers live inbox items across categories). */
export function templateFor(category: string): { agentId: string; t: ActionTemplate } {
  for (const [agentId, ts] of Object.entries(DEMO_AGENTS)) {
    const t = ts.find((x) => x.category === category);
    if (t) return { agentId, t };
  }
  throw new Error(`no demo template for ${category}`);
}

export function pickTemplate(r: Rand): { agentId: string; t: ActionTemplate } {
  const all = Object.entries(DEMO_AGENTS).flatMap(([agentId, ts]) => ts.map((t) => ({ agentId, t })));
  const total = all.reduce((s, x) => s + x.t.weight, 0);
  let x = r() * total;
  for (const e of all) {
    x -= e.t.weight;
    if (x <= 0) return e;
  }
  return all[all.length - 1]!;
}

export const REJECT_REASONS = [
  "Amount not covered by the approved budget",
  "Vendor bank details changed last week; verify first",
  "Outside the maintenance window",
  "Duplicate of an earlier request",
  "Needs legal review of the wording",
];
