/**
 * `npm run bench:query [-- --points 10000000] [--gpus 64] [--runs 20] [--keep] [--reuse NAME] [--page URL] [--page-runs 20]`
 *
 * Against the real PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
 * creates its own database, loads `points` points through the product's writer (64 GPUs × 8
 * metrics at 15 s, plus per-model latency/TTFT histograms and token counters at 60 s, ending
 * now), refreshes the rollups, then times each SRE panel's WHOLE query (every series it draws,
 * exactly what GET /api/v1/panels/sre/:panel runs: lib/sre/panels.ts) for the last 24 h and the
 * last 30 days, `runs` times after one warm-up. Prints p50/p95/max per panel and range.
 *
 * `--page URL` also times the SRE page's first load in Chromium against a running production
 * server (sign in as the SRE demo user, open /sre on the demo trace's window, `--page-runs`
 * cold loads, default 20): "drawn" is the first painted frame with a data line of the GPU
 * temperature chart — the server-rendered SVG drawing of the panel's data, or the recharts line
 * that replaces it — and "interactive" the first frame with the recharts line (tooltips work).
 * The table also shows when the HTML (which carries the panels' data) and DOMContentLoaded were
 * done. All in ms from navigation start (see DRAWN_PROBE).
 * `--page-only` skips the database part. `--keep` keeps the database (prints its name); `--reuse NAME` skips loading and reuses one.
 */
import { parseArgs } from "node:util";
import postgres from "postgres";
import { chooseStepMs } from "@/components/shell/time-range";
import { closeDb, getDbHandle } from "@/lib/db/client";
import { PointBatch } from "@/lib/telemetry/batch";
import { drainRollups, vacuumRollups } from "@/lib/telemetry/rollups";
import { writeBatch } from "@/lib/telemetry/writer";
import { printTable } from "./table";

const { values } = parseArgs({
  options: {
    points: { type: "string", default: "10000000" },
    gpus: { type: "string", default: "64" },
    runs: { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
    page: { type: "string" },
    "page-only": { type: "boolean", default: false },
    "page-runs": { type: "string", default: "20" },
  },
});
const POINTS = Number(values.points);
const GPUS = Number(values.gpus);
const RUNS = Number(values.runs);
const PAGE_RUNS = Number(values["page-runs"]);
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = values.reuse ?? `sre_query_bench_${Date.now().toString(36)}`;

const GPU_STEP = 15_000;
const INF_STEP = 60_000;
const MODELS = ["llama-70b", "mixtral-8x7b", "qwen-32b", "gpt2-1.3b"];
const BOUNDS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 60];
const HOSTS = Math.max(1, Math.ceil(GPUS / 8));

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
}

