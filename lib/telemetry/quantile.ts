/**
 * Quantile from cumulative-over-`le` bucket counts, as Prometheus' histogram_quantile: find the
 * bucket holding rank q·total and interpolate linearly inside it (the first bucket's lower edge
 * is 0 when its bound is positive). A rank in the +Inf bucket returns the highest finite bound.
 * Pure module. `bounds` ascending (may end with +Inf), `counts[i]` = observations ≤ bounds[i].
 */
export function histogramQuantile(q: number, bounds: number[], counts: number[]): number | null {
  if (!bounds.length || q < 0 || q > 1 || Number.isNaN(q)) return null;
  // Cumulative counts must not decrease; fix rounding noise the way Prometheus does.
  const c = counts.slice();
  for (let i = 1; i < c.length; i++) if (c[i]! < c[i - 1]!) c[i] = c[i - 1]!;
  const total = bounds[bounds.length - 1] === Number.POSITIVE_INFINITY ? c[c.length - 1]! : c[c.length - 1]!;
  if (!(total > 0)) return null;
  const rank = q * total;
  let i = 0;
  while (i < c.length - 1 && c[i]! < rank) i++;
  if (bounds[i] === Number.POSITIVE_INFINITY) {
    const finite = bounds.filter(Number.isFinite);
    return finite.length ? finite[finite.length - 1]! : null;
  }
  const upper = bounds[i]!;
  const lower = i === 0 ? Math.min(0, upper) : bounds[i - 1]!;
  const below = i === 0 ? 0 : c[i - 1]!;
  const inBucket = c[i]! - below;
  if (inBucket <= 0) return upper;
  return lower + (upper - lower) * ((rank - below) / inBucket);
}
