import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase } from "@/lib/db/client";
import { createTestDb } from "@/test/db";
import { appendAuditEvent } from "./append";
import { sealPendingEvents } from "./seal";

/**
 * The deployment recipe of docs/audit-format.md ("Deployment roles"), executed: an app role that
 * does not own the audit tables can append and seal, but cannot disable the triggers, write the
 * chain directly, or remove pending events. PostgreSQL only (PGlite has a single superuser).
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("audit tables under a separate app role (PostgreSQL)", () => {
  let owner: Awaited<ReturnType<typeof createTestDb>>;
  let admin: postgres.Sql;
  let app: DbHandle;
  let appSql: postgres.Sql;
  const role = `afc_audit_app_${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    owner = await createTestDb();
    admin = postgres(owner.url!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${role} login`);
    await admin.unsafe(`grant usage on schema public to ${role};
      grant select on audit_events, audit_checkpoints to ${role};
      grant select, insert on audit_pending to ${role};
      grant usage on sequence audit_pending_id_seq to ${role};
      grant insert on audit_checkpoints to ${role};
      grant execute on function audit_seal(integer) to ${role};`);
    const u = new URL(owner.url!);
    u.username = role;
    app = await openDatabase({ url: u.toString(), migrate: false });
    appSql = postgres(u.toString(), { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await appSql?.end();
    await app?.close();
    await admin?.unsafe(`drop owned by ${role}`).catch(() => {});
    await admin?.end();
    await owner?.close();
    const cluster = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await cluster.unsafe(`drop role if exists ${role}`);
    await cluster.end();
  });

  it("appends and seals through the granted paths only", async () => {
    await app.db.transaction((tx) =>
      appendAuditEvent(tx, { type: "user.signed_in", actor: { kind: "user", id: "u1" }, payload: {} }),
    );
    expect(await sealPendingEvents(app.db)).toBe(1);
    expect((await appSql`select seq from audit_events`).map((r) => Number(r.seq))).toEqual([1]);
  });

  it("cannot disable the triggers, write the chain, or drop pending events", async () => {
    await expect(appSql.unsafe("alter table audit_events disable trigger user")).rejects.toThrow(/owner/);
    await expect(appSql.unsafe("set session_replication_role = replica")).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      appSql.unsafe(
        `insert into audit_events (seq, time, type, actor, payload, masked_paths, prev_hash, hash)
         values (2, now(), 'x.y', '{}', '{}', '[]', 'a', 'b')`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(appSql.unsafe("delete from audit_pending")).rejects.toThrow(/permission denied/);
    await expect(appSql.unsafe("drop trigger audit_events_append_only on audit_events")).rejects.toThrow(
      /owner/,
    );
  });
});
