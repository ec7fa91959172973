/**
 * Panel data the server renders into the SRE page (so charts draw at hydration, without a
 * round of API requests first). Pure: imported by the server page and by the client hook.
 */
import type { TimeRange } from "@/components/shell/time-range";

export const SRE_PANELS = ["inference", "efficiency", "gpus", "fleet"] as const;
export type SrePanelName = (typeof SRE_PANELS)[number];

export type InitialPanels = {
  /** The range the server resolved (a preset is anchored at the server's "now"). */
  range: Pick<TimeRange, "fromMs" | "toMs" | "stepMs" | "preset">;
  /** When the server read the data (TanStack Query's `dataUpdatedAt`, so the client does not refetch it at once). */
  updatedAt: number;
  /** Per panel: the extra query parameters it was read with and its payload (missing when it failed). */
  panels: Partial<Record<SrePanelName, { extraKey: string; data: unknown }>>;
};

/** The canonical string of a panel's extra parameters (empty values dropped), as the hook keys its query. */
export function panelExtraKey(extra: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") params.set(k, v);
  return params.toString();
}

/** What the URL selects on the SRE page besides the time range. */
export type SreView = { host?: string; gpu?: string; model?: string };

/**
 * Extra parameters of each panel, from the URL: the GPU panel follows the focused GPU, the
 * inference and efficiency panels the chosen model (all models when none).
 */
export function panelExtras(panel: SrePanelName, view: SreView): Record<string, string | undefined> {
  switch (panel) {
    case "gpus":
      return { host: view.host, gpu: view.gpu, top: "4" };
    case "inference":
    case "efficiency":
      return { model: view.model };
    case "fleet":
      return {};
  }
}

/**
 * Whether the server's data answers the client's query: same preset (its window slides, so the
 * server's anchor is as good as the client's) or the same absolute window, same step and extras.
 */
export function initialMatches(
  init: InitialPanels["range"],
  client: Pick<TimeRange, "fromMs" | "toMs" | "stepMs" | "preset">,
): boolean {
  if (init.preset !== client.preset || init.stepMs !== client.stepMs) return false;
  return client.preset !== null || (init.fromMs === client.fromMs && init.toMs === client.toMs);
}
