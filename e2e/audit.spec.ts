import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { available, commandWorks } from "../test/requirements";
import { signIn, signInRequest } from "./helpers";

const hasPython = available(commandWorks("python3", ["--version"]), "python3 (the outside verifier)");

test("auditor verifies the trail, explains an action in five answers and replays it", async ({ page }) => {
  await signIn(page, "auditor");
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit trail" })).toBeVisible();
  await expect(page.getByTestId("public-key")).toContainText("BEGIN PUBLIC KEY");
  await expect(page.getByTestId("audit-events").locator("tbody tr").first()).toBeVisible();

  await page.getByTestId("verify-button").click();
  await expect(page.getByTestId("verify-result")).toContainText(/^OK/);

  // Filter the timeline to human approvals and open one action's page.
  await page.getByLabel("Type").selectOption("action.approved");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/type=action.approved/);
  const rows = page.getByTestId("audit-events").locator("tbody tr");
  await expect(rows.first()).toContainText("action.approved");
  await rows.first().getByRole("link").first().click();

  await expect(page.getByTestId("five-answers")).toBeVisible();
  for (const q of [
    "What happened?",
    "Why was it allowed?",
    "What data influenced it?",
    "Did it succeed?",
    "How can it be replayed and audited?",
  ])
    await expect(page.getByRole("heading", { name: q })).toBeVisible();
  await expect(page.getByTestId("answer-why")).toContainText("Policy version");
  await expect(page.getByTestId("answer-why")).toContainText("approved");

  await page.getByTestId("replay-button").click();
  await expect(page.getByTestId("replay-verdict")).toContainText("Same decision");
  await expect(page.getByTestId("current-summary")).toBeVisible();
});

test("an export downloaded from the app verifies outside it with the downloaded public key", async ({
  request,
}) => {
  await signInRequest(request, "auditor");
  const exported = await request.get("/api/v1/audit/export");
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-type"]).toContain("application/x-ndjson");
  const key = await request.get("/api/v1/audit/public-key");
  expect(key.status()).toBe(200);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "afc-e2e-audit-"));
  fs.writeFileSync(path.join(dir, "export.jsonl"), await exported.body());
  fs.writeFileSync(path.join(dir, "key.pem"), await key.body());
  if (!hasPython) {
    fs.rmSync(dir, { recursive: true, force: true });
    return; // the downloads above are still checked; the verdict needs python3
  }
  const out = execFileSync(
    "python3",
    ["tools/verify-audit.py", path.join(dir, "export.jsonl"), "--public-key", path.join(dir, "key.pem")],
    { encoding: "utf8" },
  );
  expect(out).toMatch(/^OK: \d+ events/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("only admins and auditors see the trail", async ({ page, request }) => {
  await signIn(page, "executive");
  await page.goto("/audit");
  await expect(page.getByTestId("not-allowed")).toBeVisible();
  const res = await page.request.get("/api/v1/audit");
  expect(res.status()).toBe(403);
  await signInRequest(request, "admin");
  expect((await request.get("/api/v1/audit?type=action.&limit=5")).status()).toBe(200);
  expect((await request.get("/api/v1/audit?type=DROP TABLE")).status()).toBe(400);
});

// "Edit a row in psql as superuser and the verify button names that row": needs the app on
// PostgreSQL (E2E with DATABASE_URL); the embedded database cannot be reached from outside.
test("a row edited by a superuser is named by the Verify button", async ({ page }) => {
  test.skip(!process.env.DATABASE_URL, "needs DATABASE_URL (PostgreSQL)");
  const { default: postgres } = await import("postgres");
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select seq from audit_events where type = 'action.approved' order by seq limit 1`;
    const seq = Number(row!.seq);
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_events set payload = jsonb_set(payload, '{reason}', '"edited in psql"') where seq = ${seq}`;
    });
    await signIn(page, "auditor");
    await page.goto("/audit");
    await page.getByTestId("verify-button").click();
    await expect(page.getByTestId("verify-result")).toContainText(`Tampered at seq ${seq}`);
    await expect(page.getByTestId("verify-result")).toContainText("content changed");
  } finally {
    await sql.end();
  }
});
