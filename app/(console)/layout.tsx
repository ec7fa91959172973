import type { ReactNode } from "react";
import { Suspense } from "react";
import { AlertBanner } from "@/components/alerts/alert-banner";
import { Nav, type NavItem } from "@/components/shell/nav";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { TimeRangePicker } from "@/components/shell/time-range-picker";
import { PAGE_ROLES, type PageKey, requireUser } from "@/lib/auth/page";
import { hasRole } from "@/lib/auth/principal";

// Every console page depends on the session and live data.
export const dynamic = "force-dynamic";

const NAV: (NavItem & { page: PageKey })[] = [
  { href: "/", label: "Overview", page: "overview" },
  { href: "/sre", label: "SRE", page: "sre" },
  { href: "/facility", label: "Facility", page: "facility" },
  { href: "/roi", label: "ROI", page: "roi" },
  { href: "/approvals", label: "Approvals", page: "approvals" },
  { href: "/audit", label: "Audit", page: "audit" },
  { href: "/settings", label: "Settings", page: "settings" },
];

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const items = NAV.filter((n) => hasRole(user, PAGE_ROLES[n.page]));
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          AI Factory Console
          <small>inference · agents · governance</small>
        </div>
        <Suspense>
          <Nav items={items} />
        </Suspense>
        <div className="sidebar-footer">
          <div data-testid="current-user">
            <strong>{user.name}</strong>
            <div className="muted">{user.email}</div>
            <div data-testid="current-roles">
              {user.roles.map((r) => (
                <span key={r} className="badge" style={{ marginRight: 4 }}>
                  {r}
                </span>
              ))}
            </div>
          </div>
          <div className="row">
            <ThemeToggle />
            <SignOutButton />
          </div>
        </div>
      </aside>
      <div style={{ minWidth: 0 }}>
        <header className="topbar">
          <Suspense>
            <TimeRangePicker />
          </Suspense>
        </header>
        <AlertBanner />
        <main className="main">{children}</main>
      </div>
    </div>
  );
}
