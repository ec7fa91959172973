/**
 * What an admin may type when creating API keys and users: one zod schema each, shared by the
 * routes, the CLI and the Settings form (pure module, safe in client components).
 */
import { z } from "zod";

export const API_SCOPES = ["ingest", "actions", "read"] as const;
export const USER_ROLES = ["executive", "approver", "sre", "admin", "auditor"] as const;

export const SCOPE_HELP: Record<(typeof API_SCOPES)[number], string> = {
  ingest: "send telemetry (collectors, exporters)",
  actions: "submit agent action requests",
  read: "read metrics, actions and audit data",
};

const label = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100, "at most 100 characters")
  .regex(/^[\w.:@/-]+$/, "letters, digits and . _ : @ / - only");

const labelList = z.array(label).max(100, "at most 100 entries");

export const apiKeyInput = z.object({
  name: z.string().trim().min(1, "give the key a name").max(100, "at most 100 characters"),
  scopes: z
    .array(z.enum(API_SCOPES))
    .min(1, "pick at least one scope")
    .transform((s) => [...new Set(s)]),
  constraints: z
    .object({ agents: labelList.optional(), categories: labelList.optional() })
    .strict()
    .optional()
    .transform((c) => {
      // Empty lists mean "no constraint": store them as absent, so the key reads the same everywhere.
      const out: { agents?: string[]; categories?: string[] } = {};
      if (c?.agents?.length) out.agents = [...new Set(c.agents)];
      if (c?.categories?.length) out.categories = [...new Set(c.categories)];
      return out;
    }),
});
export type ApiKeyInput = z.infer<typeof apiKeyInput>;

export const userInput = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("not an email address")),
  name: z.string().trim().min(1, "give the user a name").max(100, "at most 100 characters"),
  password: z.string().min(12, "at least 12 characters").max(200, "at most 200 characters"),
  roles: z
    .array(z.enum(USER_ROLES))
    .min(1, "pick at least one role")
    .transform((r) => [...new Set(r)]),
});
export type UserInput = z.infer<typeof userInput>;

/** "a, b ,c" → ["a","b","c"]; the CLI and the form take lists this way. */
export const splitList = (s: string | undefined | null): string[] =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

export const userUpdateInput = z
  .object({
    roles: z
      .array(z.enum(USER_ROLES))
      .min(1, "keep at least one role (disable the user instead)")
      .transform((r) => [...new Set(r)])
      .optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((u) => u.roles !== undefined || u.disabled !== undefined, "change roles or disabled");
export type UserUpdateInput = z.infer<typeof userUpdateInput>;
