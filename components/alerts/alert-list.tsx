"use client";
import { useQuery } from "@tanstack/react-query";
import { useTimeRange } from "@/components/shell/use-time-range";
import { useUrlUpdate } from "@/components/shell/use-url-update";
import { fetchJson } from "@/components/ui/fetch-json";
import type { AlertEventView } from "@/lib/alerts/store";

const fmt = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
const dur = (a: AlertEventView) => {
  const s = Math.round(((a.endedAt ? Date.parse(a.endedAt) : Date.now()) - Date.parse(a.startedAt)) / 1000);
  return s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
};

/** Alert events overlapping the shared range; "show" zooms the range to the event. */
export function AlertList() {
  const range = useTimeRange();
  const update = useUrlUpdate();
  const q = useQuery({
    queryKey: ["alerts", "range", range.key],
    queryFn: async () =>
      (
        await fetchJson<{ alerts: AlertEventView[] }>(
          `/api/v1/alerts?from=${Math.floor(range.fromMs)}&to=${Math.ceil(range.toMs)}&limit=200`,
        )
      ).alerts,
    refetchInterval: range.refetchInterval,
  });
  const zoom = (a: AlertEventView) => {
    const start = Date.parse(a.startedAt);
    const end = a.endedAt ? Date.parse(a.endedAt) : Date.now();
    const pad = Math.max(60_000, (end - start) * 0.5);
    update({ range: null, from: new Date(start - pad).toISOString(), to: new Date(end + pad).toISOString() });
  };
  return (
    <section className="panel" id="alerts" data-testid="alert-list" aria-label="Alerts">
      <header className="panel-head">
        <h2>Alerts in range</h2>
        <span className="panel-unit">
          {q.data ? `${q.data.length} event${q.data.length === 1 ? "" : "s"}` : ""}
        </span>
      </header>
      {q.isPending ? (
        <div className="muted">Loading…</div>
      ) : q.error ? (
        <div className="error-text">Could not load alerts: {q.error.message}</div>
      ) : q.data.length === 0 ? (
        <div className="muted">No alert fired in this time range.</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>State</th>
              <th>Rule</th>
              <th>What</th>
              <th>Started (UTC)</th>
              <th>Ended (UTC)</th>
              <th>Duration</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {q.data.map((a) => (
              <tr key={a.id} data-testid="alert-row">
                <td>
                  <span
                    className={`badge ${a.endedAt ? "ok" : a.severity === "critical" ? "danger" : "warn"}`}
                  >
                    {a.endedAt ? "resolved" : `firing · ${a.severity}`}
                  </span>
                </td>
                <td>{a.ruleName}</td>
                <td>{a.summary}</td>
                <td className="mono">{fmt(a.startedAt)}</td>
                <td className="mono">{a.endedAt ? fmt(a.endedAt) : "—"}</td>
                <td>{dur(a)}</td>
                <td>
                  <button type="button" onClick={() => zoom(a)}>
                    Show
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
