import { dryRunPolicy } from "@/lib/governance/policy-store";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { dryRunBody } from "./schema";

/** What the last N actions (default 100) would have gotten under a proposed policy. Changes nothing. */
export const POST = apiRoute(
  { access: { roles: ["admin"] }, body: dryRunBody, maxBodyBytes: 80 * 1024 },
  async ({ body }) => {
    const r = await dryRunPolicy(body.yaml, body.limit ?? 100);
    if (!r.ok)
      throw ApiError.badRequest(`line ${r.errors[0]?.line ?? "?"}: ${r.errors[0]?.message}`, {
        errors: r.errors,
      });
    const changed = r.rows.filter((x) => x.changed).length;
    return { total: r.rows.length, changed, rows: r.rows };
  },
);
