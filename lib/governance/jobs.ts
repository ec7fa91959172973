import "server-only";
import type { Job } from "@/lib/server/jobs";
import { expireDueActions } from "./decisions";
import { deliverDueWebhooks, webhookConfig } from "./webhooks";

/** Governance background jobs; both are safe with several instances (SKIP LOCKED + conditional updates). */
export const governanceJobs: Job[] = [
  {
    name: "governance.expire",
    everyMs: 5_000,
    run: async () => {
      await expireDueActions();
    },
  },
  {
    name: "governance.webhooks",
    everyMs: 5_000,
    run: async () => {
      if (webhookConfig()) await deliverDueWebhooks();
    },
  },
];
