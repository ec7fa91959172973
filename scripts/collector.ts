/**
 * Telemetry collector CLI.
 *
 *   npm run collector -- nvidia-smi --url http://127.0.0.1:3000 --key afc_… [--interval 1s]
 *        [--nvidia-smi PATH] [--host NAME] [--tz ZONE] [--batch 5s]
 *     Runs `nvidia-smi --query-gpu=… --format=csv -lms N` and pushes its rows to
 *     /api/v1/ingest/nvidia-smi. While the console is unreachable rows are buffered and retried
 *     with back-off (nothing lost); the server ignores points it already has (nothing doubled).
 *     If nvidia-smi exits it is restarted. SIGINT/SIGTERM flush what is buffered (up to 10 s).
 *
 *   npm run collector -- replay FILE --url … --key … [--speed 10] [--host NAME] [--tz UTC]
 *     Replays an nvidia-smi CSV (→ /api/v1/ingest/nvidia-smi) or an inference requests.jsonl
 *     (→ latency/TTFT histograms and token counters through /api/v1/ingest) at N× the recorded
 *     pace (--speed 0 = as fast as possible), with a progress bar and a summary.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { Sender } from "@/lib/telemetry/collector/sender";
import { parseRequestsJsonl, requestsToItems } from "@/lib/telemetry/requests-jsonl";

export const NVIDIA_SMI_FIELDS = [
  "timestamp",
  "index",
  "uuid",
  "name",
  "pci.bus_id",
  "pstate",
  "temperature.gpu",
  "temperature.memory",
  "power.draw",
  "enforced.power.limit",
  "utilization.gpu",
  "utilization.memory",
  "memory.used",
  "memory.total",
  "clocks.sm",
  "clocks.mem",
  "clocks.max.sm",
  "fan.speed",
  "clocks_event_reasons.active",
];

function durationMs(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(s.trim());
  if (!m) throw new Error(`not a duration: ${s} (e.g. 250ms, 1s)`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] ?? "s"]!;
}

const say = (msg: string) => process.stderr.write(`collector: ${msg}\n`);

async function main(argv: string[]): Promise<number> {
  const [mode, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      key: { type: "string" },
      interval: { type: "string", default: "1s" },
      batch: { type: "string", default: "5s" },
      "nvidia-smi": { type: "string", default: "nvidia-smi" },
      host: { type: "string" },
      tz: { type: "string" },
      speed: { type: "string", default: "1" },
    },
  });
  if (mode !== "nvidia-smi" && mode !== "replay") {
    say(
      "usage: collector nvidia-smi --url URL --key KEY [--interval 1s] | collector replay FILE --url URL --key KEY [--speed 10]",
    );
    return 2;
  }
  const url = values.url ?? process.env.AFC_URL;
  const key = values.key ?? process.env.AFC_KEY;
  if (!url || !key) {
    say("--url and --key (an API key with scope ingest) are required (or AFC_URL / AFC_KEY)");
    return 2;
  }
  const sender = new Sender({ url, key, log: say });
  const tz = values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
  if (mode === "nvidia-smi") {
    const host = values.host ?? os.hostname();
    return runLive(sender, {
      bin: values["nvidia-smi"]!,
      intervalMs: durationMs(values.interval!),
      batchMs: durationMs(values.batch!),
      host,
      tz,
    });
  }
  const file = positionals[0];
  if (!file) {
    say("replay needs a FILE (nvidia-smi CSV or requests.jsonl)");
    return 2;
  }
  const speed = Number(values.speed);
  if (!Number.isFinite(speed) || speed < 0) {
    say("--speed must be ≥ 0 (0 = as fast as possible)");
    return 2;
  }
  return runReplay(sender, { file, speed, host: values.host ?? "h200-demo", tz: values.tz ?? "UTC" });
}

// ---------------------------------------------------------------- live nvidia-smi

async function runLive(
  sender: Sender,
  o: { bin: string; intervalMs: number; batchMs: number; host: string; tz: string },
): Promise<number> {
  const path = `/api/v1/ingest/nvidia-smi?host=${encodeURIComponent(o.host)}&tz=${encodeURIComponent(o.tz)}`;
  let header: string | null = null;
  let rows: string[] = [];
  let child: ChildProcess | null = null;
  let stopping = false;
  let restartDelay = 1000;

  const flush = () => {
    if (!header || !rows.length) return;
    sender.enqueue({
      path,
      body: `${header}\n${rows.join("\n")}\n`,
      contentType: "text/csv",
      points: rows.length,
    });
    rows = [];
  };
  const start = () => {
    const args = [
      `--query-gpu=${NVIDIA_SMI_FIELDS.join(",")}`,
      "--format=csv",
      "-lms",
      String(Math.round(o.intervalMs)),
    ];
    say(`running ${o.bin} ${args.join(" ")}`);
    const c = spawn(o.bin, args, { stdio: ["ignore", "pipe", "inherit"] });
    child = c;
    header = null;
    let partial = "";
    c.stdout!.setEncoding("utf8");
    c.stdout!.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const raw of lines) {
        const line = raw.replace(/\r$/, "");
        if (!line.trim()) continue;
        if (line.startsWith("timestamp") || /^[a-z_.]+( \[.*\])?(, |$)/.test(line)) {
          if (header && header !== line) flush(); // new column set: never mix headers
          header = line;
        } else rows.push(line);
      }
    });
    c.on("error", (err) => say(`cannot run ${o.bin}: ${err.message}`));
    c.on("close", (code) => {
      flush();
      if (stopping) return;
      say(`${o.bin} exited (${code}); restarting in ${restartDelay / 1000} s`);
      setTimeout(() => !stopping && start(), restartDelay);
      restartDelay = Math.min(60_000, restartDelay * 2);
    });
  };
  start();
  const timer = setInterval(() => {
    flush();
    restartDelay = 1000;
  }, o.batchMs);
  await new Promise<void>((resolve) => {
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => resolve());
  });
  stopping = true;
  clearInterval(timer);
  (child as ChildProcess | null)?.kill("SIGTERM");
  flush();
  const drained = await sender.drain(10_000);
  sender.stop();
  say(summary(sender) + (drained ? "" : ` — ${sender.pending} batches NOT delivered (server unreachable)`));
  return drained ? 0 : 1;
}

// ---------------------------------------------------------------- replay

type Chunk = { atMs: number; item: { path: string; body: string; contentType: string; points: number } };

function replayChunks(file: string, host: string, tz: string): Chunk[] {
  const text = fs.readFileSync(file, "utf8");
  const chunks: Chunk[] = [];
  if (file.endsWith(".jsonl") || text.trimStart().startsWith("{")) {
    const items = requestsToItems(parseRequestsJsonl(text), host).sort((a, b) => Number(a.ts) - Number(b.ts));
    // One request per distinct end time, sent when the trace reaches it.
    let i = 0;
    while (i < items.length) {
      const at = Number(items[i]!.ts);
      const group = [];
      while (i < items.length && Number(items[i]!.ts) === at) group.push(items[i++]!);
      chunks.push({
        atMs: at,
        item: {
          path: "/api/v1/ingest",
          body: JSON.stringify({ points: group }),
          contentType: "application/json",
          points: group.length,
        },
      });
    }
    return chunks;
  }
  const lines = text.split("\n").filter((l) => l.trim());
  const header = lines.shift();
  if (!header) throw new Error(`${file} is empty`);
  const path = `/api/v1/ingest/nvidia-smi?host=${encodeURIComponent(host)}&tz=${encodeURIComponent(tz)}`;
  const tsOf = (line: string) => {
    const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(line);
    return m
      ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Number(`0.${m[7] ?? 0}`) * 1000)
      : 0;
  };
  // Rows grouped per second of trace time (at most 500 per request).
  for (let i = 0; i < lines.length; ) {
    const t0 = tsOf(lines[i]!);
    const group: string[] = [];
    while (i < lines.length && group.length < 500 && tsOf(lines[i]!) - t0 < 1000) group.push(lines[i++]!);
    chunks.push({
      atMs: t0,
      item: { path, body: `${header}\n${group.join("\n")}\n`, contentType: "text/csv", points: group.length },
    });
  }
  return chunks;
}

async function runReplay(
  sender: Sender,
  o: { file: string; speed: number; host: string; tz: string },
): Promise<number> {
  const chunks = replayChunks(o.file, o.host, o.tz);
  const total = chunks.reduce((a, c) => a + c.item.points, 0);
  const t0 = chunks[0]?.atMs ?? 0;
  const wall0 = Date.now();
  let queued = 0;
  const tty = process.stderr.isTTY;
  const bar = (final = false) => {
    const done = sender.stats.sentPoints;
    const pct = total ? done / total : 1;
    const width = 30;
    const line = `[${"#".repeat(Math.round(pct * width)).padEnd(width)}] ${(pct * 100).toFixed(0).padStart(3)}% ${done}/${total} rows · ${sender.pending} queued · ${sender.stats.retries} retries`;
    if (tty) process.stderr.write(`\r${line}${final ? "\n" : ""}`);
    else if (final) process.stderr.write(`${line}\n`);
  };
  const ticker = setInterval(bar, 200);
  say(
    `replaying ${o.file}: ${total} ${o.file.endsWith(".jsonl") ? "items" : "rows"} in ${chunks.length} requests at ${o.speed || "max"}×`,
  );
  for (const c of chunks) {
    if (o.speed > 0) {
      const due = wall0 + (c.atMs - t0) / o.speed;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    sender.enqueue(c.item);
    queued += c.item.points;
    // Keep memory bounded when the server is slower than the replay.
    while (sender.pending > 50) await new Promise((r) => setTimeout(r, 20));
  }
  await sender.drain();
  clearInterval(ticker);
  bar(true);
  say(`${summary(sender)} in ${((Date.now() - wall0) / 1000).toFixed(1)} s (${queued} queued)`);
  return sender.stats.failed ? 1 : 0;
}

function summary(s: Sender): string {
  const st = s.stats;
  return `sent ${st.sentBatches} requests, ${st.accepted} points accepted, ${st.retries} retries, ${st.failed} refused, ${st.dropped} dropped`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    say(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
