import { Coming } from "@/components/shell/coming";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export default async function OverviewPage() {
  const { allowed } = await userForPage("overview");
  if (!allowed) return <NotAllowed page="Overview" roles={PAGE_ROLES.overview} />;
  return <Coming title="Overview" what="KPIs and ROI by horizon" />;
}