/** Deterministic noise so reruns load the same data. */
function noise(a: number, b: number): number {
  const x = Math.sin(a * 12.9898 + b * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

async function load(endMs: number): Promise<{ points: number; days: number }> {
  const h = await getDbHandle();
  const gpuSeries = GPUS * 8;
  const infSeriesPerMinute = MODELS.length * (2 * (BOUNDS.length + 1) + 3);
  const perDay = gpuSeries * (86_400_000 / GPU_STEP) + infSeriesPerMinute * (86_400_000 / INF_STEP);
  const days = POINTS / perDay;
  const startMs = endMs - Math.round((days * 86_400_000) / GPU_STEP) * GPU_STEP;
  const gpus = Array.from({ length: GPUS }, (_, i) => ({
    host: `node-${String(Math.floor(i / 8)).padStart(2, "0")}`,
    gpu: String(i % 8),
    uuid: `GPU-bench-${i}`,
    model: "NVIDIA H200",
  }));
  const energy = new Float64Array(GPUS);
  const tokens = new Float64Array(MODELS.length);
  const requests = new Float64Array(MODELS.length);
  let written = 0;
  let batch = new PointBatch();
  const flush = async () => {
    if (!batch.size) return;
    await writeBatch(batch, h);
    written += batch.size;
    batch = new PointBatch();
  };
  const t0 = performance.now();
  let lastLog = t0;
  for (let t = startMs; t < endMs; t += GPU_STEP) {
    const hourPhase = ((t / 3_600_000) % 24) / 24;
    for (let i = 0; i < GPUS; i++) {
      const g = gpus[i]!;
      const load = Math.max(
        0,
        Math.min(1, 0.5 + 0.4 * Math.sin(2 * Math.PI * hourPhase + i) + 0.2 * (noise(t, i) - 0.5)),
      );
      const power = 80 + 620 * load;
      energy[i]! += (power * GPU_STEP) / 1000;
      batch.add("gpu_temperature_celsius", g, "gauge", null, t, 32 + 35 * load + i * 0.05);
      batch.add("gpu_memory_temperature_celsius", g, "gauge", null, t, 30 + 30 * load);
      batch.add("gpu_power_watts", g, "gauge", null, t, power);
      batch.add("gpu_power_limit_watts", g, "gauge", null, t, 700);
      batch.add("gpu_utilization_ratio", g, "gauge", null, t, load);
      batch.add("gpu_sm_clock_hertz", g, "gauge", null, t, load > 0.95 ? 1.5e9 : 1.98e9);
      batch.add("gpu_clock_event_reasons", g, "bitmask", null, t, load > 0.95 ? 4 : load < 0.05 ? 1 : 0);
      batch.add("gpu_energy_joules_total", g, "counter", "cumulative", t, energy[i]!);
    }
    if (t % INF_STEP === 0) {
      MODELS.forEach((model, m) => {
        const base = { host: `node-${String(m % HOSTS).padStart(2, "0")}`, model };
        const n = 20 + Math.round(40 * noise(t, m));
        requests[m]! += n;
        tokens[m]! += n * 300;
        for (const [metric, scale] of [
          ["inference_request_duration_seconds", 2],
          ["inference_time_to_first_token_seconds", 0.1],
        ] as const) {
          let cumulative = 0;
          for (const b of [...BOUNDS, Number.POSITIVE_INFINITY]) {
            // share of requests at or below b for a log-normal-ish latency around `scale`
            const share = b === Number.POSITIVE_INFINITY ? 1 : 1 / (1 + Math.exp(-2.5 * Math.log(b / scale)));
            cumulative = Math.max(cumulative, Math.round(n * share));
            batch.add(
              `${metric}_bucket`,
              { ...base, le: b === Number.POSITIVE_INFINITY ? "+Inf" : String(b) },
              "histogram",
              "delta",
              t,
              cumulative,
            );
          }
        }
        batch.add("inference_request_duration_seconds_count", base, "histogram", "delta", t, n);
        batch.add(
          "inference_tokens_total",
          { ...base, type: "output" },
          "counter",
          "cumulative",
          t,
          tokens[m]!,
        );
        batch.add("inference_requests_total", base, "counter", "cumulative", t, requests[m]!);
      });
    }
    if (batch.size >= 50_000) await flush();
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      const rate = written / ((lastLog - t0) / 1000);
      console.log(`  loaded ${(written / 1e6).toFixed(2)} M points (${Math.round(rate / 1000)} k/s)`);
    }
  }
  await flush();
  console.log(
    `  ${written} points in ${((performance.now() - t0) / 1000).toFixed(0)} s; refreshing rollups…`,
  );
  const r0 = performance.now();
  await drainRollups(h);
  console.log(`  rollups in ${((performance.now() - r0) / 1000).toFixed(0)} s`);
  return { points: written, days };
}

async function main() {
  if (values["page-only"]) {
    if (!values.page) throw new Error("--page-only needs --page URL");
    return pageLoad(values.page);
  }
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  if (!values.reuse) await admin.unsafe(`create database ${dbName}`);
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  process.env.DATABASE_URL = u.toString();
  const { efficiencyPanel, fleetPanel, gpuPanel, inferencePanel } = await import("@/lib/sre/panels");
  try {
    const h = await getDbHandle();
    let endMs: number;
    if (values.reuse) {
      const [row] = await h.pg!.unsafe<{ t: string }[]>("select max(ts) as t from telemetry_points");
      endMs = Number(row!.t) + GPU_STEP;
      console.log(`reusing ${dbName} (data up to ${new Date(endMs).toISOString()})`);
    } else {
      endMs = Date.now() - (Date.now() % 60_000);
      console.log(`loading ~${POINTS} points for ${GPUS} GPUs into ${dbName}…`);
      const l = await load(endMs);
      console.log(`loaded ${l.points} points (${l.days.toFixed(2)} days)`);
    }
    // Steady state: the rollup job keeps the visibility map current (index-only rollup reads).
    const v0 = performance.now();
    await vacuumRollups(h);
    console.log(`  rollups vacuumed in ${((performance.now() - v0) / 1000).toFixed(1)} s`);
    const [{ n }] = (await h.pg!.unsafe("select count(*)::bigint as n from telemetry_points")) as unknown as [
      { n: string },
    ];
    const panels = {
      "inference (p50/p95/p99, TTFT, heatmap, rates, range summary)": (r: Range) => inferencePanel(r),
      "efficiency (tokens/J: tokens, power, energy)": (r: Range) => efficiencyPanel(r),
      "gpus (top 4: temp, mem temp, power, cap, util, clock, clock events)": (r: Range) =>
        gpuPanel(r, { topN: 4 }),
      [`fleet (heat strip of all ${GPUS} GPUs)`]: (r: Range) => fleetPanel(r),
    };
    type Range = { fromMs: number; toMs: number; stepMs: number };
    // 1h is the default preset and the longest the UI reads from raw points (15 s steps).
    const ranges: [string, Range][] = [
      ["1h", { fromMs: endMs - 3_600_000, toMs: endMs, stepMs: chooseStepMs(3_600_000) }],
      ["24h", { fromMs: endMs - 86_400_000, toMs: endMs, stepMs: chooseStepMs(86_400_000) }],
      ["30d", { fromMs: endMs - 30 * 86_400_000, toMs: endMs, stepMs: chooseStepMs(30 * 86_400_000) }],
    ];
    const table: string[][] = [];
    for (const [rangeName, range] of ranges) {
      for (const [name, fn] of Object.entries(panels)) {
        await fn(range); // warm-up (plans, caches)
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          await fn(range);
          times.push(performance.now() - t0);
        }
        const target = rangeName === "30d" ? 150 : 50;
        const p95 = percentile(times, 0.95);
        table.push([
          rangeName,
          name,
          `${range.stepMs / 1000} s`,
          percentile(times, 0.5).toFixed(1),
          p95.toFixed(1),
          Math.max(...times).toFixed(1),
          `< ${target}`,
          p95 < target ? "ok" : "MISSED",
        ]);
      }
    }
    console.log(
      `\nSRE panel queries on PostgreSQL, ${Number(n).toLocaleString("en-US")} points, ${GPUS} GPUs, ${RUNS} runs each (ms):`,
    );
    printTable(["range", "panel (all its series)", "step", "p50", "p95", "max", "target p95", ""], table);
    if (values.page) await pageLoad(values.page);
  } finally {
    await closeDb();
    if (!values.keep && !values.reuse) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    else console.log(`kept database ${dbName}`);
    await admin.end();
  }
}

