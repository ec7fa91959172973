import type { UserView } from "@/lib/platform/admin";

/** Who can sign in, with which roles. Changing users is done with `npm run cli -- user create`. */
export function UsersTable({ users }: { users: UserView[] }) {
  return (
    <section className="settings-section card" aria-labelledby="users-title">
      <header>
        <h2 id="users-title">Users and roles</h2>
        <span className="muted">
          Add or change a user with <code>npm run cli -- user create --email … --roles …</code>
        </span>
      </header>
      <table data-testid="users-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Roles</th>
            <th>Since</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td className="mono">{u.email}</td>
              <td className="scopes">
                {u.roles.map((r) => (
                  <span key={r} className="badge">
                    {r}
                  </span>
                ))}
              </td>
              <td>{new Date(u.createdAt).toLocaleDateString("en-CA")}</td>
              <td>
                {u.disabledAt ? (
                  <span className="badge danger">disabled</span>
                ) : (
                  <span className="badge ok">active</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
