/**
 * The metric catalogue: canonical names (Prometheus conventions, base units in the name) and the
 * table that maps the names other tools use (DCGM exporter, nvidia-smi, OpenTelemetry semantic
 * conventions) onto them, recording each source's unit. Conversions happen once, at ingest.
 * Pure module: pages import it for units and help text.
 */

export type MetricKind = "gauge" | "counter" | "histogram" | "summary" | "bitmask" | "info" | "unknown";

export type CatalogueEntry = { name: string; unit: string; kind: MetricKind; help: string };

const entries: CatalogueEntry[] = [
  { name: "gpu_temperature_celsius", unit: "°C", kind: "gauge", help: "GPU core temperature" },
  { name: "gpu_memory_temperature_celsius", unit: "°C", kind: "gauge", help: "GPU memory (HBM) temperature" },
  { name: "gpu_power_watts", unit: "W", kind: "gauge", help: "GPU board power draw" },
  { name: "gpu_power_instant_watts", unit: "W", kind: "gauge", help: "GPU instantaneous power draw" },
  { name: "gpu_power_average_watts", unit: "W", kind: "gauge", help: "GPU power draw averaged over 1 s" },
  { name: "gpu_power_limit_watts", unit: "W", kind: "gauge", help: "Enforced GPU power limit (cap)" },
  { name: "gpu_energy_joules_total", unit: "J", kind: "counter", help: "GPU energy consumed since boot" },
  { name: "gpu_utilization_ratio", unit: "ratio", kind: "gauge", help: "GPU (SM) utilization, 0–1" },
  {
    name: "gpu_memory_utilization_ratio",
    unit: "ratio",
    kind: "gauge",
    help: "Memory controller utilization, 0–1",
  },
  { name: "gpu_memory_used_bytes", unit: "bytes", kind: "gauge", help: "GPU framebuffer memory used" },
  { name: "gpu_memory_total_bytes", unit: "bytes", kind: "gauge", help: "GPU framebuffer memory total" },
  { name: "gpu_memory_free_bytes", unit: "bytes", kind: "gauge", help: "GPU framebuffer memory free" },
  { name: "gpu_sm_clock_hertz", unit: "Hz", kind: "gauge", help: "Current SM clock" },
  { name: "gpu_sm_clock_max_hertz", unit: "Hz", kind: "gauge", help: "Maximum SM clock" },
  { name: "gpu_memory_clock_hertz", unit: "Hz", kind: "gauge", help: "Current memory clock" },
  { name: "gpu_fan_speed_ratio", unit: "ratio", kind: "gauge", help: "Fan speed, 0–1" },
  { name: "gpu_performance_state", unit: "", kind: "gauge", help: "Performance state (P0 = 0 … P15 = 15)" },
  {
    name: "gpu_clock_event_reasons",
    unit: "bitmask",
    kind: "bitmask",
    help: "Active clock-event (throttle) reasons bitmask; decode with decodeClockEventReasons",
  },
  { name: "gpu_xid_errors", unit: "", kind: "gauge", help: "Last XID error code" },
  {
    name: "inference_request_duration_seconds",
    unit: "s",
    kind: "histogram",
    help: "End-to-end inference request latency",
  },
  {
    name: "inference_time_to_first_token_seconds",
    unit: "s",
    kind: "histogram",
    help: "Time from request start to the first generated token",
  },
  {
    name: "inference_time_per_output_token_seconds",
    unit: "s",
    kind: "histogram",
    help: "Time per output token after the first",
  },
  { name: "inference_tokens_total", unit: "tokens", kind: "counter", help: "Tokens processed (label type)" },
  {
    name: "inference_requests_total",
    unit: "requests",
    kind: "counter",
    help: "Inference requests completed",
  },
  { name: "facility_power_watts", unit: "W", kind: "gauge", help: "Total facility power (utility input)" },
  { name: "facility_energy_joules_total", unit: "J", kind: "counter", help: "Total facility energy" },
  { name: "it_power_watts", unit: "W", kind: "gauge", help: "IT load power at the metering point" },
  { name: "it_energy_joules_total", unit: "J", kind: "counter", help: "IT energy at the metering point" },
  { name: "cooling_power_watts", unit: "W", kind: "gauge", help: "Cooling plant power" },
  {
    name: "coolant_supply_temperature_celsius",
    unit: "°C",
    kind: "gauge",
    help: "Coolant supply temperature",
  },
  {
    name: "coolant_return_temperature_celsius",
    unit: "°C",
    kind: "gauge",
    help: "Coolant return temperature",
  },
  {
    name: "coolant_flow_liters_per_second",
    unit: "L/s",
    kind: "gauge",
    help: "Coolant flow rate (litres per second)",
  },
  { name: "outdoor_temperature_celsius", unit: "°C", kind: "gauge", help: "Outdoor air temperature" },
  { name: "water_usage_liters_total", unit: "L", kind: "counter", help: "Site water consumed" },
  { name: "heat_recovered_joules_total", unit: "J", kind: "counter", help: "Heat energy re-used" },
  // Facility entries added by the facility feature (see lib/facility/metrics.ts for labels).
  { name: "heat_recovered_watts", unit: "W", kind: "gauge", help: "Heat exported for reuse (recovery rate)" },
  { name: "cooling_heat_load_watts", unit: "W", kind: "gauge", help: "Heat carried by a cooling loop" },
  {
    name: "cooling_unit_state",
    unit: "",
    kind: "gauge",
    help: "CDU / pump state: 0 = failed, 1 = standby (healthy), 2 = running",
  },
  { name: "cooling_unit_capacity_watts", unit: "W", kind: "gauge", help: "Rated capacity of a cooling unit" },
];

