import Link from "next/link";
import { EventTable } from "@/components/audit/event-table";
import { ReplayPanel } from "@/components/audit/replay-panel";
import { NotAllowed } from "@/components/shell/not-allowed";
import { explainActionById } from "@/lib/audit/service";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";
import "@/components/audit/audit.css";

/** One action explained: the five questions answered from its stored events, replay, raw events. */
export default async function ActionAuditPage({ params }: { params: Promise<{ id: string }> }) {
  const { allowed } = await userForPage("audit");
  if (!allowed) return <NotAllowed page="Audit" roles={PAGE_ROLES.audit} />;
  const { id } = await params;
  const x = await explainActionById(decodeURIComponent(id));
  if (!x.found) {
    return (
      <div className="card">
        <h1>No audit events for this action</h1>
        <p className="muted">Action id {id} does not appear in the trail.</p>
        <Link href="/audit">Back to the trail</Link>
      </div>
    );
  }
  const answers = Object.entries(x.answers);
  return (
    <div>
      <div className="audit-head">
        <div>
          <div className="muted">
            <Link href="/audit">Audit trail</Link> / action
          </div>
          <h1>
            {x.action ?? "Action"} <span className="muted">by {x.agent ?? "?"}</span>
          </h1>
          <div className="row" style={{ gap: 8 }}>
            <span className="badge">{x.category ?? "?"}</span>
            <span className="badge" data-testid="action-status">
              {x.status}
            </span>
            <span className="mono muted">{x.actionId}</span>
          </div>
        </div>
      </div>
      <div className="answers" data-testid="five-answers">
        {answers.map(([key, a]) => (
          <section className="card answer" key={key} data-testid={`answer-${key}`}>
            <h2>{a.question}</h2>
            <p>{a.answer}</p>
            {a.details.length > 0 && (
              <ul>
                {a.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
            {a.seqs.length > 0 && (
              <div className="seq-links">
                <span className="muted">Events: </span>
                {a.seqs.map((s) => (
                  <a key={s} href={`#seq-${s}`}>
                    #{s}
                  </a>
                ))}
              </div>
            )}
          </section>
        ))}
      </div>
      <div className="audit-panels">
        <ReplayPanel actionId={x.actionId} />
      </div>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>Raw events and hashes</h2>
        <EventTable
          events={x.events}
          intact={new Map(x.events.map((e) => [e.seq, e.intact]))}
          showAction={false}
        />
      </section>
    </div>
  );
}
