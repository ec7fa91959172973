/**
 * The server Playwright tests run against: a production build on E2E_PORT with a fresh embedded
 * database (or DATABASE_URL), seeded with the demo data. E2E_SKIP_BUILD=1 reuses the last build.
 */
import fs from "node:fs";
import { closeDb } from "@/lib/db/client";
import { buildNext, isBuilt, startNext } from "./next-server";
import { runSeed } from "./seed";

async function main() {
  const port = Number(process.env.E2E_PORT ?? 3100);
  process.env.DATA_DIR ??= `.data-e2e-${port}`;
  fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  process.env.NEXTAUTH_SECRET ??= "e2e-secret-not-for-production-0123456789";
  process.env.NEXTAUTH_URL = `http://127.0.0.1:${port}`;
  process.env.AFC_DEMO = "1";
  if (process.env.E2E_SKIP_BUILD !== "1" || !isBuilt()) buildNext();
  await runSeed();
  await closeDb();
  startNext(port);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
