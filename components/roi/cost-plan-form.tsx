"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import { COST_CATEGORIES, COST_CATEGORY_LABELS, type CostPlan, SPLIT_BANDS } from "@/lib/roi/costs";
import { costPlanInput } from "@/lib/roi/inputs";
import { numberOrNull } from "./form-values";

/** The investment plan: split against the architecture's bands, spend to date, terms, tariff. */
export function CostPlanForm({ plan }: { plan: CostPlan }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [split, setSplit] = useState(plan.splitPct);
  const sum = COST_CATEGORIES.reduce((s, c) => s + (Number.isFinite(split[c]) ? split[c] : 0), 0);
  const save = useMutation({
    mutationFn: (body: unknown) =>
      fetchJson("/api/v1/roi/cost-plan", { method: "PUT", body: JSON.stringify(body) }),
    onSuccess: () => {
      setError(null);
      setSaved(true);
      router.refresh();
    },
    onError: (e) => setError(e.message),
  });

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const per = (prefix: string, blankIsNull: boolean) =>
      Object.fromEntries(
        COST_CATEGORIES.map((c) => {
          const v = numberOrNull(f.get(`${prefix}.${c}`));
          return [c, blankIsNull ? v : (v ?? Number.NaN)];
        }),
      );
    const body = {
      totalInvestmentUsd: numberOrNull(f.get("totalInvestmentUsd")) ?? Number.NaN,
      splitPct: per("splitPct", false),
      spentUsd: per("spentUsd", true),
      amortisationMonths: per("amortisationMonths", false),
      tariffUsdPerKwh: numberOrNull(f.get("tariffUsdPerKwh")) ?? Number.NaN,
      assumedPue: numberOrNull(f.get("assumedPue")),
      cloudUsdPerMillionTokens: numberOrNull(f.get("cloudUsdPerMillionTokens")),
      note: String(f.get("note") ?? ""),
    };
    const checked = costPlanInput.safeParse(body);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setError(issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid plan");
      return;
    }
    setSaved(false);
    save.mutate(checked.data);
  }

  return (
    <form onSubmit={onSubmit} aria-label="Investment plan" data-testid="cost-plan-form">
      <table className="exec-table num">
        <thead>
          <tr>
            <th>Category</th>
            <th className="n">Plan %</th>
            <th className="n">Reference</th>
            <th className="n">Spent to date ($, blank = not recorded)</th>
            <th className="n">Amortised over (months)</th>
          </tr>
        </thead>
        <tbody>
          {COST_CATEGORIES.map((c) => (
            <tr key={c}>
              <td>{COST_CATEGORY_LABELS[c]}</td>
              <td className="n">
                <input
                  name={`splitPct.${c}`}
                  aria-label={`${c} plan percent`}
                  type="number"
                  step="any"
                  min={0}
                  max={100}
                  style={{ width: 80 }}
                  defaultValue={plan.splitPct[c]}
                  onChange={(e) => setSplit({ ...split, [c]: Number(e.target.value) })}
                />
              </td>
              <td className="n muted">
                {SPLIT_BANDS[c].minPct}–{SPLIT_BANDS[c].maxPct} %
              </td>
              <td className="n">
                <input
                  name={`spentUsd.${c}`}
                  aria-label={`${c} spent`}
                  type="number"
                  step="any"
                  min={0}
                  style={{ width: 130 }}
                  defaultValue={plan.spentUsd[c] ?? ""}
                />
              </td>
              <td className="n">
                <input
                  name={`amortisationMonths.${c}`}
                  aria-label={`${c} months`}
                  type="number"
                  step={1}
                  min={1}
                  max={240}
                  style={{ width: 80 }}
                  defaultValue={plan.amortisationMonths[c]}
                />
              </td>
            </tr>
          ))}
          <tr>
            <td>Total</td>
            <td className={`n ${Math.abs(sum - 100) > 0.01 ? "field-error" : ""}`} data-testid="split-sum">
              {sum.toFixed(1)} %
            </td>
            <td colSpan={3} />
          </tr>
        </tbody>
      </table>
      <div className="form-grid" style={{ marginTop: 8 }}>
        <label>
          Total investment ($)
          <input
            name="totalInvestmentUsd"
            type="number"
            step="any"
            min={0}
            defaultValue={plan.totalInvestmentUsd}
            required
          />
        </label>
        <label>
          Electricity tariff ($/kWh)
          <input
            name="tariffUsdPerKwh"
            type="number"
            step="any"
            min={0}
            defaultValue={plan.tariffUsdPerKwh}
            required
          />
        </label>
        <label>
          Assumed PUE (only without facility data)
          <input
            name="assumedPue"
            type="number"
            step="any"
            min={1}
            max={5}
            defaultValue={plan.assumedPue ?? ""}
          />
        </label>
        <label>
          Cloud price per 1 M tokens ($)
          <input
            name="cloudUsdPerMillionTokens"
            type="number"
            step="any"
            min={0}
            defaultValue={plan.cloudUsdPerMillionTokens ?? ""}
          />
        </label>
        <label style={{ gridColumn: "span 2" }}>
          Note (why it changed)
          <input name="note" maxLength={500} />
        </label>
      </div>
      <div className="row" style={{ marginTop: 8 }}>
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save plan as a new version"}
        </button>
        {saved ? <span className="badge ok">saved</span> : null}
        {error ? (
          <span className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
    </form>
  );
}
