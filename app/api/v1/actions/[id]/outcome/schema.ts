import { z } from "zod";

/** POST /api/v1/actions/:id/outcome — what the agent did. */
export const outcomeBody = z.object({
  status: z.enum(["executing", "succeeded", "failed"]),
  result: z.unknown().optional(),
  executed_params: z.record(z.string(), z.unknown()).nullish(),
  agent_id: z.string().max(100).nullish(),
});
