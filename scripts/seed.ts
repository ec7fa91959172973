/**
 * `npm run seed`: demo users and demo data into the configured database (DATABASE_URL or the
 * embedded one). Idempotent: every feature's seed checks what is there before adding.
 */
import path from "node:path";
import { seed as seedAlerts } from "@/lib/alerts/seed";
import { seedDemoUsers } from "@/lib/auth/demo-users";
import { closeDb, getDbHandle } from "@/lib/db/client";
import { seed as seedFacility } from "@/lib/facility/seed";
import { seed as seedGovernance } from "@/lib/governance/seed";
import { seed as seedRoi } from "@/lib/roi/seed";
import { seed as seedTelemetry } from "@/lib/telemetry/seed";
import type { SeedContext } from "./seed-context";

export async function runSeed(): Promise<void> {
  const handle = await getDbHandle();
  const say = (m: string) => console.log(`seed: ${m}`);
  const users = await seedDemoUsers();
  say(`demo users ready (${Object.keys(users).length})`);
  const ctx: SeedContext = { handle, users, fixturesDir: path.resolve("fixtures"), log: say };
  // Order matters: facility derives from GPU power, ROI from actions and energy.
  for (const [name, fn] of [
    ["telemetry", seedTelemetry],
    ["facility", seedFacility],
    ["alerts", seedAlerts],
    ["governance", seedGovernance],
    ["roi", seedRoi],
  ] as const) {
    const t0 = Date.now();
    await fn(ctx);
    say(`${name} done in ${Date.now() - t0} ms`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runSeed()
    .then(() => closeDb())
    .catch(async (err) => {
      console.error(err instanceof Error ? err.message : err);
      await closeDb().catch(() => {});
      process.exit(1);
    });
}
