/** Axis and tooltip time formats (UTC: the fleet spans time zones and the data is stored in UTC). */
export function axisTime(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  if (spanMs > 3 * 86_400_000) return iso.slice(5, 10); // MM-DD
  if (spanMs > 86_400_000) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  if (spanMs > 10 * 60_000) return iso.slice(11, 16);
  return iso.slice(11, 19);
}

/** Exact instant for tooltips: `2026-11-26 06:26:21.802 UTC`. */
export function exactTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}
