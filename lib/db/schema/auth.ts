import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const roles = ["executive", "approver", "sre", "admin", "auditor"] as const;
export type Role = (typeof roles)[number];

export const apiScopes = ["ingest", "actions", "read"] as const;
export type ApiScope = (typeof apiScopes)[number];

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  roles: text("roles").array().$type<Role[]>().notNull().default(sql`'{}'::text[]`),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
});

export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** First characters of the token, shown in lists so people can tell keys apart. */
  prefix: text("prefix").notNull(),
  /** SHA-256 of the whole token; the token itself is shown once and never stored. */
  tokenHash: text("token_hash").notNull().unique(),
  scopes: text("scopes").array().$type<ApiScope[]>().notNull(),
  /** Agent ids and action categories this key may act for (empty = any). */
  constraints: jsonb("constraints")
    .$type<{ agents?: string[]; categories?: string[] }>()
    .notNull()
    .default({}),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

/** Failed sign-ins, kept in the database so throttling holds across app instances. */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** "email:<address>" or "ip:<address>". */
    subject: text("subject").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_failures_subject_at").on(t.subject, t.at)],
);

/** Small operator settings (thresholds, targets) edited by admins; typed by each feature. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
