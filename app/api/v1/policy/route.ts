import type { UserPrincipal } from "@/lib/auth/principal";
import { currentPolicy, savePolicyVersion } from "@/lib/governance/policy-store";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { savePolicyBody } from "./schema";

/** The current policy version (full YAML). */
export const GET = apiRoute(
  { access: { roles: ["admin", "approver", "auditor", "executive"], scopes: ["read", "actions"] } },
  async () => {
    const p = await currentPolicy();
    return { version: p.version, yaml: p.yaml, note: p.note, created_at: p.createdAt };
  },
);

/** Saves a new version (admins). Invalid YAML → 400 with the line of each error. */
export const POST = apiRoute(
  { access: { roles: ["admin"] }, body: savePolicyBody, maxBodyBytes: 80 * 1024 },
  async ({ body, principal, log }) => {
    const user = principal as UserPrincipal;
    const r = await savePolicyVersion({
      yaml: body.yaml,
      note: body.note ?? null,
      baseVersion: body.base_version ?? null,
      user: { id: user.id, name: user.name },
    });
    if (!r.ok && "errors" in r) {
      const first = r.errors[0]!;
      throw ApiError.badRequest(`line ${first.line ?? "?"}: ${first.message}`, {
        line: first.line,
        errors: r.errors,
      });
    }
    if (!r.ok)
      throw ApiError.conflict(
        `the policy changed meanwhile: version ${r.conflict.currentVersion} is current`,
        {
          current_version: r.conflict.currentVersion,
        },
      );
    log.info({ event: "policy_version_created", version: r.version }, "policy saved");
    return Response.json({ version: r.version }, { status: 201 });
  },
);
