import { z } from "zod";

/** GET /api/v1/audit/export?from_seq=&to_seq= */
export const exportQuery = z
  .object({
    from_seq: z.coerce.number().int().positive().optional(),
    to_seq: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => q.from_seq === undefined || q.to_seq === undefined || q.from_seq <= q.to_seq, {
    message: "from_seq must not exceed to_seq",
    path: ["from_seq"],
  });
export type ExportQuery = z.infer<typeof exportQuery>;
