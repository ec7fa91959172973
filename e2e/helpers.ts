import { type APIRequestContext, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? "factory-demo";
export const ROLE_EMAIL = {
  executive: "executive@demo.local",
  approver: "approver@demo.local",
  approver2: "approver2@demo.local",
  sre: "sre@demo.local",
  auditor: "auditor@demo.local",
  admin: "admin@demo.local",
} as const;
export type DemoRole = keyof typeof ROLE_EMAIL;

/** Signs in through the real form and waits for the console shell. */
export async function signIn(page: Page, role: DemoRole, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ROLE_EMAIL[role]);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(ROLE_EMAIL[role]);
}

/** Signs an API request context in through next-auth's credentials endpoints (as a script would). */
export async function signInRequest(request: APIRequestContext, role: DemoRole): Promise<void> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: ROLE_EMAIL[role], password: DEMO_PASSWORD, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
}

/** The trace window of the H200 demo data, as URL query parameters. */
export const H200_RANGE = "from=2026-11-26T06:22:00Z&to=2026-11-26T06:29:00Z";
