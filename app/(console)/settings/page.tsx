import { Coming } from "@/components/shell/coming";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export default async function Page() {
  const { allowed } = await userForPage("settings");
  if (!allowed) return <NotAllowed page="Settings" roles={PAGE_ROLES.settings} />;
  return <Coming title="Settings" what="API keys and users" />;
}
