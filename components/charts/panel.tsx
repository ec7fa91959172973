"use client";
import "./charts.css";
import type { ReactNode } from "react";
import { useUrlUpdate } from "@/components/shell/use-url-update";
import { csvFileName } from "./prepare/csv";

export type PanelStatus =
  | { kind: "loading" }
  | { kind: "error"; message: string }
  /** Nothing to draw: `missing` says what is absent and where to fix it. */
  | { kind: "empty"; missing: string; latestMs?: number | null }
  | { kind: "ready" };

type Props = {
  title: string;
  /** Units drawn, e.g. "°C · W"; every panel states them. */
  unit?: string;
  status: PanelStatus;
  /** Refetching in the background (keeps the old chart). */
  fetching?: boolean;
  /** Builds the CSV on demand (exact stored values). */
  csv?: () => string;
  csvFromMs?: number;
  tools?: ReactNode;
  footer?: ReactNode;
  children?: ReactNode;
  testId?: string;
};

/** Every panel's frame: title and units, loading/error/"what is missing" states, CSV download. */
export function Panel({
  title,
  unit,
  status,
  fetching,
  csv,
  csvFromMs,
  tools,
  footer,
  children,
  testId,
}: Props) {
  return (
    <section className="panel" data-testid={testId} aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        {unit && <span className="panel-unit">{unit}</span>}
        <div className="panel-tools">
          {tools}
          {csv && status.kind === "ready" && (
            <button
              type="button"
              onClick={() => downloadCsv(csv(), csvFileName(title, csvFromMs ?? Date.now()))}
            >
              CSV
            </button>
          )}
        </div>
      </header>
      <div className="panel-body">
        {fetching && status.kind === "ready" && <span className="panel-loading">updating…</span>}
        {status.kind === "loading" && (
          <div className="panel-state" role="status">
            Loading…
          </div>
        )}
        {status.kind === "error" && (
          <div className="panel-state error" role="alert">
            Could not load: {status.message}
          </div>
        )}
        {status.kind === "empty" && (
          <EmptyState missing={status.missing} latestMs={status.latestMs ?? null} />
        )}
        {status.kind === "ready" && children}
      </div>
      {footer && status.kind === "ready" && <footer className="panel-foot">{footer}</footer>}
    </section>
  );
}

function EmptyState({ missing, latestMs }: { missing: string; latestMs: number | null }) {
  const update = useUrlUpdate();
  const jump = () => {
    if (latestMs === null) return;
    // Show the last 15 minutes that have data (or the whole tail of a short recording).
    update({
      range: null,
      from: new Date(latestMs - 15 * 60_000).toISOString(),
      to: new Date(latestMs + 60_000).toISOString(),
    });
  };
  return (
    <div className="panel-state" data-testid="panel-empty">
      <div>{missing}</div>
      {latestMs !== null && (
        <button type="button" onClick={jump} data-testid="jump-to-latest">
          Jump to latest data ({new Date(latestMs).toISOString().slice(0, 16).replace("T", " ")} UTC)
        </button>
      )}
    </div>
  );
}

function downloadCsv(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A big-number readout row above a chart. */
export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </div>
  );
}
