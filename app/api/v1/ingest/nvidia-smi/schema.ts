import { z } from "zod";

export const nvidiaSmiQuery = z.object({
  host: z.string().min(1).max(253),
  tz: z.string().min(1).max(64).default("UTC"),
  /** For `--format=csv,noheader`: the --query-gpu field list, comma-separated. */
  fields: z
    .string()
    .max(4000)
    .optional()
    .transform((s) =>
      s
        ? s
            .split(",")
            .map((f) => f.trim())
            .filter(Boolean)
        : undefined,
    ),
});
