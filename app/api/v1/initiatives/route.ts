import { PAGE_ROLES } from "@/lib/auth/page";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import {
  createInitiative,
  InitiativeNameTaken,
  knownAgentsAndCategories,
  listInitiatives,
} from "@/lib/roi/queries";
import { initiativeBody } from "./schema";

/** Initiatives (use cases) with their horizon, agents, categories and baseline. */
export const GET = apiRoute({ access: { roles: PAGE_ROLES.roi, scopes: ["read"] } }, async () => ({
  initiatives: await listInitiatives(),
  agents: await knownAgentsAndCategories(),
}));

/** Records an initiative: executives and admins only. */
export const POST = apiRoute(
  { access: { roles: ["executive", "admin"] }, body: initiativeBody, maxBodyBytes: 32 * 1024 },
  async ({ body, principal }) => {
    const name = principal.kind === "user" ? principal.email : principal.name;
    try {
      const initiative = await createInitiative(body, {
        kind: "user",
        id: principal.id,
        name,
        userId: principal.id,
      });
      return Response.json({ initiative }, { status: 201 });
    } catch (err) {
      if (err instanceof InitiativeNameTaken) throw ApiError.conflict(err.message, { field: "body.name" });
      throw err;
    }
  },
);
