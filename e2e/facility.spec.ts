import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { H200_RANGE, signIn } from "./helpers";

const FACILITY_H200 = `/facility?${H200_RANGE}`;

test("the Facility page shows the period's PUE as an energy ratio, labelled simulated, with its metering category", async ({
  page,
}) => {
  await signIn(page, "sre");
  await page.goto(FACILITY_H200);
  await expect(page.getByTestId("simulated-badge")).toBeVisible();
  const value = page.getByTestId("pue-value");
  await expect(value).toHaveText(/^1\.\d{3}$/);
  // The figure on the page is the one the API computes for the same period.
  const api = await page.request.get(
    "/api/v1/facility/summary?from=2026-11-26T06:22:00Z&to=2026-11-26T06:29:00Z",
  );
  expect(api.ok()).toBe(true);
  const summary = (await api.json()) as { pue: { pue: number; method: string; category: number } };
  expect(summary.pue).toMatchObject({ method: "power-integral", category: 3 });
  await expect(value).toHaveText(summary.pue.pue.toFixed(3));
  await expect(page.getByTestId("pue-category")).toContainText("Category 3");
  await expect(page.getByTestId("pue-vs-target")).toContainText("target 1.1");
  // The instantaneous ratio is drawn, and says it is a diagnostic.
  await expect(page.getByTestId("facility-ratio-panel")).toContainText("diagnostic, not PUE");
  await expect(page.getByTestId("facility-ratio-panel").locator(".recharts-line")).toHaveCount(1);
  // Cooling loops with ΔT, flows, heat recovery and water.
  await expect(page.getByTestId("delta-t-immersion")).toContainText(/ΔT \d+\.\d K/);
  await expect(page.getByTestId("delta-t-direct_to_chip")).toContainText(/ΔT \d+\.\d K/);
  await expect(page.getByTestId("ere-kpi")).toContainText(/reused/);
  await expect(page.getByTestId("wue-kpi")).toContainText("L/kWh");
});

test("N+1 shows the direct-to-chip loss during the burn, and a panel downloads its CSV", async ({ page }) => {
  await signIn(page, "sre");
  await page.goto(FACILITY_H200);
  const n1 = page.getByTestId("facility-n1-panel");
  await expect(n1.getByTestId("n1-loop-direct_to_chip")).toBeVisible();
  await expect(page.getByTestId("n1-kpi")).toContainText("1 loss span(s)");
  // At the end of the trace the load is light again: N+1 holds on both loops.
  await expect(page.getByTestId("n1-worst")).toHaveText("N+1 held");

  const power = page.getByTestId("facility-power-panel");
  await expect(power.locator(".recharts-line")).toHaveCount(3);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    power.getByRole("button", { name: "CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^facility-it-and-cooling-power-20261126T062200Z\.csv$/);
  const text = fs.readFileSync((await download.path())!, "utf8");
  const lines = text.trim().split(/\r\n/);
  expect(lines[0]).toContain("time_utc,time_ms,metric");
  expect(lines.some((l) => l.includes("facility_power_watts") && l.includes("simulator"))).toBe(true);
  expect(lines.some((l) => l.includes("it_power_watts") && l.includes("it_input"))).toBe(true);
});

test("an empty period says what is missing and jumps to the latest data", async ({ page }) => {
  await signIn(page, "executive");
  await page.goto("/facility?from=2026-11-20T00:00:00Z&to=2026-11-20T01:00:00Z");
  await expect(page.getByTestId("pue-kpi")).toContainText("no facility or IT power in this period");
  const empty = page.getByTestId("facility-power-panel").getByTestId("panel-empty");
  await expect(empty).toContainText("npm run bridge:mqtt");
  await empty.getByTestId("jump-to-latest").click();
  await expect(page).toHaveURL(/from=2026-11-26T06/);
  await expect(page.getByTestId("pue-value")).toHaveText(/^1\.\d{3}$/);
});

test("roles without the facility page are refused", async ({ page }) => {
  await signIn(page, "approver");
  await page.goto(FACILITY_H200);
  await expect(page.getByTestId("not-allowed")).toBeVisible();
  const api = await page.request.get(
    "/api/v1/facility/summary?from=2026-11-26T06:22:00Z&to=2026-11-26T06:29:00Z",
  );
  expect(api.status()).toBe(403);
});
