/**
 * True when a browser request came from our own pages. Browsers send `Origin` on every cross-site
 * POST; when it is missing we fall back to `Sec-Fetch-Site`, and a request with neither (curl,
 * scripts) is not a browser's ambient-cookie request, so it passes.
 */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  const site = req.headers.get("sec-fetch-site");
  return !site || site === "same-origin" || site === "none";
}
