"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { formatAge } from "@/lib/governance/action-view";

type Feed = {
  unread: number;
  items: {
    id: number;
    actionId: string | null;
    title: string;
    body: string;
    createdAt: string;
    read: boolean;
  }[];
};

/** The notify-tier feed: what agents did on their own that an approver should know about. */
export function NotificationsBell() {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const feed = useQuery({
    queryKey: ["approvals", "notifications"],
    queryFn: () => fetchJson<Feed>("/api/v1/notifications?limit=30"),
  });
  const mark = async (read: number[] | "all") => {
    try {
      await fetchJson("/api/v1/notifications", { method: "POST", body: JSON.stringify({ read }) });
    } finally {
      void qc.invalidateQueries({ queryKey: ["approvals", "notifications"] }); // show what is true now
    }
  };
  const unread = feed.data?.unread ?? 0;
  return (
    <div className="bell">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="notifications-button"
      >
        Notifications{unread > 0 && <span className="badge warn">{unread}</span>}
      </button>
      {open && (
        <div className="bell-panel card" role="dialog" aria-label="Notifications">
          <div className="row">
            <strong>Notify tier</strong>
            <span className="spacer" />
            <button type="button" onClick={() => void mark("all")} disabled={!unread}>
              Mark all read
            </button>
          </div>
          <ul>
            {(feed.data?.items ?? []).map((n) => (
              <li key={n.id} className={n.read ? "read" : "unread"}>
                <a
                  href={n.actionId ? `/approvals?id=${n.actionId}` : "#"}
                  onClick={() => !n.read && void mark([n.id])}
                >
                  {n.title}
                </a>
                <div className="muted">
                  {n.body} · {formatAge(Date.now() - new Date(n.createdAt).getTime())} ago
                </div>
              </li>
            ))}
            {feed.data && feed.data.items.length === 0 && <li className="muted">Nothing yet.</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
