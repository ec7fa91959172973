import { Coming } from "@/components/shell/coming";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export default async function Page() {
  const { allowed } = await userForPage("roi");
  if (!allowed) return <NotAllowed page="ROI" roles={PAGE_ROLES.roi} />;
  return <Coming title="ROI" what="return on investment by horizon" />;
}
