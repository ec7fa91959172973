import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { commands as cli } from "@/scripts/cli/audit";
import { createTestDb } from "@/test/db";
import { available, commandWorks } from "@/test/requirements";
import { appendAuditEvent, prepareAuditEvent } from "./append";
import { createCheckpointIfDue } from "./checkpoints";
import { exportAuditTrail } from "./export";
import { resetSigningKeyCache, signingKey } from "./keys";
import { sealPendingEvents } from "./seal";
import { verifyAuditTrail } from "./verify";

let db: Awaited<ReturnType<typeof createTestDb>>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "afc-audit-"));

beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  resetSigningKeyCache();
  db = await createTestDb();
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const actor = { kind: "user" as const, id: "u-1", name: "ann@demo.local" };

/** Runs statements as the superuser with triggers off: what an attacker with full access could do. */
async function tamper(...statements: string[]) {
  await db.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const s of statements) await tx.execute(sql.raw(s));
  });
}

async function exportToFile(name: string) {
  let text = "";
  for await (const chunk of exportAuditTrail()) text += chunk;
  const file = path.join(dataDir, name);
  fs.writeFileSync(file, text);
  return file;
}

const hasPython = available(commandWorks("python3", ["--version"]), "python3 (the outside verifier)");

/** The outside verifier's verdict on an export, checked wherever python3 is (always in CI). */
function expectPythonVerdict(file: string, text: string, code?: number) {
  if (!hasPython) return;
  const r = pythonVerify(file);
  expect(r.out).toContain(text);
  if (code !== undefined) expect(r.code).toBe(code);
}

