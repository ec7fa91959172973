import "server-only";
import { queryMetric } from "@/lib/telemetry/query";
import * as data from "./facility-data";
import type { FacilityQuery, QueryFn } from "./query-types";

/**
 * Server-side facility figures over the telemetry store — the entry points for pages, routes and
 * alert rules:
 * - `computePue({fromMs, toMs})` → PueResult (energy ratio, method, coverage, Green Grid category)
 * - `facilitySummary({fromMs, toMs})` → PUE + ERE/ERF + WUE + N+1 per loop
 * - `nPlusOneNow({atMs?})` → per-loop N+1 status now (state "lost"/"insufficient" = N+1 lost)
 * The pure math is in pue.ts / energy.ts / redundancy.ts (`nPlusOneStatus` for a unit list).
 */
const query: QueryFn = (q) => queryMetric(q) as ReturnType<QueryFn>;

export const computePue = (input: FacilityQuery) => data.computePue(input, query);
export const facilitySummary = (input: FacilityQuery) => data.facilitySummary(input, query);
export const nPlusOneNow = (input: { atMs?: number; windowMs?: number; site?: string } = {}) =>
  data.nPlusOneNow(input, query);
export type { FacilitySummary } from "./facility-data";
export const latestFacilityDataMs = (input: { nowMs: number; site?: string }) =>
  data.latestFacilityDataMs(input, query);
export { nPlusOneStatus } from "./pue";
