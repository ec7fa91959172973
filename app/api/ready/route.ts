import { apiRoute } from "@/lib/http/route";
import { readiness } from "@/lib/platform/health";

export const dynamic = "force-dynamic";

/** Readiness: database reachable and migrated (503 otherwise, and while shutting down). */
export const GET = apiRoute({ access: { public: true } }, async () => {
  const r = await readiness();
  return Response.json(r, { status: r.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});
