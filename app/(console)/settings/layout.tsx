import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";
import "@/components/settings/settings.css";

/** Settings pages share one tab bar; each page checks its own roles. */
export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div>
      <h1>Settings</h1>
      <SettingsNav />
      {children}
    </div>
  );
}
