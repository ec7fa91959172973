/**
 * Next.js calls `register` once when a server process starts. Everything here is Node-only (a
 * database pool, timers, signal handlers), so the Edge runtime and the build skip it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startServerLifecycle } = await import("./lib/platform/lifecycle");
  startServerLifecycle();
}
