"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/components/ui/fetch-json";
import type { AlertEventView } from "@/lib/alerts/store";

/** Firing alerts; the banner stays quiet (rather than erroring) when they cannot be read. */
const firing = () =>
  fetchJson<{ alerts: AlertEventView[] }>("/api/v1/alerts?state=firing&limit=50").then(
    (r) => r.alerts,
    () => [],
  );

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

/**
 * Firing alerts across the top of every console page (mounted by the shell). Polls every 15 s,
 * the evaluator's own interval; shows nothing when all is well.
 */
export function AlertBanner() {
  const q = useQuery({ queryKey: ["alerts", "firing"], queryFn: firing, refetchInterval: 15_000 });
  const alerts = [...(q.data ?? [])].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  if (alerts.length === 0) return null;
  const top = alerts[0]!;
  const critical = alerts.some((a) => a.severity === "critical");
  return (
    <div
      role="alert"
      data-testid="alert-banner"
      style={{
        display: "flex",
        gap: 10,
        alignItems: "center",
        padding: "6px 18px",
        borderBottom: "1px solid var(--border)",
        background: critical
          ? "color-mix(in srgb, var(--danger) 14%, var(--surface))"
          : "color-mix(in srgb, var(--warn) 16%, var(--surface))",
        fontSize: 13,
      }}
    >
      <span className={`badge ${critical ? "danger" : "warn"}`}>{alerts.length} firing</span>
      <strong>{top.ruleName}</strong>
      <span className="muted">
        {top.summary} · since {new Date(top.startedAt).toISOString().slice(0, 19).replace("T", " ")} UTC
      </span>
      <span className="spacer" />
      <Link href="/sre#alerts">All alerts</Link>
    </div>
  );
}