export const CATALOGUE: Readonly<Record<string, CatalogueEntry>> = Object.freeze(
  Object.fromEntries(entries.map((e) => [e.name, e])),
);

export function catalogueEntry(name: string): CatalogueEntry | undefined {
  return CATALOGUE[name];
}

/** Display unit of a stored metric: the catalogue's, else guessed from the name suffix. */
export function unitOf(metric: string): string {
  const e = CATALOGUE[metric];
  if (e) return e.unit;
  for (const [suffix, unit] of NAME_SUFFIX_UNITS) if (metric.endsWith(suffix)) return unit;
  return "";
}

const NAME_SUFFIX_UNITS: [string, string][] = [
  ["_seconds", "s"],
  ["_seconds_total", "s"],
  ["_celsius", "°C"],
  ["_watts", "W"],
  ["_joules_total", "J"],
  ["_joules", "J"],
  ["_bytes", "bytes"],
  ["_bytes_total", "bytes"],
  ["_hertz", "Hz"],
  ["_ratio", "ratio"],
];

// ---------------------------------------------------------------- source units → base units

/** Multiplier from a source unit to the canonical base unit (°C, W, J, ratio, bytes, Hz, s). */
export const UNIT_FACTORS: Readonly<Record<string, number>> = {
  c: 1,
  cel: 1,
  celsius: 1,
  "°c": 1,
  w: 1,
  watts: 1,
  mw: 1e-3,
  kw: 1e3,
  j: 1,
  joules: 1,
  mj: 1e-3, // DCGM's "mJ" is milli-joules (never mega in this domain)
  kj: 1e3,
  kwh: 3.6e6,
  "%": 0.01,
  percent: 0.01,
  "1": 1,
  ratio: 1,
  hz: 1,
  hertz: 1,
  khz: 1e3,
  mhz: 1e6,
  ghz: 1e9,
  by: 1,
  b: 1,
  bytes: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  s: 1,
  seconds: 1,
  ms: 1e-3,
  us: 1e-6,
  µs: 1e-6,
  ns: 1e-9,
  "l/s": 1,
  "l/min": 1 / 60,
  "m3/h": 1000 / 3600,
  "m³/h": 1000 / 3600,
};

