// Tables of the telemetry feature (owned by lib/telemetry/). Exported from ./index.ts.
//
// The raw points table `telemetry_points (series_id int, ts bigint unix-ms, value float8)`,
// unique on ((ts / 60000)::int4, series_id, ts) — the minute first, migrations 0015/0016 say why — and
// range-partitioned by ts with one partition per UTC day, is created by custom migrations
// (drizzle cannot express partitioning) and only ever touched with raw SQL from lib/telemetry/.
// Rollups below are ordinary tables.
import { sql } from "drizzle-orm";
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/** Series dictionary: metric + label set → id. `key` is the canonical `name{a="1",…}` text. */
export const telemetrySeries = pgTable(
  "telemetry_series",
  {
    id: serial("id").primaryKey(),
    metric: text("metric").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull(),
    /** SHA-256 hex of the canonical key (keys can be long; the unique index stays small). */
    keyHash: text("key_hash").notNull().unique(),
    /** gauge | counter | histogram (a `_bucket` series) | summary | bitmask | info | unknown */
    kind: text("kind").notNull(),
    /** cumulative | delta for counters and histogram parts; null for gauges. */
    temporality: text("temporality"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // No GIN index on labels: queries narrow by metric first (btree); GIN doubled the cost of
  // registering new series on the ingest path (measured: 20 k series 3.2 s → 1.7 s).
  (t) => [index("telemetry_series_metric").on(t.metric)],
);

const rollupColumns = {
  seriesId: integer("series_id").notNull(),
  /** Bucket start, unix ms. */
  bucket: bigint("bucket", { mode: "number" }).notNull(),
  count: integer("count").notNull(),
  sum: doublePrecision("sum").notNull(),
  min: doublePrecision("min").notNull(),
  max: doublePrecision("max").notNull(),
  last: doublePrecision("last").notNull(),
  lastTs: bigint("last_ts", { mode: "number" }).notNull(),
  /** Counter increase attributed to this bucket (delta series: the sum of their values). */
  increase: doublePrecision("increase").notNull(),
};

/** 1-minute rollups of every series (NaN samples excluded). */
export const telemetryRollup1m = pgTable("telemetry_rollup_1m", rollupColumns, (t) => [
  primaryKey({ columns: [t.seriesId, t.bucket] }),
  index("telemetry_rollup_1m_bucket").on(t.bucket),
]);

/**
 * 5-minute rollups, built from the 1-minute ones: a 24 h panel at a 5-minute step reads 288 rows
 * per series instead of 1 440 (and 5× fewer heap pages, since rows land in time order).
 */
export const telemetryRollup5m = pgTable("telemetry_rollup_5m", rollupColumns, (t) => [
  primaryKey({ columns: [t.seriesId, t.bucket] }),
  index("telemetry_rollup_5m_bucket").on(t.bucket),
]);

/** 1-hour rollups, built from the 5-minute ones. */
export const telemetryRollup1h = pgTable("telemetry_rollup_1h", rollupColumns, (t) => [
  primaryKey({ columns: [t.seriesId, t.bucket] }),
  index("telemetry_rollup_1h_bucket").on(t.bucket),
]);

/**
 * Minutes that received points since their rollup was last computed (the writer marks them).
 * Deliberately without a unique key: a minute may be marked many times, so a writer's mark never
 * waits for the rollup job's claim (lib/telemetry/rollups.ts says why).
 */
export const telemetryRollupDirty = pgTable(
  "telemetry_rollup_dirty",
  {
    minute: bigint("minute", { mode: "number" }).notNull(),
    markedAt: timestamp("marked_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index("telemetry_rollup_dirty_minute").on(t.minute)],
);
