import Link from "next/link";
import { auditListQuery } from "@/app/api/v1/audit/schema";
import { EventTable } from "@/components/audit/event-table";
import { KeyPanel } from "@/components/audit/key-panel";
import { VerifyPanel } from "@/components/audit/verify-panel";
import { NotAllowed } from "@/components/shell/not-allowed";
import { queryToFilter } from "@/lib/audit/filters";
import { signingKey } from "@/lib/audit/keys";
import { auditFacets, listAuditEvents, trailStatus } from "@/lib/audit/queries";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";
import "@/components/audit/audit.css";

type SearchParams = Record<string, string | string[] | undefined>;

const FILTER_KEYS = ["q", "type", "actor", "agent", "action", "from", "to", "seq"] as const;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
/** datetime-local (UTC) → ISO for the API schema. */
const localToIso = (v: string | undefined) =>
  v && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) ? `${v.slice(0, 16)}:00Z` : undefined;

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { allowed } = await userForPage("audit");
  if (!allowed) return <NotAllowed page="Audit" roles={PAGE_ROLES.audit} />;
  const sp = await searchParams;
  const raw: Record<string, string> = {};
  for (const k of [...FILTER_KEYS, "before"]) {
    const v = first(sp[k]);
    if (v) raw[k] = k === "from" || k === "to" ? (localToIso(v) ?? v) : v;
  }
  const parsed = auditListQuery.safeParse(raw);
  const filter = parsed.success ? queryToFilter({ ...parsed.data, limit: 100 }) : { limit: 100 };
  const [page, facets, status] = await Promise.all([listAuditEvents(filter), auditFacets(), trailStatus()]);
  const key = signingKey();
  const keep = (extra: Record<string, string>) => {
    const u = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = first(sp[k]);
      if (v) u.set(k, v);
    }
    for (const [k, v] of Object.entries(extra)) u.set(k, v);
    return `/audit?${u}`;
  };
  const filtered = FILTER_KEYS.some((k) => first(sp[k]));
  return (
    <div>
      <div className="audit-head">
        <div>
          <h1>Audit trail</h1>
          <div className="muted">
            Every governance step and privileged change, hash-chained and signed. Nothing here can be edited.
          </div>
        </div>
      </div>
      <div className="audit-panels">
        <VerifyPanel />
        <KeyPanel status={status} keyId={key.keyId} publicPem={key.publicPem} />
      </div>
      <section className="card">
        <form className="audit-filters" method="get" action="/audit" aria-label="Filter the audit trail">
          <label>
            Search
            <input name="q" defaultValue={first(sp.q) ?? ""} placeholder="text in type, actor, payload…" />
          </label>
          <label>
            Type
            <select name="type" defaultValue={first(sp.type) ?? ""}>
              <option value="">any</option>
              {[...new Set(facets.types.map((t) => `${t.split(".")[0]}.`))].map((p) => (
                <option key={p} value={p}>
                  {p}*
                </option>
              ))}
              {facets.types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            Actor
            <select name="actor" defaultValue={first(sp.actor) ?? ""}>
              <option value="">any</option>
              {facets.actors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.kind}: {a.name ?? a.id}
                </option>
              ))}
            </select>
          </label>
          <label>
            Agent
            <input name="agent" defaultValue={first(sp.agent) ?? ""} placeholder="agent id" />
          </label>
          <label>
            Action id
            <input name="action" defaultValue={first(sp.action) ?? ""} placeholder="uuid" />
          </label>
          <label>
            From (UTC)
            <input type="datetime-local" name="from" defaultValue={first(sp.from) ?? ""} />
          </label>
          <label>
            To (UTC)
            <input type="datetime-local" name="to" defaultValue={first(sp.to) ?? ""} />
          </label>
          <label>
            Seq
            <input
              name="seq"
              inputMode="numeric"
              defaultValue={first(sp.seq) ?? ""}
              style={{ minWidth: 70, width: 80 }}
            />
          </label>
          <button type="submit">Apply</button>
          {filtered && <Link href="/audit">Clear</Link>}
        </form>
        {!parsed.success && <p className="error-text">{parsed.error.issues[0]?.message}</p>}
        <EventTable events={page.events} />
        <div className="pager">
          {first(sp.before) && <Link href={keep({})}>Newest</Link>}
          {page.nextBeforeSeq && <Link href={keep({ before: String(page.nextBeforeSeq) })}>Older →</Link>}
        </div>
      </section>
    </div>
  );
}
