import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { appendAuditEvent } from "@/lib/audit/append";
import { type Executor, getDb } from "@/lib/db/client";
import { settings } from "@/lib/db/schema";
import { DEFAULT_GPU_TEMPERATURE_THRESHOLD_C, GPU_TEMPERATURE_SETTING, WEBHOOK_SETTING } from "./rules";

export type Actor = { id: string; name?: string };

export const thresholdSchema = z.number().min(20).max(120);
export const webhookSchema = z
  .object({
    url: z
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL"),
    /** HMAC key; at least 16 characters so signatures mean something. */
    secret: z.string().min(16).max(500),
    enabled: z.boolean().default(true),
  })
  .strict();
export type WebhookConfig = z.output<typeof webhookSchema>;

async function readSetting(key: string, db?: Executor): Promise<unknown> {
  const exec = db ?? (await getDb());
  const [row] = await exec
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, key))
    .limit(1);
  return row?.value;
}

async function writeSetting(tx: Executor, key: string, value: unknown, actor: Actor) {
  await tx
    .insert(settings)
    .values({ key, value, updatedBy: actor.id, updatedAt: new Date() })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: actor.id, updatedAt: new Date() } });
}

/** The GPU temperature policy threshold (°C) drawn on panels and used by the temperature rule. */
export async function getGpuTemperatureThreshold(db?: Executor): Promise<number> {
  const v = await readSetting(GPU_TEMPERATURE_SETTING, db);
  const parsed = thresholdSchema.safeParse(v);
  return parsed.success ? parsed.data : DEFAULT_GPU_TEMPERATURE_THRESHOLD_C;
}

/** Changes the threshold and records who did it, in one transaction. */
export async function setGpuTemperatureThreshold(celsius: number, actor: Actor): Promise<number> {
  const value = thresholdSchema.parse(celsius);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const before = await getGpuTemperatureThreshold(tx);
    await writeSetting(tx, GPU_TEMPERATURE_SETTING, value, actor);
    await appendAuditEvent(tx, {
      type: "settings.gpu_temperature_threshold_changed",
      actor: { kind: "user", id: actor.id, name: actor.name },
      payload: { key: GPU_TEMPERATURE_SETTING, before, after: value },
    });
  });
  return value;
}

export async function getWebhookConfig(db?: Executor): Promise<WebhookConfig | null> {
  const parsed = webhookSchema.safeParse(await readSetting(WEBHOOK_SETTING, db));
  return parsed.success ? parsed.data : null;
}

/** Sets (or clears, with null) the alert webhook. The secret never enters the audit trail. */
export async function setWebhookConfig(config: WebhookConfig | null, actor: Actor): Promise<void> {
  const value = config ? webhookSchema.parse(config) : null;
  const db = await getDb();
  await db.transaction(async (tx) => {
    if (value) await writeSetting(tx, WEBHOOK_SETTING, value, actor);
    else await tx.delete(settings).where(eq(settings.key, WEBHOOK_SETTING));
    await appendAuditEvent(tx, {
      type: "settings.alert_webhook_changed",
      actor: { kind: "user", id: actor.id, name: actor.name },
      payload: {
        key: WEBHOOK_SETTING,
        url: value?.url ?? null,
        enabled: value?.enabled ?? false,
        secret: "***",
      },
    });
  });
}

/** For display: the webhook without its secret. */
export function maskWebhook(c: WebhookConfig | null) {
  return c ? { url: c.url, enabled: c.enabled, secretSet: true } : null;
}
