import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { type Executor, getDb, queryRowsPrepared } from "@/lib/db/client";
import { type ApiScope, apiKeys } from "@/lib/db/schema";

const TOKEN_PREFIX = "afc_";
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type NewApiKey = {
  name: string;
  scopes: ApiScope[];
  constraints?: { agents?: string[]; categories?: string[] };
  createdBy?: string | null;
};

/** Creates a key and returns its token: the only time the token exists outside the caller. */
export async function createApiKey(input: NewApiKey, db?: Executor) {
  const token = TOKEN_PREFIX + randomBytes(24).toString("base64url");
  const [row] = await (db ?? (await getDb()))
    .insert(apiKeys)
    .values({
      name: input.name,
      prefix: token.slice(0, 10),
      tokenHash: hashToken(token),
      scopes: input.scopes,
      constraints: input.constraints ?? {},
      createdBy: input.createdBy ?? null,
    })
    .returning();
  return { key: row!, token };
}

export type ActiveApiKey = {
  id: string;
  name: string;
  scopes: ApiScope[];
  constraints: NonNullable<NewApiKey["constraints"]>;
};

/**
 * The unrevoked key with this token, or null. Every API request with a key runs this (ingest
 * at hundreds per second): one prepared statement, no query building.
 */
export async function findActiveApiKey(token: string): Promise<ActiveApiKey | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const db = await getDb();
  const [row] = await queryRowsPrepared<
    Omit<ActiveApiKey, "constraints"> & { constraints: string; stale: boolean }
  >(
    db,
    sql`select id, name, scopes, constraints::text as constraints,
               (last_used_at is null or last_used_at < now() - interval '1 minute') as stale
        from api_keys where token_hash = ${hashToken(token)} and revoked_at is null limit 1`,
  );
  if (!row) return null;
  // Last-used is informational: update at most once a minute per key to keep the hot path cheap.
  if (row.stale) {
    void db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiKeys.id, row.id))
      .catch(() => {});
  }
  return { id: row.id, name: row.name, scopes: row.scopes, constraints: JSON.parse(row.constraints) };
}

export async function revokeApiKey(id: string, db?: Executor) {
  const [row] = await (db ?? (await getDb()))
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, name: apiKeys.name });
  return row ?? null;
}
