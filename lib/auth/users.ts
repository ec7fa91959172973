import "server-only";
import { eq, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/lib/db/client";
import { type Role, users } from "@/lib/db/schema";
import { hashPassword } from "./passwords";

export async function findUserByEmail(email: string) {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase().trim())).limit(1);
  return row ?? null;
}

export async function findUserById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
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
