/**
 * Geometry for the ROI feature's small SVG charts (sparklines, horizon bullets). Pure and
 * unit-tested; the components only draw what these return.
 */

/** Sparkline path in a w×h box; nulls break the line (no invented values). */
export function sparkPath(
  values: readonly (number | null)[],
  w: number,
  h: number,
  pad = 2,
): { d: string; dots: [number, number][] } {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return { d: "", dots: [] };
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const stepX = values.length > 1 ? (w - 2 * pad) / (values.length - 1) : 0;
  const y = (v: number) => (max === min ? h / 2 : pad + (h - 2 * pad) * (1 - (v - min) / span));
  let d = "";
  let penDown = false;
  const dots: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      penDown = false;
      return;
    }
    const x = values.length > 1 ? pad + i * stepX : w / 2;
    const py = y(v);
    d += `${penDown ? "L" : "M"}${x.toFixed(1)},${py.toFixed(1)}`;
    // A lone point (nulls on both sides) would be invisible as a path: mark it with a dot.
    const prev = values[i - 1];
    const next = values[i + 1];
    if ((prev === null || prev === undefined) && (next === null || next === undefined)) dots.push([x, py]);
    penDown = true;
  });
  return { d, dots };
}

/**
 * A horizon's bullet: the reference band and the actual ROI as positions (0–100 % of the track).
 * The track spans from min(0, actual) to max(band max × 1.3, actual), so negative ROI shows.
 */
export function bulletGeometry(actualPct: number | null, band: { minPct: number; maxPct: number }) {
  const lo = Math.min(0, actualPct ?? 0);
  const hi = Math.max(band.maxPct * 1.3, actualPct ?? 0);
  const span = hi - lo || 1;
  const pos = (v: number) => ((v - lo) / span) * 100;
  return {
    bandLeft: pos(band.minPct),
    bandWidth: pos(band.maxPct) - pos(band.minPct),
    zero: pos(0),
    actual: actualPct === null ? null : pos(actualPct),
    barLeft: actualPct === null ? null : Math.min(pos(0), pos(actualPct)),
    barWidth: actualPct === null ? null : Math.abs(pos(actualPct) - pos(0)),
    min: lo,
    max: hi,
  };
}
