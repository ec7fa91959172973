import {
  CLOCK_EVENT_BITS,
  type ClockEventReason,
  decodeClockEventReasons,
} from "@/lib/telemetry/clock-events";
import type { Point, TimeBand } from "./types";

/**
 * Clock-event reasons that hold the GPU back, from the telemetry catalogue's decoder (idle,
 * application clocks, sync boost and display clock are not throttling and never shade a panel),
 * each classed as power or thermal so panels can colour and label the band.
 */
const POWER_REASONS: readonly ClockEventReason[] = ["sw_power_cap", "hw_power_brake"];
export const THROTTLE_REASONS = CLOCK_EVENT_BITS.filter((b) => b.throttling).map((b) => ({
  bit: b.bit,
  reason: b.reason,
  kind: POWER_REASONS.includes(b.reason) ? ("power" as const) : ("thermal" as const),
  label: b.label,
}));
export type ThrottleReason = ClockEventReason;

export type ThrottleWindow = TimeBand & {
  reason: ThrottleReason;
  kind: "power" | "thermal";
  samples: number;
};

/** Names of the throttling reasons set in a bitmask. */
export function throttleReasons(mask: number): ThrottleReason[] {
  const set = new Set(decodeClockEventReasons(mask));
  return THROTTLE_REASONS.filter((r) => set.has(r.reason)).map((r) => r.reason);
}

/**
 * Bitmask samples → one window per uninterrupted run of each throttling reason. A window starts
 * at the first sample with the bit and ends at the first later sample without it (the moment the
 * GPU was seen unthrottled). A run still set at the last sample, or cut by a missing sample or a
 * gap longer than `maxGapMs`, ends one sample interval after its last set sample, so a window
 * never claims time nobody observed. Sorted by start.
 */
export function throttleWindows(points: Point[], opts: { maxGapMs?: number } = {}): ThrottleWindow[] {
  const sorted = points.filter((p) => p[1] !== null).sort((a, b) => a[0] - b[0]);
  const interval = medianInterval(sorted);
  const maxGap = opts.maxGapMs ?? Math.max(interval * 3, 1);
  const windows: ThrottleWindow[] = [];
  for (const def of THROTTLE_REASONS) {
    let start: number | null = null;
    let last = 0;
    let samples = 0;
    const close = (endMs: number) => {
      if (start === null) return;
      windows.push({ startMs: start, endMs, reason: def.reason, kind: def.kind, label: def.label, samples });
      start = null;
      samples = 0;
    };
    for (const [t, v] of sorted) {
      const set = Math.floor(Math.trunc(v as number) / def.bit) % 2 === 1;
      if (start !== null && t - last > maxGap) close(last + interval);
      if (set) {
        if (start === null) start = t;
        last = t;
        samples++;
      } else if (start !== null) {
        close(t);
      }
    }
    close(last + interval);
  }
  return windows.sort((a, b) => a.startMs - b.startMs);
}

/** Typical spacing of samples (median), 0 for fewer than two. */
function medianInterval(sorted: Point[]): number {
  if (sorted.length < 2) return 0;
  const d: number[] = [];
  for (let i = 1; i < sorted.length; i++) d.push(sorted[i]![0] - sorted[i - 1]![0]);
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)]!;
}

/** Total throttled time per reason, in ms (overlapping windows of one reason cannot occur). */
export function throttledMs(windows: ThrottleWindow[]): Partial<Record<ThrottleReason, number>> {
  const out: Partial<Record<ThrottleReason, number>> = {};
  for (const w of windows) out[w.reason] = (out[w.reason] ?? 0) + (w.endMs - w.startMs);
  return out;
}

/** The longest window of a reason, or null. */
export function longestWindow(windows: ThrottleWindow[], reason: ThrottleReason): ThrottleWindow | null {
  let best: ThrottleWindow | null = null;
  for (const w of windows)
    if (w.reason === reason && (!best || w.endMs - w.startMs > best.endMs - best.startMs)) best = w;
  return best;
}
