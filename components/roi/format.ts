/** Display helpers for ROI figures. Pure: shared by server pages, client forms and the report. */
import type { Figure } from "@/lib/roi/figure";
import { usd } from "@/lib/roi/figure";

export const NA = "not enough data";

/** "12.3 %", "$1,234", "0.52 Wh" — or "not enough data" (the reason goes in a tooltip). */
export function formatFigure(f: Figure, unit: string, digits = 1): string {
  if (!f.ok) return NA;
  if (unit === "$")
    return usd(f.value, Math.abs(f.value) >= 100 ? 0 : Math.abs(f.value) >= 1 ? 2 : Math.max(2, digits));
  if (unit === "tokens") return compact(f.value);
  const n = f.value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${n} ${unit}` : n;
}

/** 1234 → "1.23k", 1_500_000 → "1.5M". */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return n.toLocaleString("en-US", { maximumFractionDigits: 1 });
}

export function reasonOf(f: Figure): string | undefined {
  return f.ok ? undefined : f.reason;
}

/** Arrow and tone for a period-over-period change. */
export function changeBadge(
  change: Figure,
  better: "up" | "down",
): { text: string; tone: "good" | "bad" | "flat" | "none" } {
  if (!change.ok)
    return { text: change.reason === "previous period was zero" ? "up from 0" : "—", tone: "none" };
  const v = change.value;
  if (Math.abs(v) < 0.05) return { text: "→ 0 %", tone: "flat" };
  const up = v > 0;
  return {
    text: `${up ? "▲" : "▼"} ${Math.abs(v).toFixed(1)} %`,
    tone: up === (better === "up") ? "good" : "bad",
  };
}

export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

export function formatPeriod(w: { fromMs: number; toMs: number }): string {
  const days = (w.toMs - w.fromMs) / 86_400_000;
  const len =
    days >= 1 ? `${days.toFixed(days % 1 ? 1 : 0)} d` : `${((w.toMs - w.fromMs) / 3_600_000).toFixed(1)} h`;
  return `${formatUtc(w.fromMs)} → ${formatUtc(w.toMs)} (${len})`;
}
