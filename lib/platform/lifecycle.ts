import "server-only";
import { closeDb, getDbHandle } from "@/lib/db/client";
import { log } from "@/lib/log";
import { startBackgroundJobs, stopBackgroundJobs } from "@/lib/server/jobs";
import { markDraining } from "./health";

/** How long shutdown waits for the database pool to hand back its connections. */
const CLOSE_TIMEOUT_MS = 8_000;

type LifecycleState = { started: boolean; stopping: boolean };
const g = globalThis as typeof globalThis & { __afcLifecycle?: LifecycleState };

/**
 * Called once per server process from instrumentation.ts (Node runtime only): opens and migrates
 * the database in the background, starts the background jobs, and arranges a graceful SIGTERM.
 *
 * Shutdown order: `next start` itself answers SIGTERM by closing the HTTP server (no new
 * connections, in-flight requests run to the end) and then calling `process.exit`. We add what it
 * cannot know about: on the signal we stop the jobs and report not-ready; at its exit we first
 * close the database pool, so no query is cut off and PostgreSQL sees clean disconnects.
 */
export function startServerLifecycle(): void {
  g.__afcLifecycle ??= { started: false, stopping: false };
  const state = g.__afcLifecycle;
  if (state.started) return;
  state.started = true;

  log.info(
    { event: "server_start", pid: process.pid, database: process.env.DATABASE_URL ? "postgres" : "pglite" },
    "server starting",
  );
  // Migrate at start rather than on the first request; a failure is retried by the next caller.
  getDbHandle().then(
    (h) => log.info({ event: "database_ready", kind: h.kind }, "database open and migrated"),
    (err) =>
      log.error({ event: "database_unavailable", err }, "database not reachable yet; will retry on use"),
  );
  startBackgroundJobs((job, err) => log.error({ event: "job_failed", job, err }, "background job failed"));

  const onSignal = (signal: NodeJS.Signals) => {
    if (state.stopping) return;
    state.stopping = true;
    log.info({ event: "shutdown", signal }, "shutting down: draining requests");
    markDraining();
    stopBackgroundJobs();
    deferExitUntilClosed();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}

/** Makes the server's own `process.exit` (after it drained) wait for the pool to close first. */
function deferExitUntilClosed(): void {
  const exit = process.exit.bind(process);
  let exiting = false;
  process.exit = ((code?: number | string | null) => {
    if (exiting) return undefined as never;
    exiting = true;
    const timer = setTimeout(() => exit(code ?? 0), CLOSE_TIMEOUT_MS);
    closeDb()
      .then(() => log.info({ event: "shutdown_complete" }, "database closed; bye"))
      .catch((err) => log.error({ event: "shutdown_error", err }, "closing the database failed"))
      .finally(() => {
        clearTimeout(timer);
        exit(code ?? 0);
      });
    return undefined as never;
  }) as typeof process.exit;
}
