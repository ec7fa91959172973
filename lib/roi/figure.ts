/**
 * A number that may be missing, with the reason. Every ROI figure is one of these so a page never
 * shows NaN or Infinity: it shows "not enough data" and why.
 */
export type Figure = { ok: true; value: number } | { ok: false; reason: string };

export const NOT_ENOUGH_DATA = "not enough data";

export function missing(reason: string): Figure {
  return { ok: false, reason };
}

/** A finite number becomes a figure; NaN and ±Infinity become "not enough data". */
export function figure(value: number | null | undefined, reason = NOT_ENOUGH_DATA): Figure {
  return typeof value === "number" && Number.isFinite(value) ? { ok: true, value } : missing(reason);
}

/** num ÷ den, or "not enough data" when the denominator is zero or either side is unknown. */
export function divide(
  num: number | null | undefined,
  den: number | null | undefined,
  reason: string,
): Figure {
  if (typeof num !== "number" || typeof den !== "number" || den === 0) return missing(reason);
  return figure(num / den, reason);
}

export function valueOr<T>(f: Figure, fallback: T): number | T {
  return f.ok ? f.value : fallback;
}

/** Linear-interpolated quantile (the "type 7" of R and NumPy); null for an empty list. */
export function quantile(values: readonly number[], q: number): number | null {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const pos = (xs.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

/** Relative change from `before` to `now` in percent (for period-over-period arrows). */
export function percentChange(now: Figure, before: Figure): Figure {
  if (!now.ok || !before.ok) return missing("no figure for one of the two periods");
  if (before.value === 0) return now.value === 0 ? figure(0) : missing("previous period was zero");
  return figure(((now.value - before.value) / Math.abs(before.value)) * 100);
}

/** "$1,234.5", "−$12" — money as the pages print it. */
export const usd = (n: number, digits = 2) =>
  `${n < 0 ? "−" : ""}$${Math.abs(n).toLocaleString("en-US", { maximumFractionDigits: digits })}`;
