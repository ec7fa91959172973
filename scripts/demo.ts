/**
 * `npm run demo`: build, seed demo users and data, and start the production server on
 * http://127.0.0.1:3000 (PORT overrides) with the embedded database, or DATABASE_URL's server.
 * `--no-build` reuses the last build.
 */

import { DEFAULT_DEMO_PASSWORD, DEMO_USERS } from "@/lib/auth/demo-users";
import { closeDb } from "@/lib/db/client";
import { ensureDemoSecret } from "./demo-secrets";
import { buildNext, isBuilt, startNext } from "./next-server";
import { runSeed } from "./seed";

async function main() {
  const port = Number(process.env.PORT ?? 3000);
  process.env.AFC_DEMO = "1";
  process.env.NEXTAUTH_URL ??= `http://127.0.0.1:${port}`;
  ensureDemoSecret();
  if (!process.argv.includes("--no-build") || !isBuilt()) buildNext();
  await runSeed();
  await closeDb(); // the server process takes over the embedded database
  startNext(port);
  const url = process.env.NEXTAUTH_URL;
  console.log(`
  AI Factory Console is starting on ${url}
  Database: ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${process.env.DATA_DIR ?? ".data"}/pglite`}
  Sign in as one of: ${DEMO_USERS.map((u) => u.email).join(", ")}
  Password: ${process.env.DEMO_PASSWORD ? "the value of DEMO_PASSWORD" : DEFAULT_DEMO_PASSWORD}
  The H200 trace is at 2026-11-26 06:22–06:28 UTC: ${url}/sre?from=2026-11-26T06:22:00Z&to=2026-11-26T06:29:00Z
`);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await closeDb().catch(() => {});
  process.exit(1);
});
