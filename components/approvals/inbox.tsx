"use client";
import "./approvals.css";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type ActionView, actionStatuses } from "@/lib/governance/action-view";
import { type DecisionOutcome, decideMany, type Filters, fetchList, type ListResponse } from "./api";
import { DetailPane } from "./detail-pane";
import { InboxRow } from "./inbox-row";
import { inboxCommand } from "./keys";
import { NotificationsBell } from "./notifications-bell";
import { HelpOverlay, RejectDialog } from "./reject-dialog";
import { useLiveInbox, useNow } from "./use-live";

type Me = { id: string; email: string; name: string };
type Toast = { id: number; kind: "ok" | "error" | "info"; text: string };
const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");

type Props = {
  me: Me;
  initialId?: string;
  /** Approver or admin: decision buttons, bulk selection and the A/R/X keys. Otherwise read-only. */
  canDecide: boolean;
  /** The notify-tier feed is the approvers' (its API refuses other roles). */
  canSeeNotifications: boolean;
};

/**
 * The approvers' inbox: list + detail, keyboard-first, bulk, live, optimistic with rollback.
 * Executives and auditors get the same view read-only (`canDecide` false).
 */
export function ApprovalInbox({ me, initialId, canDecide, canSeeNotifications }: Props) {
  const qc = useQueryClient();
  const [filters, setFilters] = useState<Filters>({
    status: "pending",
    tier: "",
    agent: "",
    category: "",
    q: "",
    sort: "urgent",
  });
  const [search, setSearch] = useState("");
  const [focusedId, setFocusedId] = useState<string | null>(initialId ?? null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [rejecting, setRejecting] = useState<string[] | null>(null);
  const [help, setHelp] = useState(false);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const searchRef = useRef<HTMLInputElement>(null);
  const nowMs = useNow();
  const live = useLiveInbox();
  const key = useMemo(() => ["approvals", "list", filters] as const, [filters]);
  const list = useQuery({
    queryKey: key,
    queryFn: () => fetchList(filters),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];

  useEffect(() => {
    const t = setTimeout(() => {
      if (search === filters.q) return;
      setSelected(new Set()); // a selection belongs to the view it was made in
      setFilters((f) => ({ ...f, q: search }));
    }, 200);
    return () => clearTimeout(t);
  }, [search, filters.q]);
  // Keep a focused row: the first one when nothing (or something gone) is focused.
  useEffect(() => {
    if (items.length && (!focusedId || (focusedId !== initialId && !items.some((i) => i.id === focusedId))))
      setFocusedId(items[0]!.id);
  }, [items, focusedId, initialId]);
  const focused = items.find((i) => i.id === focusedId) ?? null;

  const toast = useCallback((kind: Toast["kind"], text: string) => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t.slice(-3), { id, kind, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === "error" ? 9000 : 5000);
  }, []);

  const move = useCallback(
    (delta: number) => {
      if (!items.length) return;
      const idx = Math.max(
        0,
        items.findIndex((i) => i.id === focusedId),
      );
      const next = items[Math.min(items.length - 1, Math.max(0, idx + delta))]!;
      setFocusedId(next.id);
      document.querySelector(`[data-id="${next.id}"]`)?.scrollIntoView({ block: "nearest" });
    },
    [items, focusedId],
  );

  /** Optimistic: mark rows decided at once, roll back the ones the server refused. */
  const run = useCallback(
    async (ids: string[], decision: "approve" | "reject", reason?: string) => {
      if (!ids.length || !canDecide) return;
      const snapshot = qc.getQueryData<ListResponse>(key);
      const optimistic = decision === "approve" ? "approved" : "rejected";
      setBusy((b) => new Set([...b, ...ids]));
      qc.setQueryData<ListResponse>(key, (old) =>
        old
          ? { ...old, items: old.items.map((i) => (ids.includes(i.id) ? { ...i, status: optimistic } : i)) }
          : old,
      );
      if (ids.includes(focusedId ?? "")) {
        const rest = items.filter((i) => !ids.includes(i.id));
        const after = items
          .slice(items.findIndex((i) => i.id === focusedId) + 1)
          .find((i) => !ids.includes(i.id));
        setFocusedId((after ?? rest[rest.length - 1])?.id ?? null);
      }
      const { results, summary } = await decideMany(ids, decision, reason);
      const failed = [...results].filter(([, r]) => !r.ok) as [
        string,
        Extract<DecisionOutcome, { ok: false }>,
      ][];
      if (failed.length && snapshot) {
        // Roll back refused rows to what the server says now (or what they were).
        qc.setQueryData<ListResponse>(key, (old) =>
          old
            ? {
                ...old,
                items: old.items.map((i) => {
                  const f = failed.find(([id]) => id === i.id);
                  return f ? (f[1].action ?? snapshot.items.find((s) => s.id === i.id) ?? i) : i;
                }),
              }
            : old,
        );
      }
      setBusy((b) => new Set([...b].filter((id) => !ids.includes(id))));
      setSelected((s) => new Set([...s].filter((id) => !ids.includes(id))));
      if (ids.length === 1) {
        const r = results.get(ids[0]!)!;
        if (r.ok)
          toast(
            "ok",
            r.final
              ? `${r.action.action}: ${optimistic}`
              : `Vote recorded: ${r.approvals} of ${r.quorum} approvals`,
          );
        else toast("error", `Not ${optimistic}: ${r.message}`);
      } else toast(failed.length ? "info" : "ok", summary);
      void qc.invalidateQueries({ queryKey: ["approvals"] });
    },
    [qc, key, focusedId, items, toast, canDecide],
  );

  const targets = useCallback(
    () => (selected.size ? [...selected] : focused && focused.status === "pending" ? [focused.id] : []),
    [selected, focused],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (rejecting || e.metaKey || e.ctrlKey || e.altKey) return;
      if (help) {
        if (e.key === "Escape" || e.key === "?") setHelp(false);
        return;
      }
      if (isTyping(e.target)) {
        if (e.key === "Escape") (e.target as HTMLElement).blur();
        return;
      }
      const command = inboxCommand(e.key, canDecide);
      if (!command) return;
      if (command === "next") move(1);
      else if (command === "previous") move(-1);
      else if (command === "approve") void run(targets(), "approve");
      else if (command === "reject") {
        const t = targets();
        if (t.length) setRejecting(t);
      } else if (command === "select") {
        if (focusedId)
          setSelected((s) => {
            const n = new Set(s);
            n.has(focusedId) ? n.delete(focusedId) : n.add(focusedId);
            return n;
          });
      } else if (command === "search") searchRef.current?.focus();
      else if (command === "help") setHelp(true);
      else setSelected(new Set());
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rejecting, help, move, run, targets, focusedId, canDecide]);

  const facets = list.data?.facets ?? { agents: [], categories: [], tiers: [] };
  const pendingVisible = items.filter((i) => i.status === "pending");
  const allSelected = pendingVisible.length > 0 && pendingVisible.every((i) => selected.has(i.id));
  const setF = (patch: Partial<Filters>) => {
    setSelected(new Set());
    setFilters((f) => ({ ...f, ...patch }));
  };

  return (
    <div className="inbox" data-testid="approval-inbox">
      <div className="inbox-toolbar row">
        <h1 style={{ margin: 0 }}>Approvals</h1>
        <span className={`live-dot ${live}`} data-testid="live-state" title={`live updates: ${live}`}>
          {live === "live" ? "live" : live}
        </span>
        {!canDecide && (
          <span className="badge read-only-badge" data-testid="read-only-badge" role="note">
            Read-only: your role can see the inbox but not decide
          </span>
        )}
        <span className="spacer" />
        <input
          ref={searchRef}
          type="search"
          placeholder="Search  ( / )"
          aria-label="Search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <select aria-label="Status" value={filters.status} onChange={(e) => setF({ status: e.target.value })}>
          <option value="">all statuses</option>
          {actionStatuses.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <Facet
          label="Tier"
          plural="tiers"
          value={filters.tier}
          options={facets.tiers}
          onChange={(tier) => setF({ tier })}
        />
        <Facet
          label="Agent"
          plural="agents"
          value={filters.agent}
          options={facets.agents}
          onChange={(agent) => setF({ agent })}
        />
        <Facet
          label="Category"
          plural="categories"
          value={filters.category}
          options={facets.categories}
          onChange={(category) => setF({ category })}
        />
        <select aria-label="Sort" value={filters.sort} onChange={(e) => setF({ sort: e.target.value })}>
          <option value="urgent">most urgent</option>
          <option value="oldest">oldest first</option>
          <option value="newest">newest first</option>
        </select>
        {canSeeNotifications && <NotificationsBell />}
        <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
          ?
        </button>
      </div>
      <div className="bulk-bar row" data-testid="bulk-bar">
        {canDecide ? (
          <label className="row">
            <input
              type="checkbox"
              aria-label="Select all pending"
              checked={allSelected}
              onChange={() => setSelected(allSelected ? new Set() : new Set(pendingVisible.map((i) => i.id)))}
            />
            {selected.size ? `${selected.size} selected` : `${pendingVisible.length} pending shown`}
          </label>
        ) : (
          <span>{pendingVisible.length} pending shown</span>
        )}
        {canDecide && selected.size > 0 && (
          <>
            <button type="button" className="primary" onClick={() => void run([...selected], "approve")}>
              Approve selected
            </button>
            <button type="button" className="danger" onClick={() => setRejecting([...selected])}>
              Reject selected
            </button>
            <button type="button" onClick={() => setSelected(new Set())}>
              Clear
            </button>
          </>
        )}
        <span className="spacer" />
        <span className="muted">
          {canDecide
            ? "J/K move · A approve · R reject · X select · / search · ? help"
            : "J/K move · / search · ? help"}
        </span>
      </div>
      <div className="inbox-body">
        <section className="inbox-list card" aria-label="Actions">
          {list.isLoading && <p className="muted pad">Loading…</p>}
          {list.isError && <p className="error-text pad">Could not load: {(list.error as Error).message}</p>}
          {list.data && items.length === 0 && (
            <p className="muted pad" data-testid="inbox-empty">
              {filters.status === "pending"
                ? "Nothing waits for a decision. New requests appear here live."
                : "No actions match."}
            </p>
          )}
          <div role="listbox" aria-label="Actions">
            {items.map((item: ActionView) => (
              <InboxRow
                key={item.id}
                item={item}
                nowMs={nowMs}
                focused={item.id === focusedId}
                selectable={canDecide}
                selected={selected.has(item.id)}
                busy={busy.has(item.id)}
                onFocus={() => setFocusedId(item.id)}
                onToggle={() =>
                  setSelected((s) => {
                    const n = new Set(s);
                    n.has(item.id) ? n.delete(item.id) : n.add(item.id);
                    return n;
                  })
                }
              />
            ))}
          </div>
        </section>
        <DetailPane
          id={focusedId}
          item={focused}
          nowMs={nowMs}
          meEmail={me.email}
          canDecide={canDecide}
          busy={!!focused && busy.has(focused.id)}
          onApprove={() => focusedId && void run([focusedId], "approve")}
          onReject={() => focusedId && setRejecting([focusedId])}
        />
      </div>
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`toast ${t.kind}`}
            role={t.kind === "error" ? "alert" : "status"}
            data-testid="toast"
          >
            {t.text}
          </div>
        ))}
      </div>
      {canDecide && rejecting && (
        <RejectDialog
          count={rejecting.length}
          onCancel={() => setRejecting(null)}
          onSubmit={(reason) => {
            const ids = rejecting;
            setRejecting(null);
            void run(ids, "reject", reason);
          }}
        />
      )}
      {help && <HelpOverlay canDecide={canDecide} onClose={() => setHelp(false)} />}
    </div>
  );
}

function Facet(props: {
  label: string;
  plural: string;
  value: string;
  options: string[];
  onChange: (v: string) => void;
}) {
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value="">all {props.plural}</option>
      {props.options.map((o) => (
        <option key={o}>{o}</option>
      ))}
    </select>
  );
}
