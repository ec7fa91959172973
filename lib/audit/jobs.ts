import "server-only";
import { runCheckpointJob } from "./checkpoints";

/** Signs a checkpoint when N events or M minutes have passed (checked every 15 s; multi-instance safe). */
export const auditJobs = [{ name: "audit.checkpoint", everyMs: 15_000, run: runCheckpointJob }];
