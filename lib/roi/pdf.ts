import "server-only";

/**
 * Server-side PDF of the report page, printed by the installed Chromium through playwright-core.
 * The browser opens our own /report page with the caller's cookies, so it sees exactly what the
 * signed-in user sees (and nothing more). One print at a time: Chromium is heavy on 2 cores.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let queue: Promise<unknown> = Promise.resolve();

export async function renderReportPdf(opts: {
  baseUrl: string;
  search: string;
  cookie: string;
}): Promise<Uint8Array> {
  const run = queue.then(() => print(opts));
  queue = run.catch(() => {});
  return run;
}

async function print({ baseUrl, search, cookie }: { baseUrl: string; search: string; cookie: string }) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
    timeout: 30_000,
  });
  try {
    const context = await browser.newContext({ extraHTTPHeaders: cookie ? { cookie } : {} });
    const page = await context.newPage();
    const url = new URL(`/report${search}`, baseUrl);
    const res = await page.goto(url.toString(), { waitUntil: "networkidle", timeout: 30_000 });
    if (!res?.ok()) throw new Error(`report page answered ${res?.status() ?? "nothing"}`);
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      margin: { top: "14mm", bottom: "14mm", left: "12mm", right: "12mm" },
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
