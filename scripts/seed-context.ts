import type { DbHandle } from "@/lib/db/client";

export type SeedContext = {
  handle: DbHandle;
  /** Ids of the demo users by email, e.g. users["approver@demo.local"]. */
  users: Record<string, string>;
  /** Repo-relative folder of demo fixtures (the H200 trace lives in fixtures/h200-inference-trace). */
  fixturesDir: string;
  log: (message: string) => void;
};
