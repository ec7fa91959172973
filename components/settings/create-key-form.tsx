"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { API_SCOPES, apiKeyInput, SCOPE_HELP, splitList } from "@/lib/platform/inputs";

export type CreatedKey = {
  key: { id: string; name: string; prefix: string; scopes: string[] };
  token: string;
};

/** Name, scopes and optional agent/category limits; validated here and again by the server. */
export function CreateKeyForm({
  onCreated,
  onCancel,
}: {
  onCreated: (c: CreatedKey) => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: unknown) =>
      fetchJson<CreatedKey>("/api/v1/apikeys", { method: "POST", body: JSON.stringify(body) }),
    onSuccess: onCreated,
    onError: (e) => setError(e.message),
  });

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = {
      name: String(form.get("name") ?? ""),
      scopes: form.getAll("scopes").map(String),
      constraints: {
        agents: splitList(String(form.get("agents") ?? "")),
        categories: splitList(String(form.get("categories") ?? "")),
      },
    };
    const checked = apiKeyInput.safeParse(body);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setError(issue ? `${issue.path.join(".") || "form"}: ${issue.message}` : "invalid form");
      return;
    }
    setError(null);
    create.mutate(body);
  }

  return (
    <form className="key-form" onSubmit={onSubmit} aria-label="New API key">
      <label>
        Name
        <input name="name" required maxLength={100} placeholder="e.g. rack-12 collector" />
      </label>
      <fieldset>
        <legend>Scopes</legend>
        {API_SCOPES.map((s) => (
          <label key={s} title={SCOPE_HELP[s]}>
            <input type="checkbox" name="scopes" value={s} defaultChecked={s === "ingest"} />
            {s} <span className="muted">— {SCOPE_HELP[s]}</span>
          </label>
        ))}
      </fieldset>
      <label>
        Only for agents (optional)
        <input name="agents" placeholder="comma-separated agent ids" />
      </label>
      <label>
        Only for action categories (optional)
        <input name="categories" placeholder="comma-separated categories" />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create key"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {error && (
          <span className="error-text" role="alert">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
