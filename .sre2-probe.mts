import { chromium } from "playwright-core";
const base = process.argv[2] ?? "http://127.0.0.1:3110";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
for (let i = 0; i < 3; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill("sre@demo.local");
  await page.getByLabel("Password").fill("factory-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("current-user").waitFor();
  const t0 = performance.now();
  const ev: string[] = [];
  page.on("request", (r) => { if (/api|sre\?/.test(r.url())) ev.push(`${(performance.now()-t0).toFixed(0)} req ${r.url().replace(base,"").slice(0,60)}`); });
  page.on("requestfinished", (r) => { if (/api|sre\?/.test(r.url())) ev.push(`${(performance.now()-t0).toFixed(0)} done ${r.url().replace(base,"").slice(0,60)}`); });
  page.on("console", (m) => { if (m.type() === "error" || m.type()==="warning") ev.push(`console ${m.type()}: ${m.text().slice(0,200)}`); });
  await page.goto(`${base}/sre?from=2026-11-26T06:22:00Z&to=2026-11-26T06:29:00Z`, { waitUntil: "commit" });
  ev.push(`${(performance.now()-t0).toFixed(0)} commit`);
  await page.waitForLoadState("domcontentloaded"); ev.push(`${(performance.now()-t0).toFixed(0)} DCL`);
  await page.locator("[data-testid=chart-temperature] .recharts-line-curve").first().waitFor();
  ev.push(`${(performance.now()-t0).toFixed(0)} CHART`);
  await page.waitForTimeout(1500);
  if (i > 0) console.log(ev.join("\n") + "\n---");
  await context.close();
}
await browser.close();
