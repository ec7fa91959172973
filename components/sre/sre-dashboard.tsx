"use client";
import { AlertList } from "@/components/alerts/alert-list";
import { FleetPanel, GpuPanels } from "./gpu-panels";
import { LatencyPanel, ThroughputPanel, TtftPanel } from "./inference-panels";
import type { InitialPanels } from "./initial-panels";
import { ModelPicker } from "./model-picker";
import { useAnnotations } from "./use-annotations";
import { InitialPanelsContext } from "./use-panel";

/**
 * The SRE page: inference latency and efficiency first, then the GPUs that serve it, then alerts.
 * `initial` is the panel data the server already read for the URL's range (charts draw at hydration).
 */
export function SreDashboard({ initial = null }: { initial?: InitialPanels | null }) {
  return (
    <InitialPanelsContext.Provider value={initial}>
      <Panels />
    </InitialPanelsContext.Provider>
  );
}

function Panels() {
  const annotations = useAnnotations();
  return (
    <div className="grid" style={{ gap: 12 }}>
      <ModelPicker />
      <div className="grid cols-3">
        <LatencyPanel annotations={annotations.data} />
        <TtftPanel />
        <ThroughputPanel />
      </div>
      <FleetPanel />
      <GpuPanels annotations={annotations.data} />
      <AlertList />
    </div>
  );
}
