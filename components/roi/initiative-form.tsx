"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { initiativeInput } from "@/lib/roi/inputs";
import { HORIZON_BANDS, HORIZONS, type Initiative } from "@/lib/roi/model";
import { numberOrNull, splitList } from "./form-values";

const BASELINE_FIELDS = [
  ["minutesPerAction", "Minutes of work per action (pre-AI)"],
  ["hourlyCostUsd", "Loaded hourly cost ($/h)"],
  ["reviewMinutesPerEscalation", "Review minutes per escalation"],
  ["decisionMinutesBefore", "Decision time before (min)"],
  ["errorsPer1000Before", "Errors per 1,000 before"],
  ["costPerErrorUsd", "Cost per error ($)"],
] as const;

type Agent = { agentId: string; categories: string[] };

/** Records or edits an initiative (executives and admins); the server validates again. */
export function InitiativeForm({
  initial,
  agents,
  onDone,
}: {
  initial?: Initiative;
  agents: Agent[];
  onDone?: () => void;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: unknown) =>
      fetchJson(initial ? `/api/v1/initiatives/${initial.id}` : "/api/v1/initiatives", {
        method: initial ? "PUT" : "POST",
        body: JSON.stringify(body),
      }),
    onSuccess: () => {
      setError(null);
      router.refresh();
      onDone?.();
    },
    onError: (e) => setError(e.message),
  });
  const archive = useMutation({
    mutationFn: () => fetchJson(`/api/v1/initiatives/${initial!.id}`, { method: "DELETE" }),
    onSuccess: () => {
      router.refresh();
      onDone?.();
    },
    onError: (e) => setError(e.message),
  });

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = {
      name: String(f.get("name") ?? ""),
      horizon: String(f.get("horizon") ?? ""),
      owner: String(f.get("owner") ?? ""),
      description: String(f.get("description") ?? ""),
      startedAt: String(f.get("startedAt") ?? ""),
      agentIds: splitList(String(f.get("agentIds") ?? "")),
      categories: splitList(String(f.get("categories") ?? "")),
      baseline: Object.fromEntries(BASELINE_FIELDS.map(([k]) => [k, numberOrNull(f.get(k))])),
    };
    const checked = initiativeInput.safeParse(body);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setError(issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid form");
      return;
    }
    save.mutate(checked.data);
  }

  const b = initial?.baseline;
  return (
    <form
      onSubmit={onSubmit}
      aria-label={initial ? `Edit ${initial.name}` : "New initiative"}
      data-testid="initiative-form"
    >
      <div className="form-grid">
        <label>
          Name
          <input name="name" defaultValue={initial?.name} required maxLength={120} />
        </label>
        <label>
          Horizon
          <select name="horizon" defaultValue={initial?.horizon ?? "H1"}>
            {HORIZONS.map((h) => (
              <option key={h} value={h}>
                {h} · {HORIZON_BANDS[h].name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Owner
          <input name="owner" defaultValue={initial?.owner} required maxLength={120} />
        </label>
        <label>
          Started
          <input
            name="startedAt"
            type="date"
            required
            defaultValue={initial ? new Date(initial.startedAtMs).toISOString().slice(0, 10) : undefined}
          />
        </label>
        <label>
          Agents (comma-separated)
          <input name="agentIds" list="roi-agents" defaultValue={initial?.agentIds.join(", ")} required />
        </label>
        <label>
          Categories (blank = all)
          <input name="categories" defaultValue={initial?.categories.join(", ")} />
        </label>
        {BASELINE_FIELDS.map(([k, label]) => (
          <label key={k}>
            {label}
            <input name={k} type="number" step="any" min={0} defaultValue={b?.[k] ?? ""} />
          </label>
        ))}
        <label style={{ gridColumn: "1 / -1" }}>
          Description
          <input
            name="description"
            maxLength={2000}
            defaultValue={(initial as { description?: string } | undefined)?.description}
          />
        </label>
      </div>
      <datalist id="roi-agents">
        {agents.map((a) => (
          <option key={a.agentId} value={a.agentId}>
            {a.categories.join(", ")}
          </option>
        ))}
      </datalist>
      <div className="row" style={{ marginTop: 8 }}>
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : initial ? "Save initiative" : "Record initiative"}
        </button>
        {initial ? (
          <button type="button" disabled={archive.isPending} onClick={() => archive.mutate()}>
            Archive
          </button>
        ) : null}
        {onDone ? (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        ) : null}
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
    </form>
  );
}
