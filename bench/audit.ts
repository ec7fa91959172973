/**
 * `npm run bench:audit`: audit-trail speed on real PostgreSQL.
 *   1. append throughput: W concurrent writers, each transaction appending 1 (or 2) events, as the
 *      governance routes do; events/s and transaction latency p50/p95 (target ≥ 2,000 events/s).
 *   2. verification of a 1 M-event trail with a checkpoint every 1,000 events (target < 30 s).
 * Uses a throwaway database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * BENCH_AUDIT_SECONDS (default 5) per append run, BENCH_AUDIT_VERIFY_EVENTS (default 1000000).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const seconds = Number(process.env.BENCH_AUDIT_SECONDS ?? 5);
const verifyEvents = Number(process.env.BENCH_AUDIT_VERIFY_EVENTS ?? 1_000_000);
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "afc-bench-audit-"));
process.env.DATABASE_POOL_MAX = "48";
process.env.LOG_LEVEL = "warn";

const { openDatabase } = await import("@/lib/db/client");
const { appendAuditEvent } = await import("@/lib/audit/append");
const { hashEvent, GENESIS_HASH } = await import("@/lib/audit/chain");
const { signCheckpoint } = await import("@/lib/audit/signing");
const { verifyAuditTrail } = await import("@/lib/audit/verify");
const { sealPendingEvents } = await import("@/lib/audit/seal");
const { eventRowsAfterRaw } = await import("@/lib/audit/rows");
const { signingKey } = await import("@/lib/audit/keys");

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

function samplePayload(i: number) {
  return {
    policyVersion: 3,
    rule: "rules.large_financial_transaction",
    inputs: {
      agentId: `agent-${i % 7}`,
      action: "pay_invoice",
      category: "financial_transactions",
      params: { amount: 1000 + (i % 50_000), currency: "EUR", invoice: `INV-${i}` },
      nowMs: 1795600000000 + i,
    },
    result: {
      tier: "high_stakes_decisions",
      authority: "require_approval",
      quorum: 2,
      expiresInSeconds: 14400,
      approverRoles: ["approver", "admin"],
    },
  };
}

async function withDatabase<T>(fn: (h: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const name = `audit_bench_${randomBytes(5).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const h = await openDatabase({ url: u.toString() });
  try {
    return await fn(h);
  } finally {
    await h.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function appendRun(h: Awaited<ReturnType<typeof openDatabase>>, writers: number, perTx: number) {
  const latencies: number[] = [];
  let events = 0;
  let writing = true;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  // The sealer runs as the background job would, back to back, while the writers commit.
  const sealer = (async () => {
    let sealed = 0;
    while (writing) {
      const n = await sealPendingEvents(h.db);
      sealed += n;
      if (n === 0) await new Promise((r) => setTimeout(r, 5));
    }
    return sealed + (await sealPendingEvents(h.db));
  })();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await h.db.transaction(async (tx) => {
          for (let k = 0; k < perTx; k++)
            await appendAuditEvent(tx, {
              type: "action.policy_decided",
              actor: { kind: "policy", id: "policy:v3" },
              actionId: `w${w}-${events}`,
              payload: samplePayload(events),
            });
        });
        latencies.push(performance.now() - t0);
        events += perTx;
      }
    }),
  );
  writing = false;
  const sealed = await sealer;
  const elapsed = (performance.now() - started) / 1000; // until the last event is in the chain
  const check = await verifyAuditTrail({ db: h.db });
  if (!check.ok || sealed !== events || check.eventsChecked !== events)
    throw new Error(`bench chain broken: ${JSON.stringify(check.failure)} sealed ${sealed}/${events}`);
  return {
    writers,
    perTx,
    events,
    eventsPerSec: Math.round(events / elapsed),
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
  };
}

/** The same transactions without the audit trail (one jsonb row each): what the database itself allows. */
async function baselineRun(h: Awaited<ReturnType<typeof openDatabase>>, writers: number, perTx: number) {
  await h.pg!`create table if not exists bench_plain (id bigserial primary key, payload jsonb not null)`;
  let events = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) {
        await h.db.transaction(async (tx) => {
          for (let k = 0; k < perTx; k++)
            await tx.execute(
              sql`insert into bench_plain (payload) values (${JSON.stringify(samplePayload(events))}::jsonb)`,
            );
        });
        events += perTx;
      }
    }),
  );
  return Math.round(events / ((performance.now() - started) / 1000));
}

