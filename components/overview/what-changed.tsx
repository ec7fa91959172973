import Link from "next/link";
import type { Change } from "@/lib/roi/kpis";

export type AlertItem = { text: string; href: string };

/** Largest movements this period, new violations, initiatives that moved, open alerts. */
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
    ...alerts.map((a) => ({ kind: "alert", text: a.text, href: a.href, severity: "bad" as const })),
    ...changes,
  ];
  if (items.length === 0)
    return <p className="muted">Nothing moved by more than 1 % and no new violations or alerts.</p>;
  return (
    <ul className="changes" data-testid="what-changed">
      {items.map((c) => (
        <li key={`${c.kind}-${c.text}`}>
          <span className={`dot ${c.severity}`} aria-hidden />
          <span className="badge">{c.kind}</span>
          <Link
            href={`${c.href.split("#")[0]}${query}${c.href.includes("#") ? `#${c.href.split("#")[1]}` : ""}`}
          >
            {c.text}
          </Link>
        </li>
      ))}
    </ul>
  );
}
