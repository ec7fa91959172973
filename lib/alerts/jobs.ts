import "server-only";
import type { Job } from "@/lib/server/jobs";
import { deliverDueWebhooks } from "./deliver";
import { evaluateAlerts } from "./evaluate";

/** Background jobs of the alerts feature (registered in lib/server/jobs.ts). */
export const alertJobs: Job[] = [
  {
    name: "alerts.evaluate",
    everyMs: 15_000,
    run: async () => {
      const s = await evaluateAlerts();
      if (s.errors.length) throw new Error(s.errors.join("; "));
    },
  },
  { name: "alerts.deliver", everyMs: 5_000, run: async () => void (await deliverDueWebhooks()) },
];
