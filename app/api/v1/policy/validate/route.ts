import { parsePolicy } from "@/lib/governance/policy";
import { diffLines } from "@/lib/governance/policy-diff";
import { currentPolicy } from "@/lib/governance/policy-store";
import { apiRoute } from "@/lib/http/route";
import { policyTextBody } from "./schema";

/** Validates a proposed policy: errors with lines, and the diff against the current version. */
export const POST = apiRoute(
  { access: { roles: ["admin"] }, body: policyTextBody, maxBodyBytes: 80 * 1024 },
  async ({ body }) => {
    const r = parsePolicy(body.yaml);
    const current = await currentPolicy();
    return {
      ok: r.ok,
      errors: r.ok ? [] : r.errors,
      current_version: current.version,
      diff: diffLines(current.yaml, body.yaml),
    };
  },
);
