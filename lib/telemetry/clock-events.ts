/**
 * NVIDIA clock-event ("throttle") reasons bitmask, as reported by nvidia-smi
 * `clocks_event_reasons.active` and DCGM `DCGM_FI_DEV_CLOCKS_EVENT_REASONS` (NVML
 * nvmlClocksEventReason*). Pure module: pages decode stored `gpu_clock_event_reasons` values.
 */
export type ClockEventReason =
  | "idle"
  | "applications_clocks_setting"
  | "sw_power_cap"
  | "hw_slowdown"
  | "sync_boost"
  | "sw_thermal"
  | "hw_thermal"
  | "hw_power_brake"
  | "display_clock_setting";

export const CLOCK_EVENT_BITS: readonly {
  bit: number;
  reason: ClockEventReason;
  label: string;
  throttling: boolean;
}[] = [
  { bit: 0x1, reason: "idle", label: "Idle", throttling: false },
  { bit: 0x2, reason: "applications_clocks_setting", label: "Application clocks setting", throttling: false },
  { bit: 0x4, reason: "sw_power_cap", label: "Power cap (software)", throttling: true },
  { bit: 0x8, reason: "hw_slowdown", label: "Hardware slowdown", throttling: true },
  { bit: 0x10, reason: "sync_boost", label: "Sync boost", throttling: false },
  { bit: 0x20, reason: "sw_thermal", label: "Thermal (software)", throttling: true },
  { bit: 0x40, reason: "hw_thermal", label: "Thermal (hardware)", throttling: true },
  { bit: 0x80, reason: "hw_power_brake", label: "Power brake (hardware)", throttling: true },
  { bit: 0x100, reason: "display_clock_setting", label: "Display clock setting", throttling: false },
];

/** Named reasons set in a bitmask value (null/NaN → none). Unknown bits are ignored. */
export function decodeClockEventReasons(mask: number | null | undefined): ClockEventReason[] {
  if (mask === null || mask === undefined || !Number.isFinite(mask) || mask <= 0) return [];
  const m = Math.trunc(mask);
  // Values above 2^31 would break JS bitwise ops; the defined bits are all low, so test by modulo.
  return CLOCK_EVENT_BITS.filter(({ bit }) => Math.floor(m / bit) % 2 === 1).map((b) => b.reason);
}

/** True when the mask holds a reason that lowers clocks for power or heat (not idle/app settings). */
export function isThrottling(mask: number | null | undefined): boolean {
  const set = new Set(decodeClockEventReasons(mask));
  return CLOCK_EVENT_BITS.some((b) => b.throttling && set.has(b.reason));
}

export function clockEventLabel(reason: ClockEventReason): string {
  return CLOCK_EVENT_BITS.find((b) => b.reason === reason)?.label ?? reason;
}
