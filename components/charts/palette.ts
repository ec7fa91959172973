/**
 * Okabe–Ito palette (Okabe & Ito 2008): eight colours distinguishable with the common forms of
 * colour blindness. Series take them in order; semantic roles (threshold, throttling, alert)
 * reuse them so the meaning of a colour is the same on every panel. Black/white swap with the
 * theme, the rest read on light and dark backgrounds.
 */
export const OKABE_ITO = {
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
  black: "#000000",
} as const;

/** Series order: strong, distinct hues first; yellow last (weak on a light background). */
const SERIES_ORDER = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
  OKABE_ITO.yellow,
] as const;

export type Theme = "light" | "dark";

/** Colour of the i-th series (wraps around; charts with more series use a heat strip instead). */
export function seriesColor(index: number): string {
  return SERIES_ORDER[((index % SERIES_ORDER.length) + SERIES_ORDER.length) % SERIES_ORDER.length]!;
}

/** Colours with a fixed meaning across panels. */
export const SEMANTIC = {
  /** A limit that must not be crossed (70 °C, SLO, power cap). */
  threshold: OKABE_ITO.vermillion,
  /** Power-cap throttling band. */
  powerThrottle: OKABE_ITO.orange,
  /** Thermal throttling band. */
  thermalThrottle: OKABE_ITO.vermillion,
  /** Alert markers. */
  alert: OKABE_ITO.reddishPurple,
  /** Approval/governance decision markers. */
  decision: OKABE_ITO.bluishGreen,
  ok: OKABE_ITO.bluishGreen,
} as const;

/** Ink (text, axes) for the current theme. */
export function inkColor(theme: Theme): string {
  return theme === "dark" ? "#E6E6E6" : OKABE_ITO.black;
}

/**
 * Sequential scale for heatmaps and heat strips: ColorBrewer YlOrBr, single-hue-family and
 * monotonic in lightness, so it reads with every common colour-vision deficiency and in
 * greyscale. Light theme: pale = low, dark brown = high; dark theme: reversed so hot is bright.
 */
const HEAT_STOPS_LIGHT = ["#FFF7BC", "#FEC44F", "#FE9929", "#D95F0E", "#993404"];
const HEAT_STOPS_DARK = ["#3A2A12", "#993404", "#D95F0E", "#FE9929", "#FFF7BC"];

export function heatColor(t: number, theme: Theme = "light"): string {
  const stops = theme === "dark" ? HEAT_STOPS_DARK : HEAT_STOPS_LIGHT;
  if (!Number.isFinite(t)) return "transparent";
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  return mixHex(stops[i]!, stops[i + 1]!, x - i);
}

function mixHex(a: string, b: string, f: number): string {
  const pa = [1, 3, 5].map((o) => Number.parseInt(a.slice(o, o + 2), 16));
  const pb = [1, 3, 5].map((o) => Number.parseInt(b.slice(o, o + 2), 16));
  return `#${pa
    .map((v, k) =>
      Math.round(v + (pb[k]! - v) * f)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}
