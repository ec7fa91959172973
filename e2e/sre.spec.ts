import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { H200_RANGE, signIn } from "./helpers";

test("the SRE page tells the H200's story: 62 °C under 70 °C, power-cap throttling in the burn, latency by phase", async ({
  page,
}) => {
  await signIn(page, "sre");
  await page.goto(`/sre?${H200_RANGE}`);
  const temperature = page.getByTestId("panel-temperature");
  await expect(temperature.locator(".recharts-line-curve").first()).toBeVisible();
  await expect(temperature.getByTestId("peak-temperature")).toContainText("peak 62 °C");
  await expect(temperature.getByTestId("peak-temperature")).toContainText("8 °C below the 70 °C threshold");
  await expect(temperature).toContainText("threshold 70 °C");

  const power = page.getByTestId("panel-power");
  await expect(power.getByTestId("throttle-summary")).toContainText("peak 698.7 W");
  await expect(power.getByTestId("throttle-summary")).toContainText("power-cap throttling (clock event 0x4)");
  await expect(power.getByTestId("throttle-summary")).toContainText("longest 06:26:21–06:27:02 UTC");
  await expect(power).toContainText("power cap 700 W");

  await expect(page.getByTestId("stat-requests")).toContainText("84");
  await expect(page.getByTestId("latency-heatmap").locator("rect").first()).toBeAttached();
  await expect(page.getByTestId("stat-tpj")).not.toContainText("—");

  // The alert that really happened (power cap during the burn) is listed; no temperature alert.
  const alerts = page.getByTestId("alert-list");
  await expect(alerts.getByTestId("alert-row").filter({ hasText: "GPU power-cap throttling" })).toHaveCount(
    1,
  );
  await expect(alerts).toContainText("2026-11-26 06:26:2");
  await expect(alerts.getByTestId("alert-row").filter({ hasText: "temperature" })).toHaveCount(0);

  // Zoom to the heavy phase: its median latency reads as the trace's README says (8.0 s).
  await page.goto("/sre?from=2026-11-26T06:25:04.906Z&to=2026-11-26T06:26:21.600Z");
  await expect(page.getByTestId("stat-latency-p50")).toContainText(/[78]\.\d\d s/);
  await expect(page.getByTestId("stat-ttft-p50")).toContainText(/0\.(2[89]|30) s/);
});

test("the model picker lists the trace's model and keeps the choice in the URL", async ({ page }) => {
  await signIn(page, "sre");
  await page.goto(`/sre?${H200_RANGE}`);
  const picker = page.getByTestId("model-picker");
  await expect(picker.locator("option")).toHaveText(["all models (1)", "gpt2-arch-1.3b-random-bf16"]);
  await picker.selectOption("gpt2-arch-1.3b-random-bf16");
  await expect(page).toHaveURL(/model=gpt2-arch-1\.3b-random-bf16/);
  await expect(page.getByTestId("stat-requests")).toContainText("84");
  // A model with no requests in the range: the panels say so instead of drawing the others.
  await page.goto(`/sre?${H200_RANGE}&model=no-such-model`);
  await expect(page.getByTestId("panel-latency").getByTestId("panel-empty")).toBeVisible();
  await expect(page.getByTestId("model-picker")).toHaveValue("no-such-model");
});

