"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/settings", label: "API keys & users" },
  { href: "/settings/policy", label: "Policy" },
  { href: "/settings/alerts", label: "Alerts" },
] as const;

/** Tabs across the Settings pages (the policy and alert pages live under /settings too). */
export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="settings-tabs">
      {TABS.map((t) => {
        const active = t.href === "/settings" ? pathname === "/settings" : pathname.startsWith(t.href);
        return (
          <Link key={t.href} href={t.href} aria-current={active ? "page" : undefined}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
