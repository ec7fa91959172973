/**
 * What both drawings of a time-series chart share (the server-rendered SVG and the interactive
 * recharts chart): props, colours of bands and markers, axis number format. Imports no recharts,
 * so the page's first bundle stays free of it.
 */
import { SEMANTIC } from "./palette";
import type { AxisScale } from "./prepare/plot";
import type { ChartData } from "./prepare/series";
import type { Marker, TimeBand } from "./prepare/types";

export type Threshold = { value: number; label: string; color?: string };
export type YBound = number | "auto" | "dataMin" | "dataMax";

export type TimeSeriesProps = {
  data: ChartData;
  fromMs: number;
  toMs: number;
  height?: number;
  /** Horizontal limit lines, in display units (70 °C, 700 W cap, SLO). */
  thresholds?: Threshold[];
  /** Shaded spans (throttling), coloured by kind. */
  bands?: TimeBand[];
  /** Vertical marks (alerts, approval decisions). */
  markers?: Marker[];
  yDomain?: [YBound, YBound];
  /** Per-line colour override (else the palette in order). */
  colorOf?: (index: number) => string;
  /** Dashed lines, by line key. */
  dashed?: ReadonlySet<string>;
  /** Draw a dot at every value (sparse series such as per-step percentiles of few requests). */
  dots?: boolean;
  testId?: string;
};

const BAND_COLORS: Record<string, string> = {
  power: SEMANTIC.powerThrottle,
  thermal: SEMANTIC.thermalThrottle,
  alert: SEMANTIC.alert,
};

export const bandColor = (kind: string): string => BAND_COLORS[kind] ?? SEMANTIC.alert;
export const markerColor = (m: Marker): string =>
  m.kind === "decision" ? SEMANTIC.decision : SEMANTIC.alert;
export const markerGlyph = (m: Marker): string => (m.kind === "decision" ? "◆" : "▲");
export const thresholdColor = (t: Threshold): string => t.color ?? SEMANTIC.threshold;

/** Markers inside the drawn window. */
export const visibleMarkers = (markers: Marker[], fromMs: number, toMs: number) =>
  markers.filter((m) => m.atMs >= fromMs && m.atMs <= toMs);

/** Y-axis numbers: 950, 1.5k, 12.3k, 2.1M. */
export function formatAxis(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return `${+v.toPrecision(4)}`;
}

/** What time-series-chart.tsx hands either drawing: the props resolved to colours and axes. */
export type DrawingProps = Required<Pick<TimeSeriesProps, "data" | "fromMs" | "toMs" | "height">> &
  Pick<TimeSeriesProps, "thresholds" | "bands" | "markers" | "dashed" | "dots"> & {
    colors: string[];
    y: AxisScale;
    xTicks: number[];
  };
