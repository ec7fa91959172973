import { READ_ACCESS, telemetryRoute } from "@/lib/telemetry/http";
import { telemetryStats } from "@/lib/telemetry/stats";

/** `{series, points}` stored. */
export const GET = telemetryRoute("stats", READ_ACCESS, async () => telemetryStats());
