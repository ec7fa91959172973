import { z } from "zod";
import { QUERY_AGGS } from "@/lib/telemetry/query-aggs";

/** Unix ms, or an ISO-8601 time. */
const time = z.string().transform((s, ctx) => {
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isSafeInteger(n)) {
    ctx.addIssue({ code: "custom", message: "unix milliseconds or an ISO-8601 time" });
    return z.NEVER;
  }
  return n;
});

/** Milliseconds, or a duration such as 15s, 1m, 1h, 1d. */
const duration = z.string().transform((s, ctx) => {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(s);
  if (!m) {
    ctx.addIssue({ code: "custom", message: "milliseconds or a duration like 15s, 1m, 1h" });
    return z.NEVER;
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? "ms"]!;
  return Number(m[1]) * unit;
});

export const querySchema = z.object({
  metric: z.string().min(1).max(256),
  from: time,
  to: time,
  step: duration,
  agg: z.enum(QUERY_AGGS as unknown as [string, ...string[]]).default("avg"),
  by: z
    .string()
    .optional()
    .transform((s) =>
      s === undefined
        ? undefined
        : s
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean),
    ),
});
