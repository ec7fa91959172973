"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fetchJson } from "@/components/ui/fetch-json";
import type { UserView } from "@/lib/platform/admin";
import { USER_ROLES } from "@/lib/platform/inputs";

/** Who can sign in, with which roles; admins change roles or disable users here. */
export function UsersTable({ users, currentUserId }: { users: UserView[]; currentUserId: string }) {
  return (
    <section className="settings-section card" aria-labelledby="users-title">
      <header>
        <h2 id="users-title">Users and roles</h2>
        <span className="muted">
          Changes apply on the user's next request. Add a user with{" "}
          <code>npm run cli -- user create --email … --name … --roles …</code>
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
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <UserRow key={u.id} user={u} self={u.id === currentUserId} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function UserRow({ user: u, self }: { user: UserView; self: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [roles, setRoles] = useState<string[]>(u.roles);
  const update = useMutation({
    mutationFn: (change: { roles?: string[]; disabled?: boolean }) =>
      fetchJson(`/api/v1/users/${u.id}`, { method: "PATCH", body: JSON.stringify(change) }),
    onSuccess: () => {
      setEditing(false);
      router.refresh(); // re-render the server-side list
    },
  });
  return (
    <tr data-testid="user-row" className={u.disabledAt ? "revoked" : undefined}>
      <td>
        {u.name}
        {self && <span className="muted"> (you)</span>}
      </td>
      <td className="mono">{u.email}</td>
      <td className="scopes">
        {editing ? (
          <fieldset className="role-picker" aria-label={`Roles of ${u.email}`}>
            {USER_ROLES.map((r) => (
              <label key={r}>
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  disabled={self && r === "admin"}
                  onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
                />
                {r}
              </label>
            ))}
          </fieldset>
        ) : (
          u.roles.map((r) => (
            <span key={r} className="badge">
              {r}
            </span>
          ))
        )}
      </td>
      <td>{new Date(u.createdAt).toLocaleDateString("en-CA")}</td>
      <td>
        {u.disabledAt ? (
          <span className="badge danger">disabled</span>
        ) : (
          <span className="badge ok">active</span>
        )}
      </td>
      <td>
        <span className="row">
          {editing ? (
            <>
              <button
                type="button"
                className="primary"
                disabled={update.isPending || roles.length === 0}
                onClick={() => update.mutate({ roles })}
              >
                Save roles
              </button>
              <button
                type="button"
                onClick={() => {
                  setRoles(u.roles);
                  setEditing(false);
                }}
              >
                Cancel
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setEditing(true)} aria-label={`Edit roles of ${u.email}`}>
              Edit roles
            </button>
          )}
          {!self && (
            <button
              type="button"
              disabled={update.isPending}
              onClick={() => update.mutate({ disabled: !u.disabledAt })}
              aria-label={`${u.disabledAt ? "Enable" : "Disable"} ${u.email}`}
            >
              {u.disabledAt ? "Enable" : "Disable"}
            </button>
          )}
        </span>
        {update.isError && (
          <div className="error-text" role="alert">
            {update.error.message}
          </div>
        )}
      </td>
    </tr>
  );
}