export function unitFactor(unit: string | undefined | null): number | undefined {
  if (unit === undefined || unit === null) return undefined;
  const u = unit
    .trim()
    .toLowerCase()
    .replace(/^\{.*\}$/, "1");
  return UNIT_FACTORS[u];
}

/** The unit a DCGM-style HELP text declares, e.g. "Power draw (in W)." → "W". */
export function unitFromHelp(help: string | undefined): string | undefined {
  if (!help) return undefined;
  const m = /\(in ([^)]+)\)/i.exec(help);
  return m ? m[1]!.trim() : undefined;
}

// ---------------------------------------------------------------- source names → canonical

export type SourceMapping = {
  canonical: string;
  /** Unit the source uses by default (its documentation), converted with UNIT_FACTORS. */
  unit: string;
  /** Extra labels the mapping adds (e.g. token type). */
  labels?: Record<string, string>;
};

/**
 * DCGM exporter fields. Units are those of the classic default-counters CSV; dcgm-exporter 4.9
 * changed 11 of them (clocks MHz→Hz, energy mJ→J, utilization %→ratio, memory MiB→bytes). The
 * exporter says which it uses in each HELP text ("(in MHz)") or OpenMetrics UNIT line, and that
 * declaration wins over this table (see resolveSourceUnit), so both generations convert correctly.
 */
export const DCGM_FIELDS: Readonly<Record<string, SourceMapping>> = {
  DCGM_FI_DEV_GPU_TEMP: { canonical: "gpu_temperature_celsius", unit: "C" },
  DCGM_FI_DEV_MEMORY_TEMP: { canonical: "gpu_memory_temperature_celsius", unit: "C" },
  DCGM_FI_DEV_POWER_USAGE: { canonical: "gpu_power_watts", unit: "W" },
  DCGM_FI_DEV_POWER_MGMT_LIMIT: { canonical: "gpu_power_limit_watts", unit: "W" },
  DCGM_FI_DEV_ENFORCED_POWER_LIMIT: { canonical: "gpu_power_limit_watts", unit: "W" },
  DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION: { canonical: "gpu_energy_joules_total", unit: "mJ" },
  DCGM_FI_DEV_GPU_UTIL: { canonical: "gpu_utilization_ratio", unit: "%" },
  DCGM_FI_DEV_MEM_COPY_UTIL: { canonical: "gpu_memory_utilization_ratio", unit: "%" },
  DCGM_FI_DEV_FB_USED: { canonical: "gpu_memory_used_bytes", unit: "MiB" },
  DCGM_FI_DEV_FB_FREE: { canonical: "gpu_memory_free_bytes", unit: "MiB" },
  DCGM_FI_DEV_FB_TOTAL: { canonical: "gpu_memory_total_bytes", unit: "MiB" },
  DCGM_FI_DEV_SM_CLOCK: { canonical: "gpu_sm_clock_hertz", unit: "MHz" },
  DCGM_FI_DEV_MEM_CLOCK: { canonical: "gpu_memory_clock_hertz", unit: "MHz" },
  DCGM_FI_DEV_FAN_SPEED: { canonical: "gpu_fan_speed_ratio", unit: "%" },
  DCGM_FI_DEV_XID_ERRORS: { canonical: "gpu_xid_errors", unit: "1" },
  DCGM_FI_DEV_CLOCKS_EVENT_REASONS: { canonical: "gpu_clock_event_reasons", unit: "1" },
  DCGM_FI_DEV_CLOCK_THROTTLE_REASONS: { canonical: "gpu_clock_event_reasons", unit: "1" },
};

