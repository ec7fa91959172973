"use client";
import { AlertList } from "@/components/alerts/alert-list";
import { FleetPanel, GpuPanels } from "./gpu-panels";
import { LatencyPanel, ThroughputPanel, TtftPanel } from "./inference-panels";
import { useAnnotations } from "./use-annotations";

/** The SRE page: inference latency and efficiency first, then the GPUs that serve it, then alerts. */
export function SreDashboard() {
  const annotations = useAnnotations();
  return (
    <div className="grid" style={{ gap: 12 }}>
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
