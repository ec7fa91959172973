import { Suspense } from "react";
import { NotAllowed } from "@/components/shell/not-allowed";
import { SreDashboard } from "@/components/sre/sre-dashboard";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";
import { loadInitialPanels } from "./load-initial-panels";

export const metadata = { title: "SRE · AI Factory Console" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  const { allowed } = await userForPage("sre");
  if (!allowed) return <NotAllowed page="SRE" roles={PAGE_ROLES.sre} />;
  return (
    <div>
      <div className="row" style={{ marginBottom: 10 }}>
        <h1 style={{ margin: 0 }}>SRE</h1>
        <span className="muted">inference latency, tokens per joule, GPU thermals, power and throttling</span>
      </div>
      {/* The shell streams at once; the panels follow with their data already in the HTML. */}
      <Suspense fallback={<p className="muted">Loading panels…</p>}>
        <DashboardWithData searchParams={searchParams} />
      </Suspense>
    </div>
  );
}

async function DashboardWithData({ searchParams }: { searchParams: SearchParams }) {
  const initial = await loadInitialPanels(await searchParams);
  return <SreDashboard initial={initial} />;
}
