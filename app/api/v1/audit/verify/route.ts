import { actorOf } from "@/lib/audit/actors";
import { verifyAndRecord } from "@/lib/audit/service";
import { apiRoute } from "@/lib/http/route";

/** Recomputes the whole chain and every checkpoint signature: OK with counts, or the first bad seq and why. */
export const GET = apiRoute({ access: { roles: ["admin", "auditor"] } }, async ({ principal }) =>
  verifyAndRecord(actorOf(principal)),
);
