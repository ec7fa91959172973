import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Liveness: the process answers. Touches nothing else, so a database outage never restarts us. */
export const GET = apiRoute({ access: { public: true } }, async () => ({
  status: "ok",
  uptimeSeconds: Math.round(process.uptime()),
}));
