import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { archiveInitiative, InitiativeNameTaken, updateInitiative } from "@/lib/roi/queries";
import { initiativeBody, initiativeParams } from "./schema";

function idFrom(params: Record<string, string>) {
  const r = initiativeParams.safeParse(params);
  if (!r.success) throw ApiError.notFound("no such initiative");
  return r.data.id;
}

/** Replaces an initiative's fields (executives and admins). */
export const PUT = apiRoute(
  { access: { roles: ["executive", "admin"] }, body: initiativeBody, maxBodyBytes: 32 * 1024 },
  async ({ body, principal, params }) => {
    const id = idFrom(params);
    const name = principal.kind === "user" ? principal.email : principal.name;
    try {
      const initiative = await updateInitiative(id, body, { kind: "user", id: principal.id, name });
      if (!initiative) throw ApiError.notFound("no such initiative");
      return { initiative };
    } catch (err) {
      if (err instanceof InitiativeNameTaken) throw ApiError.conflict(err.message, { field: "body.name" });
      throw err;
    }
  },
);

/** Archives an initiative (kept for history, no longer counted). */
export const DELETE = apiRoute(
  { access: { roles: ["executive", "admin"] } },
  async ({ principal, params }) => {
    const id = idFrom(params);
    const name = principal.kind === "user" ? principal.email : principal.name;
    if (!(await archiveInitiative(id, { kind: "user", id: principal.id, name })))
      throw ApiError.notFound("no such initiative");
    return new Response(null, { status: 204 });
  },
);
