/**
 * The HTTP half of `npm run bench:approvals` (AFC_URL set): decisions through a running console,
 * seen in other approvers' browser-style SSE streams (/api/v1/approvals/stream).
 *   - burst: `concurrency` decisions fired at once, back to back (the worst case), and the
 *     decisions/s the HTTP path sustains that way (saturation);
 *   - human pace: BENCH_APPROVERS sessions (default 200), each with its own SSE stream open, each
 *     deciding at random (Poisson) moments so that all together make BENCH_RATE decisions/s
 *     (default 100, i.e. one every 2 s per approver), for BENCH_SECONDS (default 25).
 * Sessions are the demo approvers signed in many times (each sign-in is a separate session with
 * its own cookie and stream, like one browser tab per person).
 */
import { randomBytes } from "node:crypto";
import { demoAgentKey, readEventStream, type Session, signInDemoUser } from "@/lib/governance/demo-client";
import type { LiveEvent } from "@/lib/governance/live";

type Row = { measure: string; p50: string; p95: string; p99: string };
export type RowFn = (measure: string, xs: number[]) => Row;

const DEMO_APPROVERS = ["approver@demo.local", "approver2@demo.local"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `n` pending items submitted by an agent key, `parallel` at a time. */
async function pendingItems(base: string, token: string, n: number, parallel = 8): Promise<string[]> {
  const run = randomBytes(3).toString("hex");
  const ids: string[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < n; i = next++) {
        const res = await fetch(`${base}/api/v1/actions`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({
            agent_id: "bench-bot",
            call_id: `bench-${run}-${i}`,
            action: "x",
            category: "legal_compliance",
            params: { i },
            data_refs: [],
          }),
        });
        if (!res.ok) throw new Error(`submit: ${res.status} ${await res.text()}`);
        ids[i] = ((await res.json()) as { id: string }).id;
      }
    }),
  );
  return ids;
}

/** Opens a session's SSE stream; `onChange` (if given) gets every action.updated id. */
async function openStream(session: Session, signal: AbortSignal, onChange?: (id: string) => void) {
  const res = await session("/api/v1/approvals/stream", { signal, headers: { accept: "text/event-stream" } });
  if (!res.ok) throw new Error(`stream: ${res.status}`);
  if (!onChange) {
    // Unchecked streams are drained, not parsed: the bench client shares the 2 cores with the server.
    void res.body!.pipeTo(new WritableStream()).catch(() => {});
    return;
  }
  void readEventStream(res, (event, data) => {
    if (event !== "change") return;
    const e = JSON.parse(data) as LiveEvent;
    if (e.type === "action.updated") onChange(e.id);
  });
}

/** Burst: approver A decides `n` items, `concurrency` at a time; approver B's stream must show each. */
export async function overHttp(base: string, n: number, concurrency: number, row: RowFn) {
  const token = await demoAgentKey(base);
  const [a, b] = await Promise.all(DEMO_APPROVERS.map((email) => signInDemoUser(base, email)));
  const arrivals = new Map<string, number>();
  const abort = new AbortController();
  await openStream(b!, abort.signal, (id) => {
    if (!arrivals.has(id)) arrivals.set(id, performance.now());
  });
  const ids = await pendingItems(base, token, n);
  const latency: number[] = [];
  const visible: number[] = [];
  const queue = [...ids];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const s = performance.now();
        const res = await a!(`/api/v1/actions/${id}/decision`, {
          method: "POST",
          body: JSON.stringify({ decision: "approve" }),
        });
        latency.push(performance.now() - s);
        if (!res.ok) throw new Error(`decision: ${res.status} ${await res.text()}`);
        const deadline = performance.now() + 5000;
        while (!arrivals.has(id) && performance.now() < deadline) await sleep(2);
        if (arrivals.has(id)) visible.push(arrivals.get(id)! - s);
      }
    }),
  );
  const perSec = (n / (performance.now() - t0)) * 1000;
  abort.abort();
  return {
    rows: [
      row(`HTTP decision latency, ${concurrency} concurrent (n=${latency.length})`, latency),
      row(`HTTP click-to-visible in approver B's SSE stream (n=${visible.length})`, visible),
    ],
    perSec,
  };
}

/** Human pace: many approvers with streams open, open-loop Poisson arrivals at `rate` decisions/s. */
export async function humanPace(base: string, row: RowFn) {
  const approvers = Number(process.env.BENCH_APPROVERS ?? 200);
  const rate = Number(process.env.BENCH_RATE ?? 100);
  const seconds = Number(process.env.BENCH_SECONDS ?? 25);
  const checked = Math.min(approvers, Number(process.env.BENCH_CHECKED_STREAMS ?? 8));
  const token = await demoAgentKey(base);
  const ids = await pendingItems(base, token, Math.ceil(rate * seconds * 1.3));
  // Sign-ins run bcrypt on the server: a few at a time, before the clock starts.
  const sessions: Session[] = [];
  for (let i = 0; i < approvers; i += 4) {
    const batch = Array.from({ length: Math.min(4, approvers - i) }, (_, k) =>
      signInDemoUser(base, DEMO_APPROVERS[(i + k) % DEMO_APPROVERS.length]!),
    );
    sessions.push(...(await Promise.all(batch)));
  }
  const abort = new AbortController();
  const sentAt = new Map<string, { at: number; by: number }>();
  const visible: number[] = [];
  await Promise.all(
    sessions.map((s, i) =>
      openStream(
        s,
        abort.signal,
        i < checked
          ? (id) => {
              const sent = sentAt.get(id);
              if (!sent || sent.by === i) return;
              visible.push(performance.now() - sent.at);
            }
          : undefined,
      ),
    ),
  );
  await sleep(500); // let every stream subscribe
  const latency: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const meanGapMs = (approvers / rate) * 1000;
  await Promise.all(
    sessions.map(async (session, i) => {
      for (;;) {
        const gap = -Math.log(1 - Math.random()) * meanGapMs; // exponential gap: open-loop arrivals
        if (performance.now() + gap >= end) return;
        await sleep(gap);
        const id = ids.pop();
        if (!id) return;
        const s = performance.now();
        sentAt.set(id, { at: s, by: i });
        inflight.push(
          session(`/api/v1/actions/${id}/decision`, {
            method: "POST",
            body: JSON.stringify({ decision: "approve" }),
          })
            .then(async (res) => {
              latency.push(performance.now() - s);
              if (!res.ok) errors++;
              await res.arrayBuffer();
            })
            .catch(() => {
              errors++;
            }),
        );
      }
    }),
  );
  const wallS = (performance.now() - t0) / 1000;
  await Promise.all(inflight);
  await sleep(3000); // stragglers
  abort.abort();
  // Every decided item should reach every checked stream except its decider's.
  let expected = 0;
  for (const { by } of sentAt.values()) expected += by < checked ? checked - 1 : checked;
  const label = `${approvers} approvers, each with an SSE stream, ${rate}/s open-loop`;
  return {
    rows: [
      row(`HTTP decision latency, ${label} (n=${latency.length})`, latency),
      row(
        `HTTP click-to-visible in ${checked} other approvers' streams, ${label} (n=${visible.length})`,
        visible,
      ),
    ],
    summary:
      `human pace: ${sentAt.size} decisions in ${wallS.toFixed(1)} s (${(sentAt.size / wallS).toFixed(0)}/s offered), ` +
      `${errors} failed, ${expected - visible.length} of ${expected} stream deliveries missing`,
  };
}
