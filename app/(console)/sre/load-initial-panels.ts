import "server-only";
import { parseTimeRange } from "@/components/shell/time-range";
import {
  type InitialPanels,
  panelExtraKey,
  panelExtras,
  SRE_PANELS,
  type SrePanelName,
} from "@/components/sre/initial-panels";
import { withLatest } from "@/lib/sre/latest";
import { efficiencyPanel, fleetPanel, gpuPanel, inferencePanel } from "@/lib/sre/panels";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * Reads every SRE panel for the URL's range exactly as GET /api/v1/panels/sre/:panel would for
 * the client's first request (same range rounding, extras and `latestMs`), so the page's HTML
 * carries the data. A panel that fails is left out: the client fetches it and shows the error.
 */
export async function loadInitialPanels(searchParams: SearchParams): Promise<InitialPanels> {
  const get = (name: string) => {
    const v = searchParams[name];
    return (Array.isArray(v) ? v[0] : v) ?? null;
  };
  const resolved = parseTimeRange({ get });
  const range = {
    fromMs: Math.floor(resolved.fromMs),
    toMs: Math.ceil(resolved.toMs),
    stepMs: resolved.stepMs,
  };
  const view = {
    host: get("host") ?? undefined,
    gpu: get("gpu") ?? undefined,
    model: get("model") ?? undefined,
  };
  const read = async (panel: SrePanelName): Promise<unknown> => {
    switch (panel) {
      case "inference":
        return withLatest(
          await inferencePanel(range, { model: view.model }),
          "inference_request_duration_seconds_count",
        );
      case "efficiency":
        return withLatest(await efficiencyPanel(range, { model: view.model }), "gpu_power_watts");
      case "gpus": {
        const f = view.host && view.gpu ? { host: view.host, gpu: view.gpu } : null;
        return withLatest(await gpuPanel(range, { focus: f, topN: 4 }), "gpu_temperature_celsius");
      }
      case "fleet":
        return withLatest(await fleetPanel(range), "gpu_temperature_celsius");
    }
  };
  const settled = await Promise.allSettled(SRE_PANELS.map(read));
  const panels: InitialPanels["panels"] = {};
  SRE_PANELS.forEach((panel, i) => {
    const r = settled[i]!;
    if (r.status === "fulfilled")
      panels[panel] = { extraKey: panelExtraKey(panelExtras(panel, view)), data: r.value };
  });
  return {
    range: { fromMs: resolved.fromMs, toMs: resolved.toMs, stepMs: resolved.stepMs, preset: resolved.preset },
    updatedAt: Date.now(),
    panels,
  };
}
