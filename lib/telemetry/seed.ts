import "server-only";
import type { SeedContext } from "@/scripts/seed-context";

/** Demo data of the telemetry feature. Must be idempotent: running the seed twice doubles nothing. */
export async function seed(_ctx: SeedContext): Promise<void> {}
