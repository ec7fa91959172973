import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { runMigrations } from "./migrate";
import * as schema from "./schema";

/**
 * One database handle per process, shared by route handlers, server components and scripts.
 * `DATABASE_URL` set → PostgreSQL through postgres.js; otherwise embedded PGlite in DATA_DIR.
 * Opened lazily (never at import time) so `next build` does not boot a database.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: "postgres" | "pglite";
  /** Raw postgres.js client of its own (bulk COPY / multi-row inserts); null on PGlite. */
  pg: postgres.Sql | null;
  /** Raw PGlite instance; null on PostgreSQL. */
  lite: PGlite | null;
  close(): Promise<void>;
};

export const dataDir = () => path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR ?? ".data");

type Global = typeof globalThis & { __afcDb?: Promise<DbHandle> };
const g = globalThis as Global;

/** The process-wide database, migrated on first use. */
export function getDbHandle(): Promise<DbHandle> {
  g.__afcDb ??= openDatabase({ url: process.env.DATABASE_URL }).catch((err) => {
    g.__afcDb = undefined; // let the next caller retry (e.g. the server came back)
    throw err;
  });
  return g.__afcDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const h = g.__afcDb;
  g.__afcDb = undefined;
  if (h) await (await h).close();
}

export class DatabaseLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by another process (pid ${pid}), probably the running app. ` +
        "Stop it first, or point DATABASE_URL at a PostgreSQL server so several processes can share it.",
    );
    this.name = "DatabaseLockedError";
  }
}

export type OpenOptions = {
  /** PostgreSQL URL; without it, PGlite. */
  url?: string;
  /** PGlite data folder; "memory://" for a throwaway in-memory database. */
  pgliteDir?: string;
  migrate?: boolean;
};

export async function openDatabase(opts: OpenOptions = {}): Promise<DbHandle> {
  const handle = opts.url ? await openPostgres(opts.url) : await openPglite(opts.pgliteDir);
  if (opts.migrate !== false) {
    try {
      await runMigrations(handle);
    } catch (err) {
      await handle.close().catch(() => {}); // the caller will retry with a fresh handle
      throw err;
    }
  }
  return handle;
}

async function openPostgres(url: string): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const max = Number(process.env.DATABASE_POOL_MAX ?? 10);
  // Two clients: drizzle() reconfigures the client it is given (turns off its own Date/JSON
  // parsing), so raw bulk SQL gets a client of its own.
  const common = { max, idle_timeout: 30, connect_timeout: 10, onnotice: () => {} };
  const forDrizzle = postgres(url, common);
  const pg = postgres(url, { ...common, max: Math.max(2, Math.ceil(max / 2)) });
  const db = drizzle({ client: forDrizzle, schema }) as unknown as Db;
  try {
    await forDrizzle`select 1`; // fail fast with a clear error when the server is unreachable
  } catch (err) {
    // Server down: release both clients now; getDbHandle() dials afresh on the next call.
    await Promise.all([forDrizzle.end({ timeout: 0 }), pg.end({ timeout: 0 })]).catch(() => {});
    throw err;
  }
  return {
    db,
    kind: "postgres",
    pg,
    lite: null,
    async close() {
      await Promise.all([forDrizzle.end({ timeout: 5 }), pg.end({ timeout: 5 })]);
    },
  };
}

async function openPglite(dir?: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const target = dir ?? path.join(dataDir(), "pglite");
  const inMemory = target.startsWith("memory://");
  const release = inMemory ? () => {} : acquireDirLock(target);
  try {
    const lite = inMemory ? new PGlite() : new PGlite(target);
    await lite.waitReady;
    const db = drizzle({ client: lite, schema }) as unknown as Db;
    return {
      db,
      kind: "pglite",
      pg: null,
      lite,
      async close() {
        try {
          await lite.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** PGlite is single-process: a second opener would corrupt the folder, so it gets a clear error. */
function acquireDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      const release = () => fs.rmSync(lockFile, { force: true });
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(fs.readFileSync(lockFile, "utf8"));
      if (pid && pid !== process.pid && isAlive(pid)) throw new DatabaseLockedError(dir, pid);
      fs.rmSync(lockFile, { force: true }); // stale lock from a crashed process
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

const rowsOf = <T>(res: unknown): T[] => (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];

/** Rows of a raw `db.execute(sql)` on either driver (postgres.js returns an array, PGlite `{rows}`). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

const dialect = new PgDialect();

/**
 * queryRows for a hot statement with parameters. drizzle's execute() is unprepared, which costs
 * postgres.js two round trips (Parse/Describe, then Bind/Execute) and the server a fresh parse
 * every time; prepared, postgres.js keeps the statement per connection (by its text) and each call
 * is one Bind/Execute. Same rows as queryRows; on PGlite the same call. (drizzle's name argument
 * only switches preparing on; postgres.js names the statement itself.)
 */
export async function queryRowsPrepared<T>(db: Executor, query: SQL): Promise<T[]> {
  const prepared = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, "hot", false);
  return rowsOf<T>(await prepared.execute());
}
