import { z } from "zod";

/** POST /api/v1/actions/:id/decision — a reason is required to reject. */
export const decisionBody = z
  .object({
    decision: z.enum(["approve", "reject"]),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((b) => b.decision === "approve" || (b.reason?.length ?? 0) > 0, {
    message: "a reason is required to reject",
    path: ["reason"],
  });
