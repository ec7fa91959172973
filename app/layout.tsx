import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: "AI Factory Console",
  description: "GPU inference, agents, approvals, audit and ROI on one screen",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Theme lives in a cookie so the server renders the right colours (no flash, no inline script).
  const theme = (await cookies()).get("theme")?.value === "dark" ? "dark" : "light";
  return (
    <html lang="en" data-theme={theme}>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