/** nvidia-smi --query-gpu field names (as printed in the CSV header, without the unit tag). */
export const NVIDIA_SMI_FIELDS: Readonly<Record<string, SourceMapping>> = {
  "temperature.gpu": { canonical: "gpu_temperature_celsius", unit: "C" },
  "temperature.memory": { canonical: "gpu_memory_temperature_celsius", unit: "C" },
  "power.draw": { canonical: "gpu_power_watts", unit: "W" },
  "power.draw.instant": { canonical: "gpu_power_instant_watts", unit: "W" },
  "power.draw.average": { canonical: "gpu_power_average_watts", unit: "W" },
  "enforced.power.limit": { canonical: "gpu_power_limit_watts", unit: "W" },
  "power.limit": { canonical: "gpu_power_limit_watts", unit: "W" },
  "utilization.gpu": { canonical: "gpu_utilization_ratio", unit: "%" },
  "utilization.memory": { canonical: "gpu_memory_utilization_ratio", unit: "%" },
  "memory.used": { canonical: "gpu_memory_used_bytes", unit: "MiB" },
  "memory.total": { canonical: "gpu_memory_total_bytes", unit: "MiB" },
  "memory.free": { canonical: "gpu_memory_free_bytes", unit: "MiB" },
  "clocks.current.sm": { canonical: "gpu_sm_clock_hertz", unit: "MHz" },
  "clocks.sm": { canonical: "gpu_sm_clock_hertz", unit: "MHz" },
  "clocks.current.memory": { canonical: "gpu_memory_clock_hertz", unit: "MHz" },
  "clocks.mem": { canonical: "gpu_memory_clock_hertz", unit: "MHz" },
  "clocks.max.sm": { canonical: "gpu_sm_clock_max_hertz", unit: "MHz" },
  "fan.speed": { canonical: "gpu_fan_speed_ratio", unit: "%" },
  pstate: { canonical: "gpu_performance_state", unit: "1" },
  "clocks_event_reasons.active": { canonical: "gpu_clock_event_reasons", unit: "1" },
  "clocks_throttle_reasons.active": { canonical: "gpu_clock_event_reasons", unit: "1" },
};

/**
 * OpenTelemetry semantic conventions. `hw.*` metrics are generic hardware: they map onto GPU
 * names only when the point says `hw.type` = "gpu" (otherwise they keep their own name).
 */
export const OTEL_METRICS: Readonly<Record<string, SourceMapping & { gpuOnly?: boolean }>> = {
  "hw.temperature": { canonical: "gpu_temperature_celsius", unit: "Cel", gpuOnly: true },
  "hw.power": { canonical: "gpu_power_watts", unit: "W", gpuOnly: true },
  "hw.energy": { canonical: "gpu_energy_joules_total", unit: "J", gpuOnly: true },
  "hw.gpu.utilization": { canonical: "gpu_utilization_ratio", unit: "1" },
  "hw.gpu.memory.usage": { canonical: "gpu_memory_used_bytes", unit: "By" },
  "hw.gpu.memory.limit": { canonical: "gpu_memory_total_bytes", unit: "By" },
  "gen_ai.server.request.duration": { canonical: "inference_request_duration_seconds", unit: "s" },
  "gen_ai.server.time_to_first_token": { canonical: "inference_time_to_first_token_seconds", unit: "s" },
  "gen_ai.server.time_per_output_token": { canonical: "inference_time_per_output_token_seconds", unit: "s" },
  "gen_ai.client.token.usage": { canonical: "inference_tokens_total", unit: "1" },
};

/** Label names the world uses for the GPU identity labels, → ours (host, gpu, uuid, model). */
export const LABEL_ALIASES: Readonly<Record<string, string>> = {
  Hostname: "host",
  hostname: "host",
  "host.name": "host",
  instance_host: "host",
  UUID: "uuid",
  "hw.id": "uuid",
  modelName: "model",
  "hw.model": "model",
  "gen_ai.request.model": "model",
  "gen_ai.response.model": "model",
  "gen_ai.token.type": "type",
  minor_number: "gpu",
  index: "gpu",
};

/** Source unit: an explicit declaration (UNIT line, OTLP unit, "(in X)" in HELP) beats the table. */
export function resolveSourceUnit(mapping: SourceMapping, declared: string | undefined): string {
  if (declared && unitFactor(declared) !== undefined) return declared;
  return mapping.unit;
}

/** Factor that turns a value in `sourceUnit` into the canonical metric's base unit. */
export function conversionFactor(sourceUnit: string): number {
  return unitFactor(sourceUnit) ?? 1;
}
