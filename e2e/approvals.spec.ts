import {
  type APIRequestContext,
  type Browser,
  expect,
  type Page,
  request as pwRequest,
  test,
} from "@playwright/test";
import { baseURL } from "../playwright.config";
import { signIn, signInRequest } from "./helpers";

/** An agent over the real API: an admin creates a key with scope `actions`, the key submits requests. */
async function agentKey(): Promise<APIRequestContext> {
  const admin = await pwRequest.newContext({ baseURL });
  await signInRequest(admin, "admin");
  const res = await admin.post("/api/v1/apikeys", {
    data: { name: `e2e-agent-${Date.now()}`, scopes: ["actions"] },
  });
  expect(res.status()).toBe(201);
  const { token } = (await res.json()) as { token: string };
  await admin.dispose();
  return pwRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

async function submitPending(
  agent: APIRequestContext,
  run: string,
  n: number,
  action = "file_regulatory_report",
) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await agent.post("/api/v1/actions", {
      data: {
        agent_id: "compliance-reviewer",
        call_id: `${run}-${i}`,
        action,
        category: "legal_compliance",
        params: { run, item: i },
        data_refs: [{ kind: "document", ref: `s3://legal/${run}-${i}.pdf` }],
        requested_by: "ops@demo.local",
      },
    });
    expect(res.status()).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

async function openInbox(page: Page, run: string) {
  await page.goto("/approvals");
  await expect(page.getByTestId("live-state")).toHaveText("live");
  await page.getByLabel("Search").fill(run);
}
const row = (page: Page, id: string) => page.locator(`[data-testid="inbox-row"][data-id="${id}"]`);
const runId = () => `e2e${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test("an approver approves with the mouse and rejects with the keyboard (reason required)", async ({
  page,
}) => {
  const agent = await agentKey();
  const run = runId();
  const [first, second] = await submitPending(agent, run, 2);
  await signIn(page, "approver");
  await openInbox(page, run);
  await expect(row(page, first!)).toBeVisible();
  await expect(row(page, first!).getByTestId("countdown")).toContainText(/\d+h \d\dm|\d+m \d\ds/);

  await row(page, first!).click();
  await expect(page.getByTestId("detail-params")).toContainText(run);
  await page
    .getByTestId("detail-pane")
    .getByRole("button", { name: /^Approve/ })
    .click();
  await expect(row(page, first!)).toHaveCount(0);
  expect(
    ((await (await agent.get(`/api/v1/actions/${first}`)).json()) as { action: { status: string } }).action
      .status,
  ).toBe("approved");

  await row(page, second!).click();
  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(dialog.getByText("A reason is required to reject.")).toBeVisible();
  await dialog.getByLabel("Reason").fill("Wrong regulator for this incident");
  await page.keyboard.press("Enter");
  await expect(row(page, second!)).toHaveCount(0);
  const after = (await (await agent.get(`/api/v1/actions/${second}`)).json()) as {
    action: { status: string; decision_reason: string };
  };
  expect(after.action).toMatchObject({
    status: "rejected",
    decision_reason: "Wrong regulator for this incident",
  });
  await agent.dispose();
});

async function approverPage(browser: Browser, role: "approver" | "approver2") {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, role);
  return { ctx, page };
}

test("a second approver sees new requests and the first one's decision appear live", async ({ browser }) => {
  const agent = await agentKey();
  const run = runId();
  const a = await approverPage(browser, "approver");
  const b = await approverPage(browser, "approver2");
  await openInbox(a.page, run);
  await openInbox(b.page, run);
  const [id] = await submitPending(agent, run, 1);
  await expect(row(a.page, id!)).toBeVisible(); // new request, no reload
  await expect(row(b.page, id!)).toBeVisible();
  await b.page.getByLabel("Status").selectOption("");
  await row(a.page, id!).click();
  await a.page.keyboard.press("a");
  await expect(row(b.page, id!)).toHaveAttribute("data-status", "approved");
  await row(b.page, id!).click();
  await expect(b.page.getByTestId("detail-status")).toHaveText("approved");
  await a.ctx.close();
  await b.ctx.close();
  await agent.dispose();
});

const READ_ONLY = "Read-only: your role can see the inbox but not decide";
const statusOf = async (agent: APIRequestContext, id: string) =>
  ((await (await agent.get(`/api/v1/actions/${id}`)).json()) as { action: { status: string } }).action.status;

test("an executive sees the inbox read-only, cannot decide by button or key, and the API refuses (403)", async ({
  page,
}) => {
  const agent = await agentKey();
  const run = runId();
  const [first, second] = await submitPending(agent, run, 2);
  const decisionCalls: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/decision")) decisionCalls.push(r.url());
  });
  await signIn(page, "executive");
  await openInbox(page, run); // the live stream answers executives too
  await expect(page.getByTestId("read-only-badge")).toHaveText(READ_ONLY);
  await expect(page.getByTestId("inbox-row")).toHaveCount(2);
  await expect(row(page, first!)).toHaveAttribute("data-status", "pending");
  await row(page, first!).click();
  await expect(page.getByTestId("detail-params")).toContainText(run);
  // No way to decide: no Approve/Reject (single or bulk), no selection, no approvers' feed.
  await expect(page.getByRole("button", { name: /^(approve|reject)/i })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByTestId("notifications-button")).toHaveCount(0);
  await expect(page.getByTestId("bulk-bar")).toContainText("2 pending shown");
  await expect(page.getByTestId("bulk-bar")).not.toContainText("A approve");

  // A/R/X do nothing; J/K and ? still work.
  await page.getByTestId("detail-params").click(); // focus out of the search box
  await page.keyboard.press("a");
  await page.keyboard.press("x");
  await page.keyboard.press("r");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await page.keyboard.press("j");
  await expect(row(page, second!)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("k");
  await expect(row(page, first!)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("?");
  const help = page.getByRole("dialog");
  await expect(help).toContainText("Keyboard shortcuts");
  await expect(help).not.toContainText("approve");
  await page.keyboard.press("Escape");
  await expect(help).toHaveCount(0);
  await page.keyboard.press("a");
  await expect(row(page, first!)).toHaveAttribute("data-status", "pending");
  expect(decisionCalls).toEqual([]);
  expect(await statusOf(agent, first!)).toBe("pending");

  // The decision API refuses the role itself (from the executive's own same-origin session).
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/v1/actions/${first}/decision`, {
    data: { decision: "approve", reason: "executive override" },
    headers: { origin },
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: string }).error).toContain("role");
  expect(await statusOf(agent, first!)).toBe("pending");
  // The approvers' feed stays theirs.
  expect((await page.request.get("/api/v1/notifications")).status()).toBe(403);
  await agent.dispose();
});

