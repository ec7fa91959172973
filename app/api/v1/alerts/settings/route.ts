import {
  getGpuTemperatureThreshold,
  getWebhookConfig,
  maskWebhook,
  setGpuTemperatureThreshold,
  setWebhookConfig,
} from "@/lib/alerts/settings";
import { hasRole, type UserPrincipal } from "@/lib/auth/principal";
import { apiRoute } from "@/lib/http/route";
import { type AlertSettingsBody, alertSettingsBody } from "./schema";

async function current(isAdmin: boolean) {
  const [threshold, webhook] = await Promise.all([getGpuTemperatureThreshold(), getWebhookConfig()]);
  // Webhook URLs often carry a token in their path (Slack, Teams): only admins see them.
  const hook = isAdmin
    ? maskWebhook(webhook)
    : webhook
      ? { configured: true, enabled: webhook.enabled }
      : null;
  return { gpuTemperatureThresholdCelsius: threshold, webhook: hook };
}

/** The GPU temperature threshold (everyone who sees panels needs it) and the webhook (secret never returned). */
export const GET = apiRoute({ access: { roles: "any", scopes: ["read"] } }, async ({ principal }) =>
  current(hasRole(principal, ["admin"])),
);

/** Admins change the threshold and the webhook; each change is audited. */
export const PUT = apiRoute<AlertSettingsBody>(
  { access: { roles: ["admin"] }, body: alertSettingsBody, maxBodyBytes: 16 * 1024 },
  async ({ body, principal }) => {
    const user = principal as UserPrincipal;
    const actor = { id: user.id, name: user.name };
    if (body.gpuTemperatureThresholdCelsius !== undefined)
      await setGpuTemperatureThreshold(body.gpuTemperatureThresholdCelsius, actor);
    if (body.webhook !== undefined) await setWebhookConfig(body.webhook, actor);
    return current(true);
  },
);
