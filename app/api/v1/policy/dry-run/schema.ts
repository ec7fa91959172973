import { z } from "zod";

export const dryRunBody = z.object({
  yaml: z.string().max(64 * 1024),
  limit: z.number().int().min(1).max(1000).optional(),
});
