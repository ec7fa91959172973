export function Coming({ title, what }: { title: string; what: string }) {
  return (
    <div>
      <h1>{title}</h1>
      <div className="card muted">Coming: {what}</div>
    </div>
  );
}
