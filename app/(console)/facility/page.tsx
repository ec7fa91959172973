import { Coming } from "@/components/shell/coming";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export default async function Page() {
  const { allowed } = await userForPage("facility");
  if (!allowed) return <NotAllowed page="Facility" roles={PAGE_ROLES.facility} />;
  return <Coming title="Facility" what="cooling and PUE" />;
}
