"use client";
import { useState, useSyncExternalStore } from "react";
import { PRESETS, REFRESH_OPTIONS } from "./time-range";
import { useTimeRange } from "./use-time-range";
import { useUrlUpdate } from "./use-url-update";

const noSubscription = () => () => {};

const toLocalInput = (ms: number) =>
  new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Presets, a custom absolute range and auto-refresh; all state lives in the URL so links share views. */
export function TimeRangePicker() {
  const update = useUrlUpdate();
  const range = useTimeRange();
  const [custom, setCustom] = useState(false);
  const [from, setFrom] = useState(toLocalInput(range.fromMs));
  const [to, setTo] = useState(toLocalInput(range.toMs));
  // The browser's time zone and locale are unknown to the server: local times render after
  // hydration, or a browser outside UTC would fail hydration and re-render the whole page.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

  return (
    <div className="row" data-testid="time-range">
      <fieldset className="segmented" aria-label="Time range" style={{ padding: 0, margin: 0 }}>
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={range.preset === p}
            onClick={() => update({ range: p, from: null, to: null })}
          >
            {p}
          </button>
        ))}
        <button type="button" aria-pressed={range.preset === null} onClick={() => setCustom((c) => !c)}>
          Custom
        </button>
      </fieldset>
      {custom && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new Date(from).getTime();
            const t = new Date(to).getTime();
            if (f < t)
              update({ from: new Date(f).toISOString(), to: new Date(t).toISOString(), range: null });
            setCustom(false);
          }}
        >
          <input
            type="datetime-local"
            aria-label="From"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <input type="datetime-local" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
          <button type="submit">Apply</button>
        </form>
      )}
      <label className="row muted" style={{ gap: 4 }}>
        Refresh
        <select
          aria-label="Auto-refresh"
          value={range.refresh}
          onChange={(e) => update({ refresh: e.target.value === "off" ? null : e.target.value })}
        >
          {REFRESH_OPTIONS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      {range.preset === null && hydrated && (
        <span className="muted mono" title="Times shown in your browser's time zone">
          {new Date(range.fromMs).toLocaleString()} → {new Date(range.toMs).toLocaleString()}
        </span>
      )}
    </div>
  );
}
