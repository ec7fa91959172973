/** `npm run db:migrate`: apply pending migrations to DATABASE_URL's server or the embedded database. */
import { closeDb, getDbHandle } from "@/lib/db/client";

getDbHandle()
  .then(async (h) => {
    console.log(`migrations applied (${h.kind})`);
    await closeDb();
  })
  .catch(async (err) => {
    console.error(err instanceof Error ? err.message : err);
    await closeDb().catch(() => {});
    process.exit(1);
  });
