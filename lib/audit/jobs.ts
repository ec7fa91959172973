import "server-only";
import { runCheckpointJob } from "./checkpoints";
import { sealPendingEvents } from "./seal";

/** Seals committed events into the chain every second (readers also seal first), and signs a checkpoint when N events or M minutes have passed (checked every 15 s; multi-instance safe). */
export const auditJobs = [
  { name: "audit.seal", everyMs: 1_000, run: async () => void (await sealPendingEvents()) },
  { name: "audit.checkpoint", everyMs: 15_000, run: runCheckpointJob },
];
