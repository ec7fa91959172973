import { z } from "zod";

/** GET /api/v1/actions/:id?wait=SECONDS&include=context */
export const getActionQuery = z.object({
  wait: z.coerce.number().min(0).max(60).optional(),
  include: z.enum(["context"]).optional(),
});

/** DELETE /api/v1/actions/:id — the agent withdraws a pending request. */
export const cancelActionQuery = z.object({ reason: z.string().max(500).optional() });
