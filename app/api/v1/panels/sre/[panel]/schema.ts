import { z } from "zod";

const instant = z.union([
  z
    .string()
    .regex(/^\d{10,}$/)
    .transform(Number),
  z.iso.datetime().transform((s) => Date.parse(s)),
]);

/** GET /api/v1/panels/sre/:panel?from&to&step — from/to ISO or unix ms, step in ms. */
export const panelQuery = z
  .object({
    from: instant,
    to: instant,
    step: z.coerce.number().int().min(1000).max(86_400_000),
    model: z.string().max(200).optional(),
    host: z.string().max(200).optional(),
    gpu: z.string().max(20).optional(),
    top: z.coerce.number().int().min(1).max(64).optional(),
  })
  .refine((q) => q.to > q.from, { message: "to must be after from", path: ["to"] })
  .refine((q) => q.to - q.from <= 400 * 86_400_000, {
    message: "range too long (max 400 days)",
    path: ["from"],
  })
  .refine((q) => (q.to - q.from) / q.step <= 5000, {
    message: "too many steps (max 5000); raise step",
    path: ["step"],
  });
export type PanelQuery = z.output<typeof panelQuery>;

export const PANELS = ["inference", "efficiency", "gpus", "fleet"] as const;
