import { apiRoute } from "@/lib/http/route";

/**
 * Who the caller is: lets a collector or agent check its key (name, scopes, limits) before it
 * starts sending, and a signed-in user see their roles. Any key scope, any role.
 */
export const GET = apiRoute(
  { access: { roles: "any", scopes: ["ingest", "actions", "read"] } },
  async ({ principal }) =>
    principal.kind === "user"
      ? {
          kind: "user",
          id: principal.id,
          email: principal.email,
          name: principal.name,
          roles: principal.roles,
        }
      : {
          kind: "apiKey",
          id: principal.id,
          name: principal.name,
          scopes: principal.scopes,
          constraints: principal.constraints,
        },
);
