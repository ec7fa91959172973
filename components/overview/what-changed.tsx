import Link from "next/link";
import type { Change } from "@/lib/roi/kpis";
import { hrefWithQuery } from "./links";

/** An alert: the rule name is the link, the summary is plain text beside it. */
export type AlertItem = { title: string; detail: string; href: string };

/** Largest movements this period, new violations, initiatives that moved, alerts in the period. */
export function WhatChanged({
  changes,
  alerts,
  query,
}: {
  changes: Change[];
  alerts: AlertItem[];
  query: string;
}) {
  const items = [
    ...alerts.map((a) => ({
      kind: "alert",
      text: a.title,
      detail: a.detail,
      href: a.href,
      severity: "bad" as const,
    })),
    ...changes.map((c) => ({ ...c, detail: "" })),
  ];
  if (items.length === 0)
    return <p className="muted">Nothing moved by more than 1 % and no new violations or alerts.</p>;
  return (
    <ul className="changes" data-testid="what-changed">
      {items.map((c) => (
        <li key={`${c.kind}-${c.text}-${c.detail}`}>
          <span className={`dot ${c.severity}`} aria-hidden />
          <span className="badge">{c.kind}</span>
          <span>
            <Link href={hrefWithQuery(c.href, query)}>{c.text}</Link>
            {c.detail ? <span className="muted"> — {c.detail}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
