/**
 * Facility metric catalogue: canonical names (Prometheus conventions, base units in the name),
 * units and the labels each series carries. The telemetry catalogue imports this list so the
 * query API reports the right unit; the MQTT bridge, the simulator and the page use the names.
 *
 * Labels used across facility series:
 * - `site`: the facility (building / hall).
 * - `loop`: a cooling loop — `immersion` (primary, single-phase liquid immersion) or
 *   `direct_to_chip` (secondary, cold plates).
 * - `unit`: a cooling unit (CDU with its pump), e.g. `cdu-imm-1`.
 * - `metering_point` on `it_power_watts` / `it_energy_joules_total`: where IT energy is measured —
 *   `ups_output` (Green Grid category 1), `pdu_output` (2) or `it_input` (3).
 * - `source`: `simulator` on everything the facility simulator makes (the page badges it).
 */

export type FacilityMetricKind = "gauge" | "counter";

export type FacilityMetricDef = {
  name: string;
  unit: string;
  kind: FacilityMetricKind;
  help: string;
  labels: readonly string[];
};

export const FACILITY_METRICS = {
  facilityPower: {
    name: "facility_power_watts",
    unit: "W",
    kind: "gauge",
    help: "Total facility power at the utility meter (IT + cooling + electrical losses + other).",
    labels: ["site", "source"],
  },
  itPower: {
    name: "it_power_watts",
    unit: "W",
    kind: "gauge",
    help: "IT equipment power at the metering point named by the metering_point label.",
    labels: ["site", "metering_point", "source"],
  },
  facilityEnergy: {
    name: "facility_energy_joules_total",
    unit: "J",
    kind: "counter",
    help: "Facility energy counter (utility meter). Preferred over integrating power when present.",
    labels: ["site", "source"],
  },
  itEnergy: {
    name: "it_energy_joules_total",
    unit: "J",
    kind: "counter",
    help: "IT energy counter at the metering point.",
    labels: ["site", "metering_point", "source"],
  },
  coolingPower: {
    name: "cooling_power_watts",
    unit: "W",
    kind: "gauge",
    help: "Electrical power of the cooling plant (pumps, dry-cooler fans, trim chiller).",
    labels: ["site", "source"],
  },
  outdoorTemperature: {
    name: "outdoor_temperature_celsius",
    unit: "°C",
    kind: "gauge",
    help: "Outdoor dry-bulb temperature.",
    labels: ["site", "source"],
  },
  coolantSupplyTemperature: {
    name: "coolant_supply_temperature_celsius",
    unit: "°C",
    kind: "gauge",
    help: "Coolant temperature leaving the CDU towards the IT equipment.",
    labels: ["site", "loop", "source"],
  },
  coolantReturnTemperature: {
    name: "coolant_return_temperature_celsius",
    unit: "°C",
    kind: "gauge",
    help: "Coolant temperature coming back from the IT equipment.",
    labels: ["site", "loop", "source"],
  },
  coolantFlow: {
    name: "coolant_flow_liters_per_second",
    unit: "L/s",
    kind: "gauge",
    help: "Coolant volumetric flow of a loop.",
    labels: ["site", "loop", "source"],
  },
  coolingHeatLoad: {
    name: "cooling_heat_load_watts",
    unit: "W",
    kind: "gauge",
    help: "Heat carried by a loop (flow × density × heat capacity × ΔT).",
    labels: ["site", "loop", "source"],
  },
  coolingUnitState: {
    name: "cooling_unit_state",
    unit: "",
    kind: "gauge",
    help: "CDU / pump state: 0 = failed, 1 = standby (healthy), 2 = running.",
    labels: ["site", "loop", "unit", "source"],
  },
  coolingUnitCapacity: {
    name: "cooling_unit_capacity_watts",
    unit: "W",
    kind: "gauge",
    help: "Rated heat-removal capacity of a cooling unit.",
    labels: ["site", "loop", "unit", "source"],
  },
  heatRecovered: {
    name: "heat_recovered_watts",
    unit: "W",
    kind: "gauge",
    help: "Heat exported for reuse (district / building heating) through the recovery heat exchanger.",
    labels: ["site", "source"],
  },
  heatRecoveredEnergy: {
    name: "heat_recovered_joules_total",
    unit: "J",
    kind: "counter",
    help: "Heat recovery meter: energy exported for reuse. Preferred for ERE/ERF when present.",
    labels: ["site", "source"],
  },
  waterUsage: {
    name: "water_usage_liters_total",
    unit: "L",
    kind: "counter",
    help: "Site water meter (evaporative / adiabatic cooling make-up water).",
    labels: ["site", "source"],
  },
} as const satisfies Record<string, FacilityMetricDef>;

export type FacilityMetricKey = keyof typeof FACILITY_METRICS;
export const FACILITY_METRIC_LIST: readonly FacilityMetricDef[] = Object.values(FACILITY_METRICS);

/** Values of `cooling_unit_state`. */
export const UNIT_STATE = { failed: 0, standby: 1, running: 2 } as const;

export const LOOPS = {
  immersion: { label: "Primary · liquid immersion", role: "primary" },
  direct_to_chip: { label: "Secondary · direct-to-chip", role: "secondary" },
} as const;
export type LoopId = keyof typeof LOOPS;

/** Label put on every series the simulator makes; the page shows a "simulated" badge for it. */
export const SIMULATED_LABEL = { source: "simulator" } as const;
