import { z } from "zod";

const instant = z.union([
  z
    .string()
    .regex(/^\d{10,}$/)
    .transform(Number),
  z.iso.datetime().transform((s) => Date.parse(s)),
]);

/** GET /api/v1/annotations?from&to */
export const annotationsQuery = z
  .object({ from: instant, to: instant })
  .strict()
  .refine((q) => q.to > q.from, { message: "to must be after from", path: ["to"] });
export type AnnotationsQuery = z.output<typeof annotationsQuery>;
