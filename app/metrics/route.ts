import { hasScope, resolvePrincipal } from "@/lib/auth/principal";
import { renderExposition } from "@/lib/telemetry/exposition";

/**
 * GET /metrics — the console's own Prometheus exposition. Access: an API key with scope `read`
 * (`Authorization: Bearer afc_…`, Prometheus `authorization: {credentials: …}`), OR a client
 * address listed in METRICS_ALLOW (comma-separated, e.g. "127.0.0.1,10.0.0.5"). The address is the
 * first X-Forwarded-For / X-Real-IP hop, so use the allow-list only behind a reverse proxy that
 * overwrites those headers; otherwise use a key. METRICS_ALLOW=any opens it to everyone.
 */
export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  if (!(await allowed(req))) {
    return Response.json(
      {
        error:
          "send an API key with scope read (Authorization: Bearer …) or scrape from an address in METRICS_ALLOW",
      },
      { status: 401 },
    );
  }
  return new Response(await renderExposition(), {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
}

async function allowed(req: Request): Promise<boolean> {
  const allow = (process.env.METRICS_ALLOW ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (allow.includes("any")) return true;
  if (allow.length) {
    const ip = (
      req.headers.get("x-forwarded-for")?.split(",")[0] ??
      req.headers.get("x-real-ip") ??
      ""
    ).trim();
    const normalized = ip.replace(/^::ffff:/, "");
    if (normalized && (allow.includes(normalized) || (normalized === "::1" && allow.includes("127.0.0.1"))))
      return true;
  }
  if (!req.headers.get("authorization")) return false;
  const p = await resolvePrincipal(req);
  return hasScope(p, ["read"]);
}
