import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { signIn, signInRequest } from "./helpers";

/** Collects CSP violations the browser reports, from the first byte of every document. */
async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  page.on("console", (m) => {
    if (/content security policy|CSP violation/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  return seen;
}

async function createKey(request: APIRequestContext, name: string, scopes: string[]) {
  const res = await request.post("/api/v1/apikeys", { data: { name, scopes } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

test("security headers on pages, API answers and static files", async ({ page, request }) => {
  const doc = await request.get("/signin");
  const h = doc.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-request-id"]).toBeTruthy();
  // A fresh nonce every time.
  const again = (await request.get("/signin")).headers()["content-security-policy"];
  expect(again).not.toBe(h["content-security-policy"]);

  const api = await request.get("/api/health");
  expect(api.status()).toBe(200);
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["x-request-id"]).toBeTruthy();

  await page.goto("/signin");
  const script = await page.locator("script[src]").first().getAttribute("src");
  expect(script).toBeTruthy();
  const asset = await request.get(script!);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
});

test("no CSP violations across the console, and the app really runs under the policy", async ({ page }) => {
  const violations = await watchCsp(page);
  await page.goto("/signin");
  await signIn(page, "admin"); // the sign-in form is client-side JS: it only works if scripts ran
  for (const path of ["/", "/sre", "/facility", "/roi", "/approvals", "/audit", "/settings"]) {
    await page.goto(path);
    await expect(page.getByTestId("current-user")).toBeVisible();
    await page.waitForLoadState("load");
    await page.waitForTimeout(300); // let client components mount and fetch
  }
  // Client-side navigation and a client component (theme toggle) after hydration.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "SRE" }).click();
  await expect(page).toHaveURL(/\/sre/);
  await page.getByRole("button", { name: /theme/i }).click();
  expect(violations).toEqual([]);
});

test("API: no key → 401, wrong scope → 403, good key → 200, revoked → 401", async ({
  request,
  playwright,
  baseURL,
}) => {
  await signInRequest(request, "admin");
  const ingestOnly = await createKey(request, "e2e ingest-only", ["ingest"]);
  const reader = await createKey(request, "e2e reader", ["read"]);

  const anon = await playwright.request.newContext({ baseURL });
  try {
    expect((await anon.get("/api/v1/whoami")).status()).toBe(401);
    expect((await anon.get("/api/v1/policy")).status()).toBe(401);
    expect(
      (await anon.get("/api/v1/whoami", { headers: { authorization: "Bearer afc_not-a-key" } })).status(),
    ).toBe(401);

    const asIngest = { authorization: `Bearer ${ingestOnly}` };
    const wrongScope = await anon.get("/api/v1/policy", { headers: asIngest });
    expect(wrongScope.status()).toBe(403);
    expect(((await wrongScope.json()) as { error: string }).error).toMatch(/scope/);
    // Keys never reach admin routes, whatever their scopes.
    expect(
      (await anon.get("/api/v1/apikeys", { headers: { authorization: `Bearer ${reader}` } })).status(),
    ).toBe(403);

    const asReader = { authorization: `Bearer ${reader}` };
    expect((await anon.get("/api/v1/policy", { headers: asReader })).status()).toBe(200);
    const me = await anon.get("/api/v1/whoami", { headers: asReader });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ kind: "apiKey", name: "e2e reader", scopes: ["read"] });

    // Revoked: refused at once.
    const { keys } = (await (await request.get("/api/v1/apikeys")).json()) as {
      keys: { id: string; name: string }[];
    };
    const id = keys.find((k) => k.name === "e2e reader")!.id;
    expect((await request.delete(`/api/v1/apikeys/${id}`)).status()).toBe(200);
    expect((await anon.get("/api/v1/whoami", { headers: asReader })).status()).toBe(401);
  } finally {
    await anon.dispose();
  }
});

test("a cross-site POST riding on the session cookie is refused", async ({ request }) => {
  await signInRequest(request, "admin");
  const data = { name: "csrf attempt", scopes: ["read"] };
  const evil = await request.post("/api/v1/apikeys", { data, headers: { origin: "https://evil.example" } });
  expect(evil.status()).toBe(403);
  expect(((await evil.json()) as { error: string }).error).toMatch(/cross-site/);
  const noOrigin = await request.post("/api/v1/apikeys", {
    data,
    headers: { "sec-fetch-site": "cross-site" },
  });
  expect(noOrigin.status()).toBe(403);
  const { keys } = (await (await request.get("/api/v1/apikeys")).json()) as { keys: { name: string }[] };
  expect(keys.map((k) => k.name)).not.toContain("csrf attempt");
});

test("request bodies are size-limited, next-auth's routes included", async ({ request }) => {
  const big = "x".repeat(100 * 1024);
  const auth = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken: "x", email: "a@b.c", password: big },
  });
  expect(auth.status()).toBe(413);
  await signInRequest(request, "admin");
  const api = await request.post("/api/v1/apikeys", { data: { name: big, scopes: ["read"] } });
  expect(api.status()).toBe(413);
});

test("admin creates a key in Settings, sees the token once, and revokes it", async ({
  page,
  playwright,
  baseURL,
}) => {
  const violations = await watchCsp(page);
  await signIn(page, "admin");
  await page.goto("/settings");
  await expect(page.getByRole("link", { name: "Policy" })).toHaveAttribute("href", "/settings/policy");
  await expect(page.getByRole("link", { name: "Alerts" })).toHaveAttribute("href", "/settings/alerts");
  await expect(page.getByTestId("users-table")).toContainText("sre@demo.local");

  await page.getByRole("button", { name: "New API key" }).click();
  await page.getByLabel("Name").fill("e2e ui key");
  await page.getByRole("checkbox", { name: /^read/ }).check();
  await page.getByLabel("Only for agents (optional)").fill("agent-7, agent-9");
  await page.getByRole("button", { name: "Create key" }).click();
  const token = (await page.getByTestId("new-token-value").textContent())?.trim() ?? "";
  expect(token).toMatch(/^afc_/);
  const row = page.getByTestId("apikey-row").filter({ hasText: "e2e ui key" });
  await expect(row).toContainText("agents: agent-7, agent-9");
  await expect(row).toContainText("active");

  const api = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  try {
    expect((await api.get("/api/v1/whoami")).status()).toBe(200);
    await page.getByRole("button", { name: "I have stored it" }).click();
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    // After a reload the token is nowhere on the page.
    await page.reload();
    await expect(page.getByText(token)).toHaveCount(0);
    await row.getByRole("button", { name: "Revoke e2e ui key" }).click();
    await row.getByRole("button", { name: "Confirm revoke" }).click();
    await expect(row).toContainText("revoked");
    expect((await api.get("/api/v1/whoami")).status()).toBe(401);
  } finally {
    await api.dispose();
  }
  expect(violations).toEqual([]);
});

test("health and readiness are public JSON", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(await health.json()).toMatchObject({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  const body = (await ready.json()) as {
    ready: boolean;
    migrations: { pending: string[]; expected: number };
  };
  expect(body.ready).toBe(true);
  expect(body.migrations.pending).toEqual([]);
  expect(body.migrations.expected).toBeGreaterThan(0);
});
