import { AlertSettingsForm } from "@/components/alerts/alert-settings-form";
import { NotAllowed } from "@/components/shell/not-allowed";
import { listDeliveries } from "@/lib/alerts/deliver";
import { describeRule } from "@/lib/alerts/rules";
import { getGpuTemperatureThreshold, getWebhookConfig, maskWebhook } from "@/lib/alerts/settings";
import { listRules } from "@/lib/alerts/store";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export const metadata = { title: "Alerts · Settings · AI Factory Console" };

/** Admins edit the GPU temperature threshold, alert rules and the webhook; every change is audited. */
export default async function AlertSettingsPage() {
  const { allowed } = await userForPage("settings");
  if (!allowed) return <NotAllowed page="Settings → Alerts" roles={PAGE_ROLES.settings} />;
  const [rules, threshold, webhook, deliveries] = await Promise.all([
    listRules(),
    getGpuTemperatureThreshold(),
    getWebhookConfig(),
    listDeliveries(15),
  ]);
  return (
    <AlertSettingsForm
      threshold={threshold}
      rules={rules.map((r) => ({ ...r, description: describeRule(r, threshold) }))}
      webhook={maskWebhook(webhook)}
      deliveries={deliveries.map((d) => ({
        ...d,
        nextAttemptAt: d.nextAttemptAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        createdAt: d.createdAt.toISOString(),
      }))}
    />
  );
}
