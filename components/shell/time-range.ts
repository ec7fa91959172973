/** Time range kept in the URL: `?range=1h` (a preset ending now) or `?from=…&to=…` (ISO or unix ms). */
export const PRESETS = ["15m", "1h", "6h", "24h", "7d", "30d"] as const;
export type Preset = (typeof PRESETS)[number];
export const REFRESH_OPTIONS = ["off", "10s", "30s", "1m", "live"] as const;
export type Refresh = (typeof REFRESH_OPTIONS)[number];

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const DEFAULT_PRESET: Preset = "1h";

/** "15m" → 900000; null when not a duration. */
export function durationMs(text: string): number | null {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : null;
}

/** Steps a chart may use: the smallest that keeps a range under ~maxPoints points. */
const STEPS_MS = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 10800, 21600, 86400].map((s) => s * 1000);
export function chooseStepMs(rangeMs: number, maxPoints = 300): number {
  return STEPS_MS.find((s) => rangeMs / s <= maxPoints) ?? STEPS_MS[STEPS_MS.length - 1]!;
}

function parseInstant(text: string | null | undefined): number | null {
  if (!text) return null;
  if (/^\d{10,}$/.test(text)) return Number(text);
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}

export type TimeRange = {
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** The preset in use, or null for a custom (absolute) range. */
  preset: Preset | null;
  refresh: Refresh;
};

type Params = { get(name: string): string | null };

export function parseTimeRange(params: Params, nowMs: number = Date.now()): TimeRange {
  const refreshParam = params.get("refresh") as Refresh | null;
  const refresh = refreshParam && REFRESH_OPTIONS.includes(refreshParam) ? refreshParam : "off";
  const from = parseInstant(params.get("from"));
  const to = parseInstant(params.get("to"));
  if (from !== null && to !== null && from < to) {
    return { fromMs: from, toMs: to, stepMs: chooseStepMs(to - from), preset: null, refresh };
  }
  const rangeParam = params.get("range") as Preset | null;
  const preset = rangeParam && PRESETS.includes(rangeParam) ? rangeParam : DEFAULT_PRESET;
  const span = durationMs(preset)!;
  return { fromMs: nowMs - span, toMs: nowMs, stepMs: chooseStepMs(span), preset, refresh };
}

export function refreshIntervalMs(refresh: Refresh): number | false {
  if (refresh === "off") return false;
  if (refresh === "live") return 2000;
  return durationMs(refresh) ?? false;
}
