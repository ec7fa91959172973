import { z } from "zod";

const instant = z.union([
  z
    .string()
    .regex(/^\d{10,}$/)
    .transform(Number),
  z.iso.datetime().transform((s) => Date.parse(s)),
]);

/** GET /api/v1/alerts?state=firing|resolved|all&from&to&limit */
export const alertsQuery = z
  .object({
    state: z.enum(["firing", "resolved", "all"]).default("all"),
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type AlertsQuery = z.output<typeof alertsQuery>;
