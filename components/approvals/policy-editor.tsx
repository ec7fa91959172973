"use client";
import "./policy-editor.css";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import type { PolicyError } from "@/lib/governance/policy";
import type { DiffLine } from "@/lib/governance/policy-diff";

type Version = { version: number; note: string | null; createdAt: string };
type DryRow = {
  id: string;
  agentId: string;
  action: string;
  category: string;
  requestedAt: string;
  before: { tier: string; authority: string; rule: string; policyVersion: number };
  after: { tier: string; authority: string; rule: string; reason: string; quorum: number };
  changed: boolean;
};

const post = <T,>(url: string, body: unknown) =>
  fetchJson<T>(url, { method: "POST", body: JSON.stringify(body) });

/** YAML editor with errors at their line, a diff against the current version, a dry run, and history. */
export function PolicyEditor({
  current,
  versions,
}: {
  current: { version: number; yaml: string };
  versions: Version[];
}) {
  const router = useRouter();
  const [text, setText] = useState(current.yaml);
  const [errors, setErrors] = useState<PolicyError[]>([]);
  const [diff, setDiff] = useState<DiffLine[]>([]);
  const [checking, setChecking] = useState(false);
  const [tab, setTab] = useState<"diff" | "dry" | "history">("diff");
  const [dry, setDry] = useState<{ total: number; changed: number; rows: DryRow[] } | null>(null);
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [base, setBase] = useState(current.version);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setChecking(true);
    const t = setTimeout(async () => {
      try {
        const r = await post<{ ok: boolean; errors: PolicyError[]; diff: DiffLine[] }>(
          "/api/v1/policy/validate",
          { yaml: text },
        );
        setErrors(r.errors);
        setDiff(r.diff);
      } catch (err) {
        setErrors([{ line: null, column: null, path: "", message: (err as Error).message }]);
      } finally {
        setChecking(false);
      }
    }, 350);
    return () => clearTimeout(t);
  }, [text]);

  const lines = useMemo(() => text.split("\n").length, [text]);
  const errorLines = useMemo(
    () => new Set(errors.map((e) => e.line).filter((l): l is number => l !== null)),
    [errors],
  );
  const changed = diff.some((d) => d.kind !== "same");

  const jumpTo = (line: number | null) => {
    const el = area.current;
    if (!el || line === null) return;
    const starts = text
      .split("\n")
      .slice(0, line - 1)
      .reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(starts, starts + (text.split("\n")[line - 1]?.length ?? 0));
    el.scrollTop = Math.max(0, (line - 5) * 18);
  };

  const runDry = async () => {
    setTab("dry");
    try {
      setDry(await post("/api/v1/policy/dry-run", { yaml: text, limit: 100 }));
    } catch (err) {
      setMessage({ kind: "error", text: (err as Error).message });
    }
  };

  const save = async () => {
    setMessage(null);
    try {
      const r = await post<{ version: number }>("/api/v1/policy", {
        yaml: text,
        note: note || null,
        base_version: base,
      });
      setMessage({
        kind: "ok",
        text: `Saved as version ${r.version}. New requests are classified with it from now on.`,
      });
      setBase(r.version);
      setNote("");
      router.refresh();
    } catch (err) {
      setMessage({ kind: "error", text: (err as Error).message });
    }
  };

  const loadVersion = async (v: number) => {
    try {
      setText((await fetchJson<{ yaml: string }>(`/api/v1/policy/versions/${v}`)).yaml);
    } catch (err) {
      setMessage({ kind: "error", text: (err as Error).message });
    }
  };

  return (
    <div className="policy-editor" data-testid="policy-editor">
      <div className="row">
        <h1 style={{ margin: 0 }}>Bounded-autonomy policy</h1>
        <span className="badge">current: v{base}</span>
        <span className="spacer" />
        <span className={errors.length ? "error-text" : "muted"} data-testid="policy-status">
          {checking
            ? "checking…"
            : errors.length
              ? `${errors.length} error${errors.length > 1 ? "s" : ""}`
              : "valid"}
        </span>
      </div>
      <div className="policy-grid">
        <div className="card editor-card">
          <div className="editor">
            <div className="gutter" ref={gutter} aria-hidden="true">
              {Array.from({ length: lines }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: line numbers are positions
                <div key={i} className={errorLines.has(i + 1) ? "err" : undefined}>
                  {i + 1}
                </div>
              ))}
            </div>
            <textarea
              ref={area}
              aria-label="Policy YAML"
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onScroll={(e) => {
                if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
              }}
              onKeyDown={(e) => {
                if (e.key === "Tab") {
                  e.preventDefault();
                  const el = e.currentTarget;
                  const s = el.selectionStart;
                  setText(`${text.slice(0, s)}  ${text.slice(el.selectionEnd)}`);
                  requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
                }
              }}
            />
          </div>
          {errors.length > 0 && (
            <ul className="policy-errors" data-testid="policy-errors">
              {errors.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity
                <li key={i}>
                  <button type="button" className="linkish" onClick={() => jumpTo(e.line)}>
                    line {e.line ?? "?"}
                  </button>{" "}
                  {e.path && <code>{e.path}</code>} {e.message}
                </li>
              ))}
            </ul>
          )}
          <div className="row" style={{ marginTop: 8 }}>
            <input
              placeholder="What changed and why (kept with the version)"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              style={{ flex: 1 }}
              aria-label="Change note"
            />
            <button type="button" onClick={runDry} disabled={errors.length > 0}>
              Dry run on last 100 actions
            </button>
            <button
              type="button"
              className="primary"
              onClick={save}
              disabled={errors.length > 0 || !changed || checking}
            >
              Save as v{base + 1}
            </button>
          </div>
          {message && (
            <p
              className={message.kind === "error" ? "error-text" : "muted"}
              role="status"
              data-testid="policy-message"
            >
              {message.text}
            </p>
          )}
        </div>
        <div className="card side-card">
          <div className="segmented" role="tablist">
            {(["diff", "dry", "history"] as const).map((t) => (
              <button key={t} type="button" aria-pressed={tab === t} onClick={() => setTab(t)}>
                {t === "diff" ? "Diff vs current" : t === "dry" ? "Dry-run results" : "Versions"}
              </button>
            ))}
          </div>
          {tab === "diff" && <DiffView diff={diff} changed={changed} />}
          {tab === "dry" && <DryRun dry={dry} />}
          {tab === "history" && (
            <table className="mini">
              <tbody>
                {versions.map((v) => (
                  <tr key={v.version}>
                    <td>v{v.version}</td>
                    <td>{v.note ?? <span className="muted">—</span>}</td>
                    <td className="muted">{new Date(v.createdAt).toLocaleString()}</td>
                    <td>
                      <button type="button" onClick={() => void loadVersion(v.version)}>
                        Load
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}

function DiffView({ diff, changed }: { diff: DiffLine[]; changed: boolean }) {
  if (!changed) return <p className="muted">No changes against the current version.</p>;
  return (
    <pre className="diff" data-testid="policy-diff">
      {diff.map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: diff lines are positions
        <div key={i} className={d.kind}>
          <span className="ln">{d.newLine ?? d.oldLine}</span>
          {d.kind === "added" ? "+ " : d.kind === "removed" ? "- " : "  "}
          {d.text}
        </div>
      ))}
    </pre>
  );
}

function DryRun({ dry }: { dry: { total: number; changed: number; rows: DryRow[] } | null }) {
  if (!dry)
    return <p className="muted">Run the proposal over the last 100 actions to see what would change.</p>;
  return (
    <div data-testid="policy-dry-run">
      <p>
        <strong>{dry.changed}</strong> of {dry.total} recent actions would be decided differently.
      </p>
      <table className="mini">
        <thead>
          <tr>
            <th>Action</th>
            <th>Was</th>
            <th>Would be</th>
          </tr>
        </thead>
        <tbody>
          {[...dry.rows]
            .sort((a, b) => Number(b.changed) - Number(a.changed))
            .map((r) => (
              <tr key={r.id} className={r.changed ? "changed" : undefined}>
                <td>
                  {r.agentId} · {r.action}
                  <div className="muted">{r.category}</div>
                </td>
                <td>
                  {r.before.authority}
                  <div className="muted">{r.before.rule}</div>
                </td>
                <td>
                  {r.after.authority}
                  <div className="muted">{r.after.rule}</div>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