function pythonVerify(file: string) {
  const keyFile = path.join(dataDir, "public.pem");
  fs.writeFileSync(keyFile, signingKey().publicPem);
  try {
    return {
      code: 0,
      out: execFileSync("python3", ["tools/verify-audit.py", file, "--public-key", keyFile], {
        encoding: "utf8",
      }),
    };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

it("validates what callers pass", () => {
  expect(() => prepareAuditEvent({ type: "Bad Type", actor, payload: {} })).toThrow(/area.verb/);
  expect(() => prepareAuditEvent({ type: "a.b", actor: { kind: "user", id: "" }, payload: {} })).toThrow(
    /actor/,
  );
  expect(
    prepareAuditEvent({ type: "a.b", actor, payload: { when: new Date(0) } }, new Date(5)),
  ).toMatchObject({
    time: "1970-01-01T00:00:00.005Z",
    payload: { when: "1970-01-01T00:00:00.000Z" },
    action_id: null,
  });
});

describe(`audit trail on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("appends with gap-free sequence numbers under concurrent writers, rolled-back writers leave no gap", async () => {
    const writers = Array.from({ length: 40 }, (_, i) =>
      db.db
        .transaction(async (tx) => {
          await appendAuditEvent(tx, {
            type: "action.submitted",
            actor,
            actionId: `a-${i}`,
            payload: { i, amount: i * 1.25 },
          });
          await appendAuditEvent(tx, {
            type: "action.decided",
            actor,
            actionId: `a-${i}`,
            payload: { i, decision: "approve" },
          });
          if (i % 10 === 9) throw new Error("rolled back on purpose");
        })
        .catch((err: Error) => {
          if (!err.message.includes("on purpose")) throw err;
        }),
    );
    await Promise.all(writers);
    expect(await sealPendingEvents()).toBe(72);
    const rows = await queryRows<{ seq: string | number }>(
      db.db,
      sql`select seq from audit_events order by seq`,
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 72 }, (_, i) => i + 1));
    expect(await verifyAuditTrail()).toMatchObject({ ok: true, eventsChecked: 72, lastSeq: 72 });
  });

  it("masks secrets before hashing and records the masked paths", async () => {
    const res = await db.db.transaction((tx) =>
      appendAuditEvent(tx, {
        type: "apikey.created",
        actor,
        payload: {
          name: "ci",
          token: "afc_abcdefghijklmnopqrstuvwxyz",
          params: { headers: { authorization: "Bearer x" } },
          max_tokens: 9,
          note: "é 🚀 \u0000",
        },
      }),
    );
    expect(res.maskedPaths).toEqual(["/params/headers/authorization", "/token"]);
    expect(await sealPendingEvents()).toBe(1);
    const [row] = await queryRows<{ payload: string }>(
      db.db,
      sql`select payload::text as payload from audit_events where seq = 73`,
    );
    expect(row!.payload).not.toContain("afc_abc");
    expect(JSON.parse(row!.payload).max_tokens).toBe(9);
    expect((await verifyAuditTrail()).ok).toBe(true);
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await expect(db.db.execute(sql`update audit_events set type = 'x' where seq = 1`)).rejects.toThrow();
    await expect(db.db.execute(sql`delete from audit_events where seq = 1`)).rejects.toThrow();
    await expect(db.db.execute(sql`truncate audit_events`)).rejects.toThrow();
    await expect(db.db.execute(sql`truncate audit_checkpoints`)).rejects.toThrow();
    await db.db.transaction((tx) => appendAuditEvent(tx, { type: "user.signed_in", actor, payload: {} }));
    await expect(db.db.execute(sql`update audit_pending set type = 'x'`)).rejects.toThrow();
    await expect(db.db.execute(sql`delete from audit_pending`)).rejects.toThrow();
    await expect(db.db.execute(sql`select set_config('audit.sealing', 'off', false)`)).resolves.toBeDefined();
  });

  it("signs checkpoints every N events and verifies them; exports verify in Python", async () => {
    process.env.AUDIT_CHECKPOINT_EVERY_EVENTS = "20";
    const first = await createCheckpointIfDue();
    expect(first).toMatchObject({ seq: 74, prev_signature: "" });
    expect(await createCheckpointIfDue()).toBeNull(); // nothing new
    for (let i = 0; i < 25; i++)
      await db.db.transaction((tx) =>
        appendAuditEvent(tx, { type: "user.signed_in", actor, payload: { i } }),
      );
    const second = await createCheckpointIfDue();
    expect(second).toMatchObject({ seq: 99, prev_signature: first!.signature });
    for (let i = 0; i < 4; i++)
      await db.db.transaction((tx) =>
        appendAuditEvent(tx, { type: "user.signed_in", actor, payload: { i, tail: true } }),
      );
    expect(await createCheckpointIfDue()).toBeNull(); // not due yet: 4 < 20 and fresh
    expect(await createCheckpointIfDue({ now: new Date(Date.now() + 11 * 60_000) })).toMatchObject({
      seq: 103,
    });
    await expect(db.db.execute(sql`delete from audit_checkpoints where seq = 74`)).rejects.toThrow();
    expect(await verifyAuditTrail({ pageSize: 7 })).toMatchObject({
      ok: true,
      eventsChecked: 103,
      checkpointsChecked: 3,
    });
    expect(await cli.verify!.run({ values: {}, positionals: [] })).toBe(0); // npm run cli -- audit verify
    const file = await exportToFile("intact.jsonl");
    expectPythonVerdict(file, "OK: 103 events and 3 checkpoints verified", 0);
    if (hasPython) {
      // The 30-line verifier printed in docs/audit-format.md agrees.
      const doc = fs.readFileSync("docs/audit-format.md", "utf8");
      const snippet = path.join(dataDir, "doc-verifier.py");
      fs.writeFileSync(snippet, /```python\n([\s\S]+?)```/.exec(doc)![1]!);
      expect(execFileSync("python3", [snippet, file], { encoding: "utf8" })).toMatch(/^OK 103 [0-9a-f]{64}/);
    }
    // An edited export is caught by the outside verifier too.
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes('"seq":40,'));
    const edited = JSON.parse(lines[i]!);
    edited.payload.i = 999;
    lines[i] = JSON.stringify(edited);
    fs.writeFileSync(file, lines.join("\n"));
    expectPythonVerdict(file, "FAIL at seq 40: content_changed", 1);
  });

  it("names the first bad row after superuser tampering: tail deleted, reorder, delete, edit", async () => {
    await tamper("delete from audit_events where seq > 100");
    expect((await verifyAuditTrail()).failure).toMatchObject({ seq: 101, cause: "events_truncated" });
    expectPythonVerdict(await exportToFile("truncated.jsonl"), "FAIL at seq 101: events_truncated");

    await tamper(
      "update audit_events set seq = -51 where seq = 51",
      "update audit_events set seq = 51 where seq = 52",
      "update audit_events set seq = 52 where seq = -51",
    );
    expect((await verifyAuditTrail()).failure).toMatchObject({ seq: 51, cause: "reordered" });
    expectPythonVerdict(await exportToFile("reordered.jsonl"), "FAIL at seq 51: reordered");

    await tamper("delete from audit_events where seq = 30");
    expect((await verifyAuditTrail()).failure).toMatchObject({ seq: 30, cause: "event_missing" });
    expectPythonVerdict(await exportToFile("deleted.jsonl"), "FAIL at seq 30: event_missing");

    await tamper(
      `update audit_events set payload = jsonb_set(payload, '{amount}', '1000000') where seq = 12`,
    );
    expect((await verifyAuditTrail()).failure).toMatchObject({ seq: 12, cause: "content_changed" });
    expectPythonVerdict(await exportToFile("edited.jsonl"), "FAIL at seq 12: content_changed");
    // the same verdicts with hashing on worker threads (PostgreSQL fast path)
    expect((await verifyAuditTrail({ workers: 2 })).failure).toMatchObject({
      seq: 12,
      cause: "content_changed",
    });
    expect(await cli.verify!.run({ values: {}, positionals: [] })).toBe(1);
  });
});
