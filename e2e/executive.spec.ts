import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers";

// The demo's actions are relative to the seed time and the H200 trace is fixed in time: a period
// from 15 days ago (or the trace, if earlier) to now covers both.
const TRACE_FROM = Date.UTC(2026, 10, 26, 6, 22, 0);
function period() {
  const now = Date.now();
  const from = new Date(Math.min(now - 15 * 86_400_000, TRACE_FROM - 3_600_000)).toISOString();
  const to = new Date(now + 60_000).toISOString();
  return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

async function expectNoDecisionButtons(page: Page) {
  await expect(page.getByRole("button", { name: /^(approve|reject)/i })).toHaveCount(0);
}

test("the executive sees the overview, opens an ROI breakdown and downloads the report", async ({ page }) => {
  await signIn(page, "executive");
  const q = period();

  // Overview: KPI cards with values and trends, ROI by horizon against the bands, what changed.
  await page.goto(`/?${q}`);
  await expect(page.getByTestId("kpis").locator(".kpi-card")).toHaveCount(8);
  await expect(page.getByTestId("kpi-roi").getByTestId("kpi-value")).toHaveText(/-?\d[\d,.]* %/);
  await expect(page.getByTestId("kpi-tokens").getByTestId("kpi-value")).not.toHaveText("not enough data");
  await expect(page.getByTestId("kpi-pue")).toContainText("simulated");
  for (const h of ["H1", "H2", "H3"]) await expect(page.getByTestId(`horizon-${h}`)).toContainText("%");
  await expect(page.getByTestId("horizon-H1")).toContainText("band 15–25 %");
  await expect(page.getByTestId("what-changed")).toBeVisible();
  await expect(page.getByTestId("data-sources")).toContainText("2026-11-26");
  await expectNoDecisionButtons(page);

  // The headline ROI is the API's figure (which the integration test recomputes from raw rows).
  const api = await page.request.get(`/api/v1/roi?${q}`);
  expect(api.ok()).toBe(true);
  const data = (await api.json()) as { result: { overall: { roiPct: { ok: boolean; value: number } } } };
  expect(data.result.overall.roiPct.ok).toBe(true);
  // Shown to one decimal without a trailing zero ("31 %", "30.5 %"), as formatFigure prints it.
  const shown = data.result.overall.roiPct.value.toLocaleString("en-US", { maximumFractionDigits: 1 });
  await expect(page.getByTestId("headline-roi")).toHaveText(`${shown} %`);

  // ROI page: per initiative; clicking an ROI shows its computation.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "ROI" }).click();
  await expect(page).toHaveURL(/\/roi\?/);
  const table = page.getByTestId("initiatives-table");
  await expect(table.locator("tbody tr")).toHaveCount(4);
  const explain = page.getByTestId("roi-explain-Invoice reconciliation & payment");
  await explain.locator("summary").click();
  await expect(explain.locator("pre")).toContainText("succeeded actions × 9 min × $50/h");
  await expect(explain.locator("pre")).toContainText("ROI");
  await expect(page.getByTestId("bench-throughput")).toContainText("10,000–50,000 tokens/s");
  await expect(page.getByTestId("bench-uptime")).toContainText("99.95–99.99");
  await expect(page.getByTestId("split-table")).toContainText("40–50 %");
  await expectNoDecisionButtons(page);

  // Report: print-ready page and a real PDF download.
  await page.getByTestId("open-report").click();
  await expect(page.getByTestId("report")).toBeVisible();
  await expect(page.getByTestId("report-period")).toContainText("Period");
  await expect(page.getByTestId("report")).toContainText(/Simulated figures in this report: .*PUE/);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("download-pdf").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^ai-factory-report-.*\.pdf$/);
  const file = await download.path();
  const bytes = fs.readFileSync(file!);
  expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  expect(bytes.length).toBeGreaterThan(10_000);
});

test("an executive records an initiative; an SRE may not open ROI or write initiatives", async ({
  page,
  browser,
}) => {
  await signIn(page, "executive");
  await page.goto(`/roi?${period()}`);
  await page.getByRole("button", { name: "Record an initiative" }).click();
  const form = page.getByRole("form", { name: "New initiative" });
  await form.getByLabel("Name").fill("Playwright pilot");
  await form.getByLabel("Owner").fill("QA");
  await form.getByLabel("Started").fill("2026-11-01");
  await form.getByLabel("Agents (comma-separated)").fill("invoice-bot");
  await form.getByLabel("Minutes of work per action (pre-AI)").fill("3");
  await form.getByLabel("Loaded hourly cost ($/h)").fill("40");
  await form.getByRole("button", { name: "Record initiative" }).click();
  await expect(page.getByTestId("initiative-row-Playwright pilot")).toBeVisible();

  // A plan whose split does not add up to 100 % is refused with the field, and nothing is saved.
  const origin = new URL(page.url()).origin;
  const before = await (await page.request.get("/api/v1/roi/cost-plan")).json();
  const bad = await page.request.put("/api/v1/roi/cost-plan", {
    data: { ...before.plan, splitPct: { hardware: 60, software: 30, integration: 20, training: 10 } },
    headers: { origin },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).field).toBe("body.splitPct");
  expect((await (await page.request.get("/api/v1/roi/cost-plan")).json()).plan.version).toBe(
    before.plan.version,
  );

  const sre = await browser.newPage();
  await signIn(sre, "sre");
  await sre.goto("/roi");
  await expect(sre.getByTestId("not-allowed")).toBeVisible();
  const res = await sre.request.post("/api/v1/initiatives", {
    data: { name: "x" },
    headers: { origin: new URL(sre.url()).origin },
  });
  expect(res.status()).toBe(403);
  await sre.close();
});
