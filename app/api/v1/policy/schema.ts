import { z } from "zod";

/** POST /api/v1/policy — a new version; base_version guards against overwriting someone else's edit. */
export const savePolicyBody = z.object({
  yaml: z
    .string()
    .min(1)
    .max(64 * 1024),
  note: z.string().trim().max(500).nullish(),
  base_version: z.number().int().positive().nullish(),
});
