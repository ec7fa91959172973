"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useTimeRange } from "@/components/shell/use-time-range";

/** Server-rendered pages follow the shared refresh setting by re-rendering on that interval. */
export function AutoRefresh() {
  const router = useRouter();
  const { refetchInterval } = useTimeRange();
  useEffect(() => {
    if (!refetchInterval) return;
    // Live mode's 2 s is too eager for whole-page recomputation: at least every 10 s.
    const id = setInterval(() => router.refresh(), Math.max(10_000, refetchInterval));
    return () => clearInterval(id);
  }, [refetchInterval, router]);
  return null;
}
