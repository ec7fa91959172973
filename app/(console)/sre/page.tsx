import { Suspense } from "react";
import { NotAllowed } from "@/components/shell/not-allowed";
import { SreDashboard } from "@/components/sre/sre-dashboard";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export const metadata = { title: "SRE · AI Factory Console" };

export default async function Page() {
  const { allowed } = await userForPage("sre");
  if (!allowed) return <NotAllowed page="SRE" roles={PAGE_ROLES.sre} />;
  return (
    <div>
      <div className="row" style={{ marginBottom: 10 }}>
        <h1 style={{ margin: 0 }}>SRE</h1>
        <span className="muted">inference latency, tokens per joule, GPU thermals, power and throttling</span>
      </div>
      <Suspense>
        <SreDashboard />
      </Suspense>
    </div>
  );
}
