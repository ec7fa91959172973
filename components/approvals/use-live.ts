"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

export type LiveState = "connecting" | "live" | "offline";

/**
 * Subscribes to the server-sent change stream and refreshes the inbox queries when anything
 * changes (another approver's decision, a new request). EventSource reconnects by itself.
 */
export function useLiveInbox(
  onChange?: (e: { id: string; status?: string; type: string }) => void,
): LiveState {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const es = new EventSource("/api/v1/approvals/stream");
    let timer: ReturnType<typeof setTimeout> | null = null;
    es.addEventListener("ready", () => setState("live"));
    es.addEventListener("change", (msg) => {
      const e = JSON.parse((msg as MessageEvent).data) as { id: string; status?: string; type: string };
      onChange?.(e);
      // Coalesce bursts (bulk decisions) into one refetch.
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void qc.invalidateQueries({ queryKey: ["approvals"] });
      }, 60);
    });
    es.onerror = () => setState(es.readyState === EventSource.CLOSED ? "offline" : "connecting");
    return () => {
      if (timer) clearTimeout(timer);
      es.close();
    };
  }, [qc, onChange]);
  return state;
}

/** A clock that ticks every second (countdowns). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