/**
 * Marks, in the page's own clock (ms since navigation start), the first animation frame in which
 * the temperature chart has a drawn data line: the server-rendered SVG path (`.ts-line` with
 * points) or recharts' `.recharts-line-curve` — "drawn" — and the first frame with the recharts
 * line — "interactive" (tooltips work). A frame's rAF runs just before it is painted, so what it
 * finds is on screen in that frame. A string, so the bundler adds no helpers the page lacks.
 */
const DRAWN_PROBE = `(() => {
  const chart = "[data-testid=chart-temperature]";
  const marks = (window.__afcDrawn = {});
  const frame = () => {
    const c = document.querySelector(chart);
    if (c && marks.drawn === undefined && c.querySelector(".ts-line[d^=M], .recharts-line-curve"))
      marks.drawn = performance.now();
    if (c && c.querySelector(".recharts-line-curve")) marks.interactive = performance.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

/** First load of /sre in Chromium against a running production server, to the first drawn line. */
async function pageLoad(base: string) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  const runs = {
    drawn: [] as number[],
    interactive: [] as number[],
    html: [] as number[],
    dcl: [] as number[],
  };
  try {
    for (let i = 0; i <= PAGE_RUNS; i++) {
      const context = await browser.newContext();
      await context.addInitScript(DRAWN_PROBE);
      const page = await context.newPage();
      await page.goto(`${base}/signin`);
      await page.getByLabel("Email").fill("sre@demo.local");
      await page.getByLabel("Password").fill(process.env.DEMO_PASSWORD ?? "factory-demo");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("current-user").waitFor();
      await page.goto(`${base}/sre?from=2026-11-26T06:22:00Z&to=2026-11-26T06:29:00Z`);
      await page.waitForFunction(
        () => (window as { __afcDrawn?: { interactive?: number } }).__afcDrawn?.interactive !== undefined,
        undefined,
        { timeout: 30_000 },
      );
      // Where the time went: the server's HTML (panel data included) vs the browser's JS and hydration.
      const m = await page.evaluate(() => {
        const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const d = (window as { __afcDrawn?: { drawn: number; interactive: number } }).__afcDrawn!;
        return { html: n.responseEnd, dcl: n.domContentLoadedEventEnd, ...d };
      });
      if (i > 0) {
        // first run warms the server
        runs.drawn.push(m.drawn);
        runs.interactive.push(m.interactive);
        runs.html.push(m.html);
        runs.dcl.push(m.dcl);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  console.log(
    `\nSRE page first load to a drawn chart (${base}, ${PAGE_RUNS} runs, cold browser context each, ms from navigation start):`,
  );
  const p = (xs: number[], q: number) => percentile(xs, q).toFixed(0);
  printTable(
    [
      "HTML done p50",
      "DOMContentLoaded p50",
      "drawn p50",
      "drawn p95",
      "drawn max",
      "interactive p50",
      "interactive p95",
      "target",
      "",
    ],
    [
      [
        p(runs.html, 0.5),
        p(runs.dcl, 0.5),
        p(runs.drawn, 0.5),
        p(runs.drawn, 0.95),
        Math.max(...runs.drawn).toFixed(0),
        p(runs.interactive, 0.5),
        p(runs.interactive, 0.95),
        "drawn p95 < 1000",
        percentile(runs.drawn, 0.95) < 1000 ? "ok" : "MISSED",
      ],
    ],
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
