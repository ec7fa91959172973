import { z } from "zod";

/** PUT /api/v1/alerts/settings — any subset; `webhook: null` removes the webhook. */
export const alertSettingsBody = z
  .object({
    gpuTemperatureThresholdCelsius: z.number().min(20).max(120).optional(),
    webhook: z
      .object({
        url: z.url().max(2000),
        secret: z.string().min(16, "the signing secret needs at least 16 characters").max(500),
        enabled: z.boolean().default(true),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type AlertSettingsBody = z.output<typeof alertSettingsBody>;
