import { READ_ACCESS, telemetryRoute } from "@/lib/telemetry/http";
import { listMetrics } from "@/lib/telemetry/stats";

/** The metric catalogue with units, kinds and stored series counts (plus uncatalogued metrics). */
export const GET = telemetryRoute("metrics", READ_ACCESS, async () => ({ metrics: await listMetrics() }));
