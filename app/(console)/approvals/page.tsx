import { Coming } from "@/components/shell/coming";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export default async function Page() {
  const { allowed } = await userForPage("approvals");
  if (!allowed) return <NotAllowed page="Approvals" roles={PAGE_ROLES.approvals} />;
  return <Coming title="Approvals" what="the approval inbox" />;
}
