/**
 * Links from the overview. Pure (the page resolves them on the server, tests run them here): a KPI
 * or "what changed" entry must never send someone to a page that answers "Not allowed".
 */

/** The console page a link opens: "/approvals?view=violations" → "approvals", "/" → "overview". */
export function pageOfHref(href: string): string {
  const first = href.split(/[?#]/)[0]!.split("/").filter(Boolean)[0];
  return first ?? "overview";
}

/**
 * Adds the period (`query`, "?from=…&to=…" or "") to a link that may have its own query and
 * #anchor; the link's own parameters win over the period's.
 */
export function hrefWithQuery(href: string, query: string): string {
  const [beforeAnchor, anchor] = href.split("#", 2) as [string, string | undefined];
  const [path, own = ""] = beforeAnchor.split("?", 2) as [string, string | undefined];
  const params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  for (const [k, v] of new URLSearchParams(own)) params.set(k, v);
  const search = params.toString();
  return `${path}${search ? `?${search}` : ""}${anchor ? `#${anchor}` : ""}`;
}

/** `href` when the user may open its page, otherwise `fallback`. */
export function reachableHref(href: string, canOpen: (page: string) => boolean, fallback: string): string {
  return canOpen(pageOfHref(href)) ? href : fallback;
}
