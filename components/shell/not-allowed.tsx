/** Shown instead of a page the user's role may not see: says so, shows no data. */
export function NotAllowed({ page, roles }: { page: string; roles: readonly string[] }) {
  return (
    <div className="card" role="alert" data-testid="not-allowed" style={{ maxWidth: 560 }}>
      <h1>Not allowed</h1>
      <p>
        Your role may not open <strong>{page}</strong>. It is open to: {roles.join(", ")}.
      </p>
      <p className="muted">Ask an admin for the role if you need it.</p>
    </div>
  );
}
