import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { appendAuditEvent } from "@/lib/audit/append";
import { type Executor, getDb } from "@/lib/db/client";
import { actions, policyVersions } from "@/lib/db/schema";
import {
  type Classification,
  classify,
  DEFAULT_POLICY_YAML,
  type Policy,
  type PolicyError,
  parsePolicy,
} from "./policy";

export type PolicyVersion = {
  version: number;
  yaml: string;
  policy: Policy;
  note: string | null;
  createdAt: Date;
};

// Parsed policies by version: versions never change, so the cache never goes stale.
const parsed = new Map<number, Policy>();
function parseStored(version: number, yaml: string): Policy {
  let p = parsed.get(version);
  if (!p) {
    const r = parsePolicy(yaml);
    if (!r.ok)
      throw new Error(
        `stored policy v${version} is invalid: line ${r.errors[0]?.line} ${r.errors[0]?.message}`,
      );
    p = r.policy;
    parsed.set(version, p);
  }
  return p;
}

/** The current (highest) policy version, creating version 1 from the default when there is none. */
export async function currentPolicy(exec?: Executor): Promise<PolicyVersion> {
  const db = exec ?? (await getDb());
  const [row] = await db.select().from(policyVersions).orderBy(desc(policyVersions.version)).limit(1);
  if (row) return { ...row, policy: parseStored(row.version, row.yaml) };
  await ensureDefaultPolicy(db);
  return currentPolicy(db);
}

/** Version 1 = the default policy (idempotent; concurrent callers insert it once). */
export async function ensureDefaultPolicy(exec?: Executor): Promise<void> {
  const db = exec ?? (await getDb());
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(policyVersions)
      .values({ version: 1, yaml: DEFAULT_POLICY_YAML, note: "default policy" })
      .onConflictDoNothing()
      .returning({ version: policyVersions.version });
    if (inserted.length > 0)
      await appendAuditEvent(tx, {
        type: "policy.version_created",
        actor: { kind: "system", id: "seed" },
        payload: { version: 1, note: "default policy", yaml: DEFAULT_POLICY_YAML },
      });
  });
}

export async function getPolicyVersion(version: number): Promise<PolicyVersion | null> {
  const db = await getDb();
  const [row] = await db.select().from(policyVersions).where(eq(policyVersions.version, version)).limit(1);
  return row ? { ...row, policy: parseStored(row.version, row.yaml) } : null;
}

export async function listPolicyVersions() {
  const db = await getDb();
  return db
    .select({
      version: policyVersions.version,
      note: policyVersions.note,
      createdAt: policyVersions.createdAt,
      createdBy: policyVersions.createdBy,
    })
    .from(policyVersions)
    .orderBy(desc(policyVersions.version));
}

export type SavePolicyResult =
  | { ok: true; version: number }
  | { ok: false; errors: PolicyError[] }
  | { ok: false; conflict: { currentVersion: number } };

/**
 * Saves a new version. `baseVersion` (the version the editor started from) guards against two
 * admins overwriting each other: a stale base is a conflict, not a silent overwrite.
 */
export async function savePolicyVersion(input: {
  yaml: string;
  note?: string | null;
  baseVersion?: number | null;
  user: { id: string; name: string };
}): Promise<SavePolicyResult> {
  const r = parsePolicy(input.yaml);
  if (!r.ok) return { ok: false, errors: r.errors };
  await ensureDefaultPolicy();
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Serialise version numbering across instances.
    await tx.execute(sql`select pg_advisory_xact_lock(7262105)`);
    const [cur] = await tx
      .select({ version: policyVersions.version })
      .from(policyVersions)
      .orderBy(desc(policyVersions.version))
      .limit(1);
    const current = cur?.version ?? 0;
    if (input.baseVersion != null && input.baseVersion !== current)
      return { ok: false as const, conflict: { currentVersion: current } };
    const version = current + 1;
    await tx
      .insert(policyVersions)
      .values({ version, yaml: input.yaml, note: input.note ?? null, createdBy: input.user.id });
    await appendAuditEvent(tx, {
      type: "policy.version_created",
      actor: { kind: "user", id: input.user.id, name: input.user.name },
      payload: { version, previousVersion: current, note: input.note ?? null, yaml: input.yaml },
    });
    return { ok: true as const, version };
  });
}

export type DryRunRow = {
  id: string;
  agentId: string;
  action: string;
  category: string;
  requestedAt: Date;
  before: { tier: string; authority: string; rule: string; policyVersion: number };
  after: Pick<Classification, "tier" | "authority" | "rule" | "reason" | "quorum">;
  changed: boolean;
};

/** What the last `limit` actions would have gotten under a proposed policy (each at its own request time). */
export async function dryRunPolicy(
  yaml: string,
  limit = 100,
): Promise<{ ok: true; rows: DryRunRow[] } | { ok: false; errors: PolicyError[] }> {
  const r = parsePolicy(yaml);
  if (!r.ok) return r;
  const db = await getDb();
  const recent = await db.select().from(actions).orderBy(desc(actions.requestedAt)).limit(limit);
  const rows = recent.map((a) => {
    const nowMs = Number((a.classification as { nowMs?: number }).nowMs ?? a.requestedAt.getTime());
    const c = classify(
      r.policy,
      { agentId: a.agentId, action: a.action, category: a.category, params: a.params },
      { nowMs },
    );
    return {
      id: a.id,
      agentId: a.agentId,
      action: a.action,
      category: a.category,
      requestedAt: a.requestedAt,
      before: { tier: a.tier, authority: a.authority, rule: a.rule, policyVersion: a.policyVersion },
      after: { tier: c.tier, authority: c.authority, rule: c.rule, reason: c.reason, quorum: c.quorum },
      changed: c.authority !== a.authority || c.tier !== a.tier || c.rule !== a.rule,
    };
  });
  return { ok: true, rows };
}
