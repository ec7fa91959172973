import type { DataSource } from "@/lib/roi/service";

/** Where each figure comes from, what time it covers, and whether it is simulated. */
export function DataSources({ sources }: { sources: DataSource[] }) {
  return (
    <table className="exec-table" data-testid="data-sources">
      <thead>
        <tr>
          <th>Data source</th>
          <th>Covers</th>
          <th>Kind</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <tr key={s.name}>
            <td>{s.name}</td>
            <td>{s.covers}</td>
            <td>{s.simulated ? <span className="sim-badge">simulated</span> : "measured / recorded"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