async function bulkLoad(h: Awaited<ReturnType<typeof openDatabase>>, n: number) {
  const key = signingKey();
  let prev = GENESIS_HASH;
  let prevSig = "";
  const t0 = performance.now();
  const batch = 5000;
  for (let start = 1; start <= n; start += batch) {
    const rows = [];
    const cps = [];
    for (let seq = start; seq < Math.min(start + batch, n + 1); seq++) {
      const e = {
        seq,
        time: new Date(1795600000000 + seq * 10).toISOString(),
        type: "action.policy_decided",
        actor: { kind: "policy", id: "policy:v3" },
        action_id: `a-${seq >> 1}`,
        payload: samplePayload(seq),
        masked_paths: [] as string[],
        prev_hash: prev,
      };
      const hash = hashEvent(e);
      rows.push({ ...e, hash });
      prev = hash;
      if (seq % 1000 === 0) {
        const cp = signCheckpoint(key.privateKey, { seq, hash, time: e.time, prev_signature: prevSig });
        prevSig = cp.signature;
        cps.push(cp);
      }
    }
    const sql = h.pg!;
    await sql`insert into audit_events (seq, time, type, actor, action_id, payload, masked_paths, prev_hash, hash)
      select seq, time, type, actor, action_id, payload, masked_paths, prev_hash, hash
      from jsonb_to_recordset(${sql.json(rows as never)}) as x(seq bigint, time timestamptz, type text, actor jsonb,
        action_id text, payload jsonb, masked_paths jsonb, prev_hash text, hash text)`;
    if (cps.length)
      await sql`insert into audit_checkpoints ${sql(cps.map((c) => ({ seq: c.seq, hash: c.hash, time: c.time, prev_signature: c.prev_signature, key_id: c.key_id, signature: c.signature })))}`;
  }
  return (performance.now() - t0) / 1000;
}

console.log(
  `audit bench on ${serverUrl.replace(/\/\/[^@]*@/, "//")} (${os.cpus().length} CPUs), ${seconds}s per append run\n`,
);
console.log(
  "1) append throughput: writers commit events, a sealer chains them; events/s until all are chained and verified",
);
console.log("writers  events/tx  events  events/s  tx p50 ms  tx p95 ms  same tx without audit: rows/s");
for (const [writers, perTx] of [
  [1, 1],
  [8, 1],
  [32, 1],
  [64, 1],
  [32, 2],
] as const) {
  const r = await withDatabase((h) => appendRun(h, writers, perTx));
  const base = await withDatabase((h) => baselineRun(h, writers, perTx));
  console.log(
    `${String(r.writers).padStart(7)}  ${String(r.perTx).padStart(9)}  ${String(r.events).padStart(6)}  ${String(r.eventsPerSec).padStart(8)}  ${r.p50.toFixed(2).padStart(9)}  ${r.p95.toFixed(2).padStart(9)}  ${String(base).padStart(30)}`,
  );
}

console.log(`\n2) verify ${verifyEvents.toLocaleString("en")} events (checkpoint every 1,000)`);
await withDatabase(async (h) => {
  const load = await bulkLoad(h, verifyEvents);
  console.log(`   loaded in ${load.toFixed(1)} s`);
  const f0 = performance.now();
  for (let after = 0; ; ) {
    const page = await eventRowsAfterRaw(h.pg!, after, 10_000);
    if (page.length === 0) break;
    after = Number(page.at(-1)![0]);
  }
  console.log(`   reading alone (no parsing, no hashing): ${((performance.now() - f0) / 1000).toFixed(1)} s`);
  const single = await verifyAuditTrail({ db: h.db, pg: h.pg, pageSize: 10_000, workers: 0 });
  console.log(
    `   verify, hashing on the main thread: ${single.ok ? "OK" : "FAILED"} in ${(single.durationMs / 1000).toFixed(1)} s`,
  );
  const threaded = await verifyAuditTrail({ db: h.db, pg: h.pg, pageSize: 10_000, workers: 2 });
  console.log(
    `   verify, hashing on 2 worker threads: ${threaded.ok ? "OK" : "FAILED"} in ${(threaded.durationMs / 1000).toFixed(1)} s`,
  );
  const r = await verifyAuditTrail({ db: h.db, pg: h.pg, pageSize: 10_000 });
  console.log(
    `   verify (default for this machine): ${r.ok ? "OK" : `FAILED ${JSON.stringify(r.failure)}`}, ${r.eventsChecked.toLocaleString("en")} events, ${r.checkpointsChecked} checkpoints in ${(r.durationMs / 1000).toFixed(1)} s (${Math.round(r.eventsChecked / (r.durationMs / 1000)).toLocaleString("en")} events/s)`,
  );
});
fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
process.exit(0);
