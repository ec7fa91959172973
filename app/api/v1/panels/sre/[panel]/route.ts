import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { withLatest } from "@/lib/sre/latest";
import { efficiencyPanel, fleetPanel, gpuPanel, inferencePanel } from "@/lib/sre/panels";
import { PANELS, type PanelQuery, panelQuery } from "./schema";

/** All series of one SRE panel in one request (TanStack Query on the page; the benchmark measures these). */
export const GET = apiRoute<undefined, PanelQuery, { panel: string }>(
  { access: { roles: ["sre", "admin", "executive"], scopes: ["read"] }, query: panelQuery },
  async ({ params, query }) => {
    const range = { fromMs: query.from, toMs: query.to, stepMs: query.step };
    switch (params.panel as (typeof PANELS)[number]) {
      case "inference":
        return withLatest(
          await inferencePanel(range, { model: query.model }),
          "inference_request_duration_seconds_count",
        );
      case "efficiency":
        return withLatest(
          await efficiencyPanel(range, { model: query.model, host: query.host }),
          "gpu_power_watts",
        );
      case "gpus": {
        const focus = query.host && query.gpu ? { host: query.host, gpu: query.gpu } : null;
        return withLatest(await gpuPanel(range, { focus, topN: query.top }), "gpu_temperature_celsius");
      }
      case "fleet":
        return withLatest(await fleetPanel(range, { topN: query.top }), "gpu_temperature_celsius");
      default:
        throw ApiError.notFound(`no such panel "${params.panel}" (one of: ${PANELS.join(", ")})`);
    }
  },
);
