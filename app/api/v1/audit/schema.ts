import { z } from "zod";

const optionalText = z.string().trim().max(200).optional();
const time = z.union([z.coerce.number().int(), z.iso.datetime().transform((s) => Date.parse(s))]).optional();

/** GET /api/v1/audit?action=&agent=&actor=&type=&from=&to=&q=&seq=&before=&limit= */
export const auditListQuery = z.object({
  action: optionalText,
  agent: optionalText,
  actor: optionalText,
  type: z
    .string()
    .trim()
    .regex(/^[a-z0-9_.]*\*?$/, "type: lowercase letters, digits, _ and .")
    .max(100)
    .optional(),
  /** Epoch milliseconds or ISO 8601. */
  from: time,
  to: time,
  q: optionalText,
  seq: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;
