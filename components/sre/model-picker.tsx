"use client";
import { useUrlUpdate } from "@/components/shell/use-url-update";
import type { InferencePanel } from "@/lib/sre/panels";
import { useSrePanel, useSreView } from "./use-panel";

/**
 * Which inference model the latency, time-to-first-token and throughput panels show (?model=):
 * all models together by default. The choices are the models with requests in the range; a
 * model chosen by a link but absent from the range stays listed, so the choice is never hidden.
 */
export function ModelPicker() {
  const { model } = useSreView();
  const update = useUrlUpdate();
  const q = useSrePanel<InferencePanel>("inference");
  const models = q.data?.models ?? [];
  const choices = model && !models.includes(model) ? [...models, model] : models;
  if (choices.length === 0) return null;
  return (
    <label className="row" style={{ gap: 6 }}>
      <span className="muted">Model</span>
      <select
        value={model ?? ""}
        onChange={(e) => update({ model: e.target.value || null })}
        data-testid="model-picker"
      >
        <option value="">all models ({models.length})</option>
        {choices.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </label>
  );
}
