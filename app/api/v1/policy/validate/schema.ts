import { z } from "zod";

export const policyTextBody = z.object({ yaml: z.string().max(64 * 1024) });
