/**
 * `npm run bench:approvals` — approval decisions on real PostgreSQL.
 *   1. Decision latency at 200 concurrent approvers (each deciding its own item), p50/p95/p99.
 *   2. Contention: 200 concurrent decisions on the same 50 items → exactly 50 succeed.
 *   3. Click-to-visible: from an approver's decision call to the change arriving at a second
 *      app instance (its own connection pool and LISTEN), p50/p95 — what another approver's
 *      inbox waits for before it refetches.
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; a
 * scratch database afc_gov_bench_<random> is created and dropped.
 * AFC_URL=http://127.0.0.1:3000 measures through a running console instead (HTTP + SSE, see
 * approvals-http.ts; BENCH_RATE / BENCH_APPROVERS / BENCH_SECONDS shape its human-pace part).
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { upsertUser } from "@/lib/auth/users";
import { type DbHandle, openDatabase } from "@/lib/db/client";
import { submitAction } from "@/lib/governance/actions";
import { type Approver, decideAction } from "@/lib/governance/decisions";
import { LIVE_CHANNEL, type LiveEvent } from "@/lib/governance/live";
import { humanPace, overHttp } from "./approvals-http";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const APPROVERS = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const row = (measure: string, xs: number[]) => ({
  measure,
  p50: ms(pct(xs, 50)),
  p95: ms(pct(xs, 95)),
  p99: ms(pct(xs, 99)),
});

async function main() {
  if (process.env.AFC_URL) {
    const base = process.env.AFC_URL.replace(/\/$/, "");
    const solo = await overHttp(base, 60, 1, row);
    const burst = await overHttp(base, 400, 200, row);
    const human = await humanPace(base, row);
    console.log(`\nApproval decisions through ${base}`);
    console.table([...solo.rows, ...burst.rows, ...human.rows]);
    console.log(`saturation (200 concurrent, back to back): ${burst.perSec.toFixed(0)} decisions/s`);
    console.log(human.summary);
    console.log("target: click-to-visible p95 < 300 ms");
    return;
  }
  // The app's own pool setting (DATABASE_POOL_MAX, default 10 in lib/db/client.ts): no bench-only override.
  const name = `afc_gov_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  let handle: DbHandle | null = null;
  let other: DbHandle | null = null;
  try {
    handle = await openDatabase({ url: url.toString() });
    (globalThis as { __afcDb?: Promise<DbHandle> }).__afcDb = Promise.resolve(handle);
    other = await openDatabase({ url: url.toString(), migrate: false });
    const approvers: Approver[] = [];
    for (let i = 0; i < APPROVERS; i++) {
      const email = `bench-approver-${i}@bench.local`;
      approvers.push({
        id: await upsertUser({ email, name: `Bench ${i}`, password: "x", roles: ["approver"] }),
        email,
        name: `Bench ${i}`,
        roles: ["approver"],
      });
    }
    const caller = { apiKeyId: null, name: "bench", constraints: {} };
    let seq = 0;
    const pendingItems = async (n: number) =>
      Promise.all(
        Array.from({ length: n }, () =>
          submitAction(
            {
              agent_id: "bench-bot",
              call_id: `b${++seq}`,
              action: "x",
              category: "legal_compliance",
              params: {},
              data_refs: [],
            },
            caller,
          ),
        ),
      ).then((r) => r.map((x) => x.action.id));

    // Second instance: its own LISTEN connection, like another app server behind the balancer.
    const arrivals = new Map<string, number>();
    await other.pg!.listen(LIVE_CHANNEL, (payload) => {
      const e = JSON.parse(payload) as LiveEvent;
      if (e.type === "action.updated" && !arrivals.has(e.id)) arrivals.set(e.id, performance.now());
    });

    const latencies: number[] = [];
    const visible: number[] = [];
    let wallTotal = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const ids = await pendingItems(APPROVERS);
      const started = new Map<string, number>();
      const t0 = performance.now();
      await Promise.all(
        ids.map(async (id, i) => {
          const s = performance.now();
          started.set(id, s);
          await decideAction(id, approvers[i]!, { decision: "approve" });
          latencies.push(performance.now() - s);
        }),
      );
      wallTotal += performance.now() - t0;
      await new Promise((r) => setTimeout(r, 300));
      for (const id of ids) {
        const at = arrivals.get(id);
        if (at !== undefined) visible.push(at - started.get(id)!);
      }
    }

    // One click at a time: what a single approver sees on an otherwise quiet system.
    const solo: number[] = [];
    const soloVisible: number[] = [];
    for (const [i, id] of (await pendingItems(100)).entries()) {
      const s = performance.now();
      await decideAction(id, approvers[i % APPROVERS]!, { decision: "approve" });
      solo.push(performance.now() - s);
      const deadline = performance.now() + 2000;
      while (!arrivals.has(id) && performance.now() < deadline) await new Promise((r) => setImmediate(r));
      if (arrivals.has(id)) soloVisible.push(arrivals.get(id)! - s);
    }

    // Contention: 4 approvers race on each of 50 items.
    const contested = await pendingItems(50);
    const codes = await Promise.all(
      contested.flatMap((id, i) =>
        [0, 1, 2, 3].map((k) =>
          decideAction(id, approvers[(i * 4 + k) % APPROVERS]!, { decision: "approve" }).then(
            () => 200,
            (e: { status?: number }) => e.status ?? 500,
          ),
        ),
      ),
    );

    const decisions = ROUNDS * APPROVERS;
    console.log(
      "\nApproval decisions on PostgreSQL (in-process DAL, pool max",
      process.env.DATABASE_POOL_MAX ?? "10 (app default)",
      ")",
    );
    console.table([
      row(`decision latency, ${APPROVERS} concurrent approvers (n=${decisions})`, latencies),
      row(`click-to-visible at a 2nd instance via LISTEN/NOTIFY (n=${visible.length})`, visible),
      row(`decision latency, one approver at a time (n=${solo.length})`, solo),
      row(`click-to-visible at a 2nd instance, one at a time (n=${soloVisible.length})`, soloVisible),
    ]);
    console.log(`throughput: ${((decisions / wallTotal) * 1000).toFixed(0)} decisions/s`);
    console.log(
      `contention: 200 decisions on 50 items → ${codes.filter((c) => c === 200).length} decided, ${codes.filter((c) => c === 409).length} × 409, ${codes.filter((c) => c !== 200 && c !== 409).length} other`,
    );
    console.log("target: click-to-visible p95 < 300 ms (the inbox adds one list refetch on top)");
  } finally {
    (globalThis as { __afcDb?: unknown }).__afcDb = undefined;
    await other?.close();
    await handle?.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