test("an auditor also gets the read-only inbox and cannot decide (403)", async ({ page }) => {
  const agent = await agentKey();
  const run = runId();
  const [id] = await submitPending(agent, run, 1);
  await signIn(page, "auditor");
  await openInbox(page, run);
  await expect(page.getByTestId("read-only-badge")).toHaveText(READ_ONLY);
  await expect(row(page, id!)).toBeVisible();
  await expect(page.getByRole("button", { name: /^(approve|reject)/i })).toHaveCount(0);
  const res = await page.request.post(`/api/v1/actions/${id}/decision`, {
    data: { decision: "reject", reason: "auditor" },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(res.status()).toBe(403);
  await agent.dispose();
});

test("the executive overview links open approvals and violations in the inbox, not the audit trail", async ({
  page,
}) => {
  await signIn(page, "executive");
  await page.goto("/");
  await expect(page.getByTestId("kpi-openApprovals")).toHaveAttribute("href", /^\/approvals(\?|$)/);
  await expect(page.getByTestId("kpi-violations")).toHaveAttribute("href", /^\/approvals\?.*view=violations/);
  // The audit trail is admin/auditor only: no overview link sends an executive there.
  await expect(page.locator('a[href^="/audit"]')).toHaveCount(0);
  await page.getByTestId("kpi-violations").click();
  await expect(page.getByTestId("violations-view")).toBeVisible();
  await expect(page.getByTestId("not-allowed")).toHaveCount(0);
  await page.goto("/");
  await page.getByTestId("kpi-openApprovals").click();
  await expect(page.getByTestId("approval-inbox")).toBeVisible();
  await expect(page.getByTestId("read-only-badge")).toBeVisible();
});

test("bulk approve reports per-item results, skipping what someone else decided", async ({
  page,
  browser,
}) => {
  const agent = await agentKey();
  const run = runId();
  const ids = await submitPending(agent, run, 3);
  await signIn(page, "approver");
  await openInbox(page, run);
  await expect(page.getByTestId("inbox-row")).toHaveCount(3); // only this run's items
  await page.getByLabel("Select all pending").check();
  await expect(page.getByTestId("bulk-bar")).toContainText("3 selected");
  // Meanwhile another approver decides one of them.
  const other = await pwRequest.newContext({ baseURL });
  await signInRequest(other, "approver2");
  expect(
    (await other.post(`/api/v1/actions/${ids[0]}/decision`, { data: { decision: "approve" } })).status(),
  ).toBe(200);
  await page.getByRole("button", { name: "Approve selected" }).click();
  await expect(page.getByTestId("toast").last()).toContainText("2 approved, 1 already decided");
  for (const id of ids) await expect(row(page, id)).toHaveCount(0);
  await other.dispose();
  await agent.dispose();
  void browser;
});

test("an admin sees policy errors at their line, the diff and a dry run, then saves a new version", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto("/settings/policy");
  const editor = page.getByLabel("Policy YAML");
  await expect(page.getByTestId("policy-status")).toHaveText("valid");
  const text = await editor.inputValue();
  await editor.fill(text.replace("authority: notify_human", "authority: sometimes"));
  const line = text.split("\n").findIndex((l) => l.includes("authority: notify_human")) + 1;
  await expect(page.getByTestId("policy-errors")).toContainText(`line ${line}`);
  await expect(page.getByTestId("policy-errors")).toContainText("authority must be one of");
  await editor.fill(text.replace("gt: 10000", "gt: 9000"));
  await expect(page.getByTestId("policy-status")).toHaveText("valid");
  await expect(page.getByTestId("policy-diff")).toContainText("gt: 9000");
  await page.getByRole("button", { name: "Dry run on last 100 actions" }).click();
  await expect(page.getByTestId("policy-dry-run")).toContainText(
    "recent actions would be decided differently",
  );
  await page.getByLabel("Change note").fill("e2e: lower the two-approver threshold");
  await page.getByRole("button", { name: /^Save as v\d+/ }).click();
  await expect(page.getByTestId("policy-message")).toContainText(/Saved as version \d+/);
});
