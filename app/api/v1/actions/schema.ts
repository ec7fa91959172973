import { z } from "zod";

const name = (max: number) => z.string().trim().min(1).max(max);

/** POST /api/v1/actions — an agent asks before it acts. */
export const submitActionBody = z.object({
  agent_id: name(100).regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits, _ . : -"),
  call_id: name(200),
  action: name(200),
  category: name(100).regex(/^[a-z0-9_.-]+$/, "lower-case letters, digits, _ . -"),
  params: z.record(z.string(), z.unknown()).default({}),
  data_refs: z.array(z.unknown()).max(200).default([]),
  requested_by: z.string().trim().max(200).nullish(),
});

const list = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
  );

/** GET /api/v1/actions — the inbox and history listing. */
export const listActionsQuery = z.object({
  status: list,
  tier: list,
  agent: list,
  category: list,
  q: z.string().max(200).optional(),
  sort: z.enum(["urgent", "oldest", "newest"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  from: z.coerce.number().optional(),
  to: z.coerce.number().optional(),
});
