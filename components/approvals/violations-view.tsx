"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { seriesColor } from "@/components/charts/palette";
import type { ViolationBars } from "./prepare-violations";

type Row = { agent: string; category: string; cause: string; count: number };

const label = (cause: string) => cause.replaceAll("_", " ");

/** Boundary violations over time (stacked by cause) and the per-agent/category/cause counts. */
export function ViolationsView({
  bars,
  counts,
  labels,
}: {
  bars: ViolationBars;
  counts: Row[];
  labels: Record<string, string>;
}) {
  return (
    <div className="grid" data-testid="violations-view">
      <section className="card">
        <h2>Autonomy-boundary violations per day, by cause</h2>
        <p className="muted">
          {bars.total} in the window · exported as <code>ai_autonomy_boundary_violations</code> on /metrics
        </p>
        {bars.total === 0 ? (
          <p className="muted">No violations in this window.</p>
        ) : (
          <div style={{ height: 260 }}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={bars.rows}>
                <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
                <XAxis
                  dataKey="t"
                  tickFormatter={(t: number) =>
                    new Date(t).toLocaleDateString(undefined, { month: "short", day: "numeric" })
                  }
                  fontSize={11}
                />
                <YAxis allowDecimals={false} fontSize={11} width={30} />
                <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleDateString()} />
                <Legend formatter={(v: string) => label(v)} />
                {bars.causes.map((c, i) => (
                  <Bar
                    key={c}
                    dataKey={c}
                    name={c}
                    stackId="v"
                    fill={seriesColor(i)}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </section>
      <section className="card">
        <h2>Counts by agent, category and cause (all time)</h2>
        <table>
          <thead>
            <tr>
              <th>Agent</th>
              <th>Category</th>
              <th>Cause</th>
              <th style={{ textAlign: "right" }}>Count</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((r) => (
              <tr key={`${r.agent}/${r.category}/${r.cause}`}>
                <td>{r.agent}</td>
                <td>{r.category}</td>
                <td title={labels[r.cause]}>{label(r.cause)}</td>
                <td style={{ textAlign: "right" }}>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
