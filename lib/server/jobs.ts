import "server-only";
import { alertJobs } from "@/lib/alerts/jobs";
import { auditJobs } from "@/lib/audit/jobs";
import { governanceJobs } from "@/lib/governance/jobs";
import { telemetryJobs } from "@/lib/telemetry/jobs";

/**
 * Background jobs of the server process (alert evaluation, approval expiry, audit checkpoints,
 * webhook delivery). Each job must be safe with several app instances on one database (take an
 * advisory lock or use conditional updates): no state that matters lives in the process.
 * Started once from instrumentation.ts; stopped on shutdown.
 */
export type Job = { name: string; everyMs: number; run: () => Promise<void> };

const jobs: Job[] = [
  ...governanceJobs,
  ...alertJobs,
  ...auditJobs,
  ...telemetryJobs,
  // Each feature adds its jobs here, e.g. { name: "alerts.evaluate", everyMs: 15_000, run: evaluateAlerts }.
];

let timers: NodeJS.Timeout[] = [];

export function startBackgroundJobs(onError: (job: string, err: unknown) => void): void {
  if (timers.length || process.env.AFC_DISABLE_JOBS === "1") return;
  for (const job of jobs) {
    let running = false;
    const tick = async () => {
      if (running) return; // never overlap a slow run with the next tick
      running = true;
      try {
        await job.run();
      } catch (err) {
        onError(job.name, err);
      } finally {
        running = false;
      }
    };
    timers.push(setInterval(tick, job.everyMs));
  }
}

export function stopBackgroundJobs(): void {
  for (const t of timers) clearInterval(t);
  timers = [];
}
