import { z } from "zod";
import { alertRuleKinds, alertSeverities } from "@/lib/db/schema/alerts";

/** POST /api/v1/alerts/rules — params are validated per kind by lib/alerts/rules.ts. */
export const createRuleBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(alertRuleKinds),
    params: z.record(z.string(), z.unknown()).default({}),
    severity: z.enum(alertSeverities).default("warning"),
    enabled: z.boolean().default(true),
  })
  .strict();
export type CreateRuleBody = z.output<typeof createRuleBody>;

/** PATCH /api/v1/alerts/rules/:id */
export const patchRuleBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    severity: z.enum(alertSeverities).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type PatchRuleBody = z.output<typeof patchRuleBody>;
