import { z } from "zod";

/** Unix ms or an ISO 8601 instant. */
const instant = z.string().transform((s, ctx) => {
  const t = /^\d{10,}$/.test(s) ? Number(s) : Date.parse(s);
  if (Number.isNaN(t)) {
    ctx.addIssue({ code: "custom", message: "must be unix milliseconds or an ISO 8601 time" });
    return z.NEVER;
  }
  return t;
});

export const summaryQuery = z
  .object({ from: instant, to: instant, site: z.string().min(1).max(256).optional() })
  .refine((q) => q.from < q.to, { message: "from must be before to", path: ["from"] })
  .refine((q) => q.to - q.from <= 400 * 86_400_000, { message: "period longer than 400 days", path: ["to"] });
