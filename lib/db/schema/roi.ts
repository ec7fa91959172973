// Tables of the roi feature (owned by lib/roi/). Exported from ./index.ts.
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

/** Baseline of an initiative: the pre-AI cost of the work its actions replace (all optional). */
export type InitiativeBaselineJson = {
  minutesPerAction: number | null;
  hourlyCostUsd: number | null;
  reviewMinutesPerEscalation: number | null;
  decisionMinutesBefore: number | null;
  errorsPer1000Before: number | null;
  costPerErrorUsd: number | null;
};

type PerCategory<T> = { hardware: T; software: T; integration: T; training: T };

/**
 * A use case whose value is measured from its agents' actions. Everything but the baseline is
 * measured; the baseline is what an admin or executive records.
 */
export const roiInitiatives = pgTable(
  "roi_initiatives",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    horizon: text("horizon").$type<"H1" | "H2" | "H3">().notNull(),
    owner: text("owner").notNull(),
    description: text("description").notNull().default(""),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    /** Agent ids whose actions belong to this initiative. */
    agentIds: text("agent_ids").array().notNull().default(sql`'{}'::text[]`),
    /** Action categories that count (empty = every category of those agents). */
    categories: text("categories").array().notNull().default(sql`'{}'::text[]`),
    baseline: jsonb("baseline").$type<InitiativeBaselineJson>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    check("roi_initiatives_horizon", sql`${t.horizon} in ('H1', 'H2', 'H3')`),
    uniqueIndex("roi_initiatives_name").on(t.name),
    index("roi_initiatives_horizon_idx").on(t.horizon),
  ],
);

/**
 * The investment plan, tariff and reference prices. Append-only: every edit is a new row, the
 * newest is in force, older ones stay as history.
 */
export const roiCostPlans = pgTable(
  "roi_cost_plans",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    totalInvestmentUsd: doublePrecision("total_investment_usd").notNull(),
    splitPct: jsonb("split_pct").$type<PerCategory<number>>().notNull(),
    spentUsd: jsonb("spent_usd").$type<PerCategory<number | null>>().notNull(),
    amortisationMonths: jsonb("amortisation_months").$type<PerCategory<number>>().notNull(),
    tariffUsdPerKwh: doublePrecision("tariff_usd_per_kwh").notNull(),
    /** Used only when no facility data covers a period (shown as "assumed"). */
    assumedPue: doublePrecision("assumed_pue"),
    cloudUsdPerMillionTokens: doublePrecision("cloud_usd_per_million_tokens"),
    note: text("note").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("roi_cost_plans_positive", sql`${t.totalInvestmentUsd} >= 0 and ${t.tariffUsdPerKwh} >= 0`)],
);
