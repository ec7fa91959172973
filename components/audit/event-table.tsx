import Link from "next/link";
import type { ChainEvent } from "@/lib/audit/chain";
import { summarizeEvent } from "@/lib/audit/explain";

const when = (iso: string) => iso.replace("T", " ").replace("Z", "");
const actorText = (e: ChainEvent) => `${e.actor.name ?? e.actor.id}`;

/** Events with their hashes; each row expands to the raw stored JSON. */
export function EventTable({
  events,
  intact,
  showAction = true,
}: {
  events: ChainEvent[];
  /** seq → whether the row still matches its hash (action page); omitted on the timeline. */
  intact?: Map<number, boolean>;
  showAction?: boolean;
}) {
  if (events.length === 0) return <p className="muted">No events match.</p>;
  return (
    <table className="audit-table" data-testid="audit-events">
      <thead>
        <tr>
          <th>Seq</th>
          <th>Time (UTC)</th>
          <th>Type</th>
          <th>Actor</th>
          {showAction && <th>Action</th>}
          <th>What</th>
          <th>Hash</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => {
          const ok = intact?.get(e.seq);
          return (
            <tr key={e.seq} id={`seq-${e.seq}`} className={ok === false ? "bad" : ""} data-seq={e.seq}>
              <td className="mono">{e.seq}</td>
              <td className="mono">{when(e.time)}</td>
              <td>
                <span className="badge">{e.type}</span>
              </td>
              <td title={`${e.actor.kind}:${e.actor.id}`}>
                <span className="muted">{e.actor.kind} </span>
                {actorText(e)}
              </td>
              {showAction && (
                <td className="mono">
                  {e.action_id ? (
                    <Link href={`/audit/actions/${encodeURIComponent(e.action_id)}`}>
                      {e.action_id.slice(0, 8)}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
              )}
              <td>
                {summarizeEvent(e)}
                {e.masked_paths.length > 0 && (
                  <span className="muted"> · masked: {e.masked_paths.join(", ")}</span>
                )}
                <details className="raw">
                  <summary className="muted">raw event</summary>
                  <pre>{JSON.stringify(e, null, 2)}</pre>
                </details>
              </td>
              <td className="hash" title={`hash ${e.hash}\nprev ${e.prev_hash}`}>
                {e.hash.slice(0, 12)}…{ok === true && <div className="badge ok">intact</div>}
                {ok === false && <div className="badge danger">changed</div>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
