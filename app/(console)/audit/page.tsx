import { Coming } from "@/components/shell/coming";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export default async function Page() {
  const { allowed } = await userForPage("audit");
  if (!allowed) return <NotAllowed page="Audit" roles={PAGE_ROLES.audit} />;
  return <Coming title="Audit" what="the tamper-evident audit trail" />;
}
