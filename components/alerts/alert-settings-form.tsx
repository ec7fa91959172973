"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import type { AlertRule } from "@/lib/alerts/rules";

type Rule = AlertRule & { description: string; updatedAt: string };
type Delivery = {
  id: number;
  transition: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
  createdAt: string;
};
type Props = {
  threshold: number;
  rules: Rule[];
  webhook: { url: string; enabled: boolean; secretSet: boolean } | null;
  deliveries: Delivery[];
};

/** Sends a change; null when it was saved, else the server's message. */
async function send(url: string, method: string, body: unknown): Promise<string | null> {
  try {
    await fetchJson(url, { method, body: JSON.stringify(body) });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function useSave() {
  const router = useRouter();
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<string | null>, ok: string) => {
    setBusy(true);
    const err = await fn();
    setBusy(false);
    setMsg(err ? { ok: false, text: err } : { ok: true, text: ok });
    if (!err) router.refresh();
  };
  return { msg, busy, run };
}

function Message({ msg }: { msg: { ok: boolean; text: string } | null }) {
  if (!msg) return null;
  return (
    <span role="status" className={msg.ok ? "muted" : "error-text"} data-testid="settings-message">
      {msg.text}
    </span>
  );
}

export function AlertSettingsForm({ threshold, rules, webhook, deliveries }: Props) {
  return (
    <div className="grid" style={{ gap: 16 }}>
      <ThresholdForm threshold={threshold} />
      <section className="card">
        <h2>Alert rules</h2>
        <p className="muted" style={{ marginTop: 0 }}>
          Evaluated on the server every 15 s. An alert starts when its condition began in the data and ends
          when it cleared.
        </p>
        <table>
          <thead>
            <tr>
              <th>On</th>
              <th>Rule</th>
              <th>Parameters</th>
              <th>Severity</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <RuleRow key={`${r.id}-${r.updatedAt}`} rule={r} />
            ))}
          </tbody>
        </table>
      </section>
      <WebhookForm webhook={webhook} />
      <section className="card">
        <h2>Recent webhook deliveries</h2>
        {deliveries.length === 0 ? (
          <div className="muted">None yet.</div>
        ) : (
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>Event</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Last result</th>
                <th>Next attempt / delivered (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{d.id}</td>
                  <td>alert.{d.transition}</td>
                  <td>
                    <span
                      className={`badge ${d.status === "delivered" ? "ok" : d.status === "failed" ? "danger" : "warn"}`}
                    >
                      {d.status}
                    </span>
                  </td>
                  <td>{d.attempts}</td>
                  <td className="mono">{d.lastError ?? d.lastStatus ?? "—"}</td>
                  <td className="mono">
                    {(d.deliveredAt ?? d.nextAttemptAt).slice(0, 19).replace("T", " ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ThresholdForm({ threshold }: { threshold: number }) {
  const [value, setValue] = useState(String(threshold));
  const save = useSave();
  return (
    <section className="card">
      <h2>GPU temperature threshold</h2>
      <p className="muted" style={{ marginTop: 0 }}>
        A policy limit drawn on every temperature panel and used by the temperature rule (not the hardware
        slowdown temperature; NVIDIA boards slow down in the high 80s °C).
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(
            () => send("/api/v1/alerts/settings", "PUT", { gpuTemperatureThresholdCelsius: Number(value) }),
            `Saved: ${value} °C`,
          );
        }}
      >
        <label className="row">
          Threshold (°C)
          <input
            type="number"
            step={0.5}
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            style={{ width: 90 }}
            aria-label="GPU temperature threshold in °C"
          />
        </label>
        <button type="submit" className="primary" disabled={save.busy}>
          Save threshold
        </button>
        <Message msg={save.msg} />
      </form>
    </section>
  );
}

function RuleRow({ rule }: { rule: Rule }) {
  const [enabled, setEnabled] = useState(rule.enabled);
  const [severity, setSeverity] = useState(rule.severity);
  const [params, setParams] = useState<Record<string, string>>(
    Object.fromEntries(
      Object.entries(rule.params as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    ),
  );
  const save = useSave();
  const typed = () =>
    Object.fromEntries(
      Object.entries(params).map(([k, v]) => {
        const original = (rule.params as Record<string, unknown>)[k];
        return [k, typeof original === "number" ? Number(v) : v];
      }),
    );
  return (
    <tr data-testid={`rule-${rule.slug}`}>
      <td>
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          aria-label={`enable ${rule.name}`}
        />
      </td>
      <td>
        <strong>{rule.name}</strong>
        <div className="muted" style={{ fontSize: 12 }}>
          {rule.description}
        </div>
      </td>
      <td>
        <div className="row">
          {Object.keys(params).length === 0 && <span className="muted">—</span>}
          {Object.entries(params).map(([k, v]) => (
            <label key={k} style={{ fontSize: 12, display: "flex", flexDirection: "column" }}>
              {k}
              <input
                value={v}
                onChange={(e) => setParams({ ...params, [k]: e.target.value })}
                style={{ width: 120 }}
                aria-label={`${rule.name} ${k}`}
              />
            </label>
          ))}
        </div>
      </td>
      <td>
        <select
          value={severity}
          onChange={(e) => setSeverity(e.target.value as Rule["severity"])}
          aria-label={`${rule.name} severity`}
        >
          <option value="critical">critical</option>
          <option value="warning">warning</option>
          <option value="info">info</option>
        </select>
      </td>
      <td>
        <button
          type="button"
          disabled={save.busy}
          onClick={() =>
            void save.run(
              () => send(`/api/v1/alerts/rules/${rule.id}`, "PATCH", { enabled, severity, params: typed() }),
              "Saved",
            )
          }
        >
          Save
        </button>{" "}
        <Message msg={save.msg} />
      </td>
    </tr>
  );
}

function WebhookForm({ webhook }: { webhook: Props["webhook"] }) {
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [secret, setSecret] = useState("");
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const save = useSave();
  return (
    <section className="card">
      <h2>Webhook</h2>
      <p className="muted" style={{ marginTop: 0 }}>
        Each alert start and end is POSTed as JSON, signed in{" "}
        <code>X-AFC-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")</code> with the event type in{" "}
        <code>X-AFC-Event</code> and a delivery id (same on every retry) in <code>X-AFC-Delivery</code>,
        retried with back-off (10 s doubling, 8 attempts). Governance webhooks use the same scheme.
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run(
            () => send("/api/v1/alerts/settings", "PUT", { webhook: { url, secret, enabled } }),
            "Webhook saved",
          );
        }}
      >
        <input
          type="url"
          placeholder="https://hooks.example.com/alerts"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          style={{ width: 320 }}
          aria-label="Webhook URL"
          required
        />
        <input
          type="password"
          placeholder={webhook?.secretSet ? "secret set — enter to replace" : "signing secret (≥ 16 chars)"}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          aria-label="Webhook signing secret"
          required
        />
        <label className="row">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> enabled
        </label>
        <button type="submit" className="primary" disabled={save.busy}>
          Save webhook
        </button>
        {webhook && (
          <button
            type="button"
            disabled={save.busy}
            onClick={() =>
              void save.run(
                () => send("/api/v1/alerts/settings", "PUT", { webhook: null }),
                "Webhook removed",
              )
            }
          >
            Remove
          </button>
        )}
        <Message msg={save.msg} />
      </form>
    </section>
  );
}
