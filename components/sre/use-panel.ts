"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { createContext, useContext } from "react";
import type { PanelStatus } from "@/components/charts/panel";
import { useTimeRange } from "@/components/shell/use-time-range";
import { fetchJson } from "@/components/ui/fetch-json";
import {
  type InitialPanels,
  initialMatches,
  panelExtraKey,
  panelExtras,
  type SrePanelName,
  type SreView,
} from "./initial-panels";

/** Panel data the server rendered into the page (see initial-panels.ts); null when none. */
export const InitialPanelsContext = createContext<InitialPanels | null>(null);

/** The SRE page's URL selection: focused GPU (?host=&gpu=) and model (?model=). */
export function useSreView(): SreView {
  const params = useSearchParams();
  const get = (name: string) => params.get(name) || undefined;
  return { host: get("host"), gpu: get("gpu"), model: get("model") };
}

/**
 * One SRE panel's data for the shared time range and the URL's selection (`panelExtras`), refreshed on the picker's interval
 * (off/10 s/30 s/1 m/live). Preset ranges are re-anchored to "now" on every refetch.
 * On first load the server's data for the same range and extras seeds the query (with the
 * server's read time as `dataUpdatedAt`, so it is not fetched again until it goes stale).
 */
export function useSrePanel<T>(panel: SrePanelName) {
  const range = useTimeRange();
  const extraKey = panelExtraKey(panelExtras(panel, useSreView()));
  const params = new URLSearchParams(extraKey);
  const init = useContext(InitialPanelsContext);
  const seeded = init?.panels[panel];
  const initial =
    init && seeded && seeded.extraKey === extraKey && initialMatches(init.range, range) ? seeded : null;
  return useQuery({
    queryKey: ["sre", panel, range.key, extraKey],
    queryFn: () => {
      // A preset ("last 1h") slides with time: compute the window when the request is made.
      const now = Date.now();
      const span = range.toMs - range.fromMs;
      const to = range.preset ? now : range.toMs;
      const from = range.preset ? now - span : range.fromMs;
      const p = new URLSearchParams(params);
      p.set("from", String(Math.floor(from)));
      p.set("to", String(Math.ceil(to)));
      p.set("step", String(range.stepMs));
      return fetchJson<T & { latestMs: number | null }>(`/api/v1/panels/sre/${panel}?${p}`);
    },
    refetchInterval: range.refetchInterval,
    placeholderData: keepPreviousData,
    initialData: initial ? (initial.data as T & { latestMs: number | null }) : undefined,
    initialDataUpdatedAt: initial ? init?.updatedAt : undefined,
  });
}

/** Panel status from a query and a "has data" test, with the message saying what is missing. */
export function statusOf<T extends { latestMs: number | null }>(
  q: { data?: T; error: Error | null; isPending: boolean },
  hasData: (d: T) => boolean,
  missing: string,
): PanelStatus {
  if (q.isPending) return { kind: "loading" };
  if (q.error && !q.data) return { kind: "error", message: q.error.message };
  if (!q.data || !hasData(q.data)) {
    const latest = q.data?.latestMs ?? null;
    return {
      kind: "empty",
      missing:
        latest !== null
          ? `${missing} in this time range — data exists up to ${new Date(latest).toISOString().slice(0, 16).replace("T", " ")} UTC.`
          : missing,
      latestMs: latest,
    };
  }
  return { kind: "ready" };
}

export const MISSING = {
  gpu: "No data from nvidia-smi or DCGM yet — see Settings → collectors (npm run collector -- nvidia-smi …)",
  inference:
    "No inference requests recorded yet — send inference_request_duration_seconds histograms (OTLP, Prometheus or requests.jsonl replay)",
  energy: "No GPU power or energy data yet — see Settings → collectors",
};
