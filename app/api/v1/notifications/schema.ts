import { z } from "zod";

export const notificationsQuery = z.object({
  unread: z.enum(["1", "0"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** POST /api/v1/notifications — mark read: a list of ids or "all". */
export const markReadBody = z.object({
  read: z.union([z.array(z.number().int()).max(500), z.literal("all")]),
});
