import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { type AuditActor, appendAuditEvent } from "@/lib/audit/append";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { upsertUser } from "@/lib/auth/users";
import { type Executor, getDb } from "@/lib/db/client";
import { apiKeys, users } from "@/lib/db/schema";
import type { ApiKeyInput, UserInput, UserUpdateInput } from "./inputs";

/**
 * Admin operations on machine keys and users. Every change writes its audit event in the same
 * transaction, so the trail never misses or invents one.
 */

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  constraints: { agents?: string[]; categories?: string[] };
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** All keys, newest first, with who created them; never the token or its hash. */
export async function listApiKeyViews(db?: Executor): Promise<ApiKeyView[]> {
  const rows = await (db ?? (await getDb()))
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      constraints: apiKeys.constraints,
      createdAt: apiKeys.createdAt,
      createdBy: users.email,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: iso(r.lastUsedAt),
    revokedAt: iso(r.revokedAt),
  }));
}

/** Creates a key; the returned token exists nowhere else (only its SHA-256 is stored). */
export async function createApiKeyAudited(input: ApiKeyInput, actor: AuditActor) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const { key, token } = await createApiKey(
      {
        name: input.name,
        scopes: input.scopes,
        constraints: input.constraints,
        createdBy: actor.kind === "user" ? actor.id : null,
      },
      tx,
    );
    await appendAuditEvent(tx, {
      type: "apikey.created",
      actor,
      payload: {
        keyId: key.id,
        name: key.name,
        prefix: key.prefix,
        scopes: key.scopes,
        constraints: key.constraints,
      },
    });
    return { key: { id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes }, token };
  });
}

/** Revokes a key at once (the next request with it gets 401); null when unknown or already revoked. */
export async function revokeApiKeyAudited(id: string, actor: AuditActor) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const revoked = await revokeApiKey(id, tx);
    if (revoked) {
      await appendAuditEvent(tx, {
        type: "apikey.revoked",
        actor,
        payload: { keyId: revoked.id, name: revoked.name },
      });
    }
    return revoked;
  });
}

export type UserView = {
  id: string;
  email: string;
  name: string;
  roles: string[];
  createdAt: string;
  disabledAt: string | null;
};

export async function listUserViews(db?: Executor): Promise<UserView[]> {
  const rows = await (db ?? (await getDb()))
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      roles: users.roles,
      createdAt: users.createdAt,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .orderBy(users.email);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), disabledAt: iso(r.disabledAt) }));
}

/** Creates a user, or updates name, password and roles of an existing one (by email). */
export async function saveUserAudited(input: UserInput, actor: AuditActor) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id, roles: users.roles })
      .from(users)
      .where(eq(users.email, input.email))
      .limit(1);
    const id = await upsertUser(input, tx);
    await appendAuditEvent(tx, {
      type: existing ? "user.updated" : "user.created",
      actor,
      // The password is never part of the event; that it changed is.
      payload: {
        userId: id,
        email: input.email,
        roles: input.roles,
        ...(existing ? { previousRoles: existing.roles, passwordChanged: true } : {}),
      },
    });
    return { id, created: !existing };
  });
}

/**
 * Changes a user's roles and/or disables (or re-enables) them. Takes effect on their next request:
 * sessions re-read roles and the disabled flag from the database. Null when there is no such user.
 */
export async function updateUserAudited(id: string, change: UserUpdateInput, actor: AuditActor) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ email: users.email, roles: users.roles, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, id))
      .limit(1);
    if (!before) return null;
    const [after] = await tx
      .update(users)
      .set({
        ...(change.roles ? { roles: change.roles } : {}),
        ...(change.disabled === undefined
          ? {}
          : { disabledAt: change.disabled ? (before.disabledAt ?? sql`now()`) : null }),
      })
      .where(eq(users.id, id))
      .returning({ id: users.id, email: users.email, roles: users.roles, disabledAt: users.disabledAt });
    await appendAuditEvent(tx, {
      type: "user.updated",
      actor,
      payload: {
        userId: id,
        email: before.email,
        ...(change.roles ? { roles: change.roles, previousRoles: before.roles } : {}),
        ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
      },
    });
    return { ...after!, disabledAt: iso(after!.disabledAt) };
  });
}
