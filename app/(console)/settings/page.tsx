import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { UsersTable } from "@/components/settings/users-table";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";
import { listUserViews } from "@/lib/platform/admin";

export default async function SettingsPage() {
  const { user, allowed } = await userForPage("settings");
  if (!allowed) return <NotAllowed page="Settings" roles={PAGE_ROLES.settings} />;
  const users = await listUserViews();
  return (
    <>
      <ApiKeysPanel />
      <UsersTable users={users} currentUserId={user.id} />
    </>
  );
}
