import "server-only";
import { eq, sql } from "drizzle-orm";
import { type Executor, getDb, queryRowsPrepared } from "@/lib/db/client";
import { type Role, users } from "@/lib/db/schema";
import { hashPassword } from "./passwords";

export async function findUserByEmail(email: string) {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase().trim())).limit(1);
  return row ?? null;
}

export type ActiveUser = { id: string; email: string; name: string; roles: Role[] };

/**
 * The signed-in user as of now, or null when unknown or disabled. Runs on every authenticated
 * request (roles are re-read so a revocation takes effect at once), so it is one prepared
 * statement: one round trip instead of drizzle's unprepared two, and no password hash read.
 */
export async function findActiveUserById(id: string): Promise<ActiveUser | null> {
  const db = await getDb();
  const [row] = await queryRowsPrepared<ActiveUser>(
    db,
    sql`select id, email, name, roles from users where id = ${id} and disabled_at is null`,
  );
  return row ?? null;
}

/** Creates or updates a user by email (used by the seed and the CLI); returns its id. */
export async function upsertUser(
  input: { email: string; name: string; password: string; roles: Role[] },
  db?: Executor,
) {
  const exec = db ?? (await getDb());
  const passwordHash = await hashPassword(input.password);
  const [row] = await exec
    .insert(users)
    .values({ email: input.email.toLowerCase(), name: input.name, passwordHash, roles: input.roles })
    .onConflictDoUpdate({
      target: users.email,
      set: { name: input.name, passwordHash, roles: input.roles, disabledAt: sql`null` },
    })
    .returning({ id: users.id });
  return row!.id;
}
