import Link from "next/link";
import { ApprovalInbox } from "@/components/approvals/inbox";
import { prepareViolationBars } from "@/components/approvals/prepare-violations";
import { ViolationsView } from "@/components/approvals/violations-view";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";
import { inboxAccess } from "@/lib/governance/inbox-access";
import { violationCountsForMetrics } from "@/lib/governance/metrics";
import { VIOLATION_LABELS, violationSeries } from "@/lib/governance/violations";

type Search = Promise<Record<string, string | string[] | undefined>>;
const DAY = 86400_000;

export default async function Page({ searchParams }: { searchParams: Search }) {
  const { user, allowed } = await userForPage("approvals");
  if (!allowed) return <NotAllowed page="Approvals" roles={PAGE_ROLES.approvals} />;
  const sp = await searchParams;
  const view = sp.view === "violations" ? "violations" : "inbox";
  const id = typeof sp.id === "string" ? sp.id : undefined;
  return (
    <>
      <nav className="approvals-tabs" aria-label="Approvals views">
        <Link href="/approvals" aria-current={view === "inbox" ? "page" : undefined}>
          Inbox
        </Link>
        <Link href="/approvals?view=violations" aria-current={view === "violations" ? "page" : undefined}>
          Violations
        </Link>
      </nav>
      {view === "inbox" ? (
        <ApprovalInbox
          me={{ id: user.id, email: user.email, name: user.name }}
          initialId={id}
          // Decided here on the server from the session; the decision API enforces the same roles.
          {...inboxAccess(user.roles)}
        />
      ) : (
        <Violations />
      )}
    </>
  );
}

async function Violations() {
  const toMs = Date.now();
  const fromMs = toMs - 30 * DAY;
  const [points, counts] = await Promise.all([
    violationSeries({ fromMs, toMs, stepMs: DAY }),
    violationCountsForMetrics(),
  ]);
  return (
    <ViolationsView
      bars={prepareViolationBars(points, fromMs, toMs, DAY)}
      counts={counts}
      labels={VIOLATION_LABELS}
    />
  );
}
