import { Suspense } from "react";
import { FacilityDashboard } from "@/components/facility/facility-dashboard";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export default async function Page() {
  const { allowed } = await userForPage("facility");
  if (!allowed) return <NotAllowed page="Facility" roles={PAGE_ROLES.facility} />;
  return (
    <Suspense>
      <FacilityDashboard />
    </Suspense>
  );
}