test("charts are drawn in the page's HTML, then become interactive with exact values on hover", async ({
  page,
}) => {
  await signIn(page, "sre");
  // The server's HTML already draws each chart from the panel data: lines, axes, unit, limit line.
  const html = await (await page.request.get(`/sre?${H200_RANGE}`)).text();
  const start = html.indexOf('data-testid="chart-temperature"');
  const temperature = html.slice(start, html.indexOf("data-testid=", start + 1));
  expect(temperature).toMatch(/<path class="ts-line" data-line="s0" d="M[\d. ]+L/);
  expect(temperature).toMatch(/class="ts-unit"[^>]*>°C</);
  expect(temperature).toMatch(/class="ts-ytick"[^>]*>70</);
  expect(temperature).toMatch(/class="ts-ref-label"[^>]*>threshold 70 °C</);

  await page.goto(`/sre?${H200_RANGE}`);
  const chart = page.getByTestId("chart-temperature");
  await expect(chart.locator(".ts-line, .recharts-line-curve").first()).toBeVisible();
  // The pointer over a chart brings in the interactive chart (at once if it had not come yet).
  await chart.hover();
  await expect(chart.locator(".recharts-line-curve").first()).toBeVisible();
  await expect(chart.locator(".ts-line")).toHaveCount(0);
  await chart.hover({ position: { x: 300, y: 100 } });
  const tooltip = chart.locator(".chart-tooltip");
  await expect(tooltip).toContainText(/2026-11-26 06:2\d:\d\d\.\d{3} UTC/);
  await expect(tooltip).toContainText(/H200 core\s*\d+\.\d °C/);
});

test("a panel downloads its CSV with exact values", async ({ page }) => {
  await signIn(page, "sre");
  await page.goto(`/sre?${H200_RANGE}`);
  const power = page.getByTestId("panel-power");
  await expect(power.locator(".recharts-line-curve").first()).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    power.getByRole("button", { name: "CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^gpu-power.*\.csv$/);
  const text = fs.readFileSync((await download.path())!, "utf8");
  const lines = text.trim().split(/\r?\n/);
  expect(lines[0]).toBe("time_utc,time_ms,metric,gpu,host,model,uuid,value,unit");
  expect(text).toContain("gpu_power_watts,0,h200-demo,NVIDIA H200");
  expect(text).toContain("gpu_power_limit_watts");
  expect(text).toContain(",700,W");
  expect(text).toMatch(/,698\.66,W/);
});

test("an empty range says what is missing and jumps to the latest data; a GPU can be focused", async ({
  page,
}) => {
  await signIn(page, "sre");
  await page.goto("/sre?range=15m");
  const temperature = page.getByTestId("panel-temperature");
  await expect(temperature.getByTestId("panel-empty")).toContainText("nvidia-smi");
  await temperature.getByTestId("jump-to-latest").click();
  await expect(page).toHaveURL(/from=2026-11-26T06%3A1\d/);
  await expect(temperature.locator(".recharts-line-curve").first()).toBeVisible();
  await page.getByTestId("heat-strip-row").first().click();
  await expect(page).toHaveURL(/host=h200-demo&gpu=0/);
  await expect(temperature).toContainText("GPU h200-demo/0");
});

test("an admin changes the GPU temperature threshold and the SRE panels follow", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/settings/alerts");
  const input = page.getByLabel("GPU temperature threshold in °C");
  await expect(input).toHaveValue("70");
  await input.fill("60");
  await page.getByRole("button", { name: "Save threshold" }).click();
  await expect(page.getByTestId("settings-message").first()).toContainText("Saved: 60 °C");
  await expect(page.getByTestId("rule-gpu-temperature")).toContainText("above 60 °C");

  await page.goto(`/sre?${H200_RANGE}`);
  const temperature = page.getByTestId("panel-temperature");
  await expect(temperature).toContainText("threshold 60 °C");
  await expect(temperature.getByTestId("peak-temperature")).toContainText("above the 60 °C threshold");

  // Bad input is refused with the reason; then restore the default for other tests.
  await page.goto("/settings/alerts");
  await page.getByLabel("GPU temperature threshold in °C").fill("500");
  await page.getByRole("button", { name: "Save threshold" }).click();
  await expect(page.getByTestId("settings-message").first()).toContainText("gpuTemperatureThresholdCelsius");
  await page.getByLabel("GPU temperature threshold in °C").fill("70");
  await page.getByRole("button", { name: "Save threshold" }).click();
  await expect(page.getByTestId("settings-message").first()).toContainText("Saved: 70 °C");
});
