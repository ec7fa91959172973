import "server-only";
import { redirect } from "next/navigation";
import { EXECUTIVE_DEFAULT_RANGE, windowFromParams } from "./inputs";
import type { Window } from "./model";

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/**
 * The period of an executive page from its URL. Without one, redirects to the default range so
 * the URL (and the shared picker) always say which period the figures cover.
 */
export function pagePeriod(path: string, sp: SearchParams): { window: Window; query: string } {
  const from = one(sp.from);
  const to = one(sp.to);
  const range = one(sp.range);
  if (!from && !to && !range) {
    const keep = new URLSearchParams({ range: EXECUTIVE_DEFAULT_RANGE });
    const refresh = one(sp.refresh);
    if (refresh) keep.set("refresh", refresh);
    redirect(`${path}?${keep}`);
  }
  const q = new URLSearchParams();
  if (from && to) {
    q.set("from", from);
    q.set("to", to);
  } else if (range) q.set("range", range);
  return { window: windowFromParams({ from, to, range }), query: `?${q}` };
}
