import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ParseError } from "../batch";
import { parseExposition } from "./prometheus";

const fixture = (name: string) => fs.readFileSync(`test/fixtures/telemetry/${name}`, "utf8");
const NOW = 1_795_674_000_000;

function rowsOf(text: string, format: "prometheus" | "openmetrics" = "prometheus") {
  return parseExposition(text, format, NOW).rows();
}
function errorOf(text: string, format: "prometheus" | "openmetrics" = "prometheus"): ParseError {
  try {
    parseExposition(text, format, NOW);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error("expected a parse error");
}

describe("Prometheus 0.0.4", () => {
  it("parses node_exporter output (no final newline, comments, NaN, explicit ms timestamp)", () => {
    const rows = rowsOf(fixture("node-exporter.prom"));
    const find = (metric: string, l: Record<string, string> = {}) =>
      rows.filter((r) => r.metric === metric && Object.entries(l).every(([k, v]) => r.labels[k] === v));
    expect(find("node_cpu_seconds_total", { cpu: "0", mode: "idle" })[0]!.value).toBe(9.11749567e6);
    expect(find("node_load1")[0]).toMatchObject({ value: 0.42, ts: NOW });
    expect(find("node_scrape_collector_success")[0]!.ts).toBe(1795674147309);
    expect(Number.isNaN(find("node_textfile_scrape_error")[0]!.value)).toBe(true);
    expect(find("http_request_duration_seconds_bucket").map((r) => r.labels.le)).toEqual([
      "0.1",
      "0.5",
      "1",
      "2",
      "5",
      "+Inf",
    ]);
    expect(find("go_gc_duration_seconds", { quantile: "0.5" })[0]!.value).toBe(5.4305e-5);
    expect(find("go_gc_duration_seconds_count")[0]!.value).toBe(7214);
    expect(rows).toHaveLength(22);
  });

  it("marks kinds and temporality", () => {
    const b = parseExposition(fixture("node-exporter.prom"), "prometheus", NOW);
    const s = (m: string) => b.series.find((x) => x.metric === m)!;
    expect(s("node_cpu_seconds_total")).toMatchObject({ kind: "counter", temporality: "cumulative" });
    expect(s("http_request_duration_seconds_bucket")).toMatchObject({
      kind: "histogram",
      temporality: "cumulative",
    });
    expect(s("node_memory_MemAvailable_bytes")).toMatchObject({ kind: "gauge", temporality: null });
    expect(s("node_load1").kind).toBe("unknown");
  });

  it("maps DCGM exporter fields to canonical names, units and labels (classic units)", () => {
    const rows = rowsOf(fixture("dcgm-3.x.prom"));
    const v = (m: string) => rows.find((r) => r.metric === m)!;
    expect(v("gpu_sm_clock_hertz").value).toBe(1980e6);
    expect(v("gpu_temperature_celsius").value).toBe(62);
    expect(v("gpu_power_watts").value).toBe(698.7);
    expect(v("gpu_energy_joules_total").value).toBeCloseTo(8123456.789, 3);
    expect(v("gpu_utilization_ratio").value).toBe(1);
    expect(v("gpu_memory_used_bytes").value).toBe(20480 * 1024 * 1024);
    expect(v("gpu_clock_event_reasons").value).toBe(4);
    expect(v("gpu_power_watts").labels).toMatchObject({
      host: "node-7",
      gpu: "0",
      uuid: "GPU-25c134ee-cb06-f00f-1e0c-f2332097f743",
      model: "NVIDIA H200",
    });
    expect(v("gpu_power_watts").labels.Hostname).toBeUndefined();
  });

  it("handles the dcgm-exporter 4.9 unit drift (units declared in HELP) to the same values", () => {
    const old = rowsOf(fixture("dcgm-3.x.prom"));
    const drifted = rowsOf(fixture("dcgm-4.9.prom"));
    for (const r of old) {
      const d = drifted.find((x) => x.metric === r.metric)!;
      expect(d.value).toBeCloseTo(r.value, 3);
      expect(d.labels).toEqual(r.labels);
    }
  });

  it.each([
    ["bad metric name", "1abc 1\n", 1],
    ["duplicate label", 'a{x="1",x="2"} 1\n', 1],
    ["bad escape", 'a{x="\\q"} 1\n', 1],
    ["unterminated label", 'a{x="1} 1\n', 1],
    ["bad value", "a 1.2.3\n", 1],
    ["float timestamp", "a 1 1.5\n", 1],
    ["duplicate sample", "a 1\nb 2\na 3\n", 3],
    ["second TYPE", "# TYPE a gauge\n# TYPE a counter\na 1\n", 2],
    ["TYPE after samples", "a 1\n# TYPE a gauge\n", 2],
    ["unknown type", "# TYPE a flux\n", 1],
    ["bucket without le", "# TYPE h histogram\nh_bucket 1\n", 2],
    ["missing +Inf", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="2"} 2\n', 3],
    ["non-monotonic buckets", '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="+Inf"} 2\n', 3],
    ["summary without quantile", "# TYPE s summary\ns 1\n", 2],
    ["reserved label", 'a{__name__="x"} 1\n', 1],
    ["text after timestamp", "a 1 2 3\n", 1],
  ])("rejects %s with its line", (_, text, line) => {
    expect(errorOf(text).line).toBe(line);
  });

  it("refuses hostile label sets with a 4xx-class ParseError", () => {
    const many = `a{${Array.from({ length: 1000 }, (_, i) => `l${i}="v"`).join(",")}} 1\n`;
    expect(errorOf(many).message).toMatch(/too many labels/);
    expect(errorOf(`a{x="${"v".repeat(100_000)}"} 1\n`).message).toMatch(/longer than/);
  });
});

describe("caches across bodies", () => {
  it("reads values and timestamps exactly as Number() does", () => {
    const tokens = ["0", "-0", "+3", "1.", ".5", "-.25", "007", "0.1", "123456789012345", "1234567890123456"];
    tokens.push("9007199254740993", "1e3", "-2.5E-3", "0.30000000000000004", "99.999999999999999");
    for (let k = 0; k < 200; k++) tokens.push((Math.random() * 10 ** (k % 12)).toFixed(k % 9));
    for (const tok of tokens) {
      const [row] = rowsOf(`v ${tok} ${1_795_674_000_000 + tokens.indexOf(tok)}\n`);
      expect(Object.is(row!.value, Number(tok)), tok).toBe(true);
      expect(row!.ts).toBe(1_795_674_000_000 + tokens.indexOf(tok));
    }
    expect(errorOf("v 1 1795674000000.5\n").message).toMatch(/integer milliseconds/);
    expect(errorOf("v 1.2.3\n").message).toMatch(/invalid value/);
  });

  it("re-reads a known series when its family's metadata changes", () => {
    const kinds = (text: string) => parseExposition(text, "prometheus", NOW).series.map((x) => x.kind);
    expect(kinds('# TYPE m gauge\nm{a="1"} 5\n')).toEqual(["gauge"]);
    expect(kinds('# TYPE m counter\nm{a="1"} 5\n')).toEqual(["counter"]);
    expect(kinds('m{a="1"} 5\n')).toEqual(["unknown"]);
    expect(kinds('# TYPE s summary\ns{quantile="0.5"} 1\n')).toEqual(["summary"]);
    expect(kinds('s{quantile="0.5"} 1\n')).toEqual(["unknown"]);
    expect(errorOf('# TYPE s histogram\ns{quantile="0.5"} 1\n').message).toMatch(/_bucket/);
  });

  it("follows series whose order or names change between scrapes", () => {
    const names = (text: string) => rowsOf(text).map((r) => `${r.metric}=${r.value}`);
    expect(names("a 1\nb 2\nc 3\n")).toEqual(["a=1", "b=2", "c=3"]);
    expect(names("a 1\nbc 2\nc 3\n")).toEqual(["a=1", "bc=2", "c=3"]);
    expect(names('a 1\nb{x="1"} 2\nb 3\n')).toEqual(["a=1", "b=2", "b=3"]);
    expect(names("c 3\nb 2\na 1\n")).toEqual(["c=3", "b=2", "a=1"]);
    expect(names("a 1\nb\t2\n")).toEqual(["a=1", "b=2"]);
  });
});

describe("OpenMetrics 1.0", () => {
  it("parses counters, histograms with exemplars, units, info; drops _created; seconds timestamps", () => {
    const rows = rowsOf(fixture("openmetrics.txt"), "openmetrics");
    expect(rows.find((r) => r.metric === "inference_requests_total")).toMatchObject({
      value: 1027,
      ts: 1795674200500,
    });
    expect(rows.some((r) => r.metric === "inference_requests_created")).toBe(false);
    expect(rows.filter((r) => r.metric === "inference_duration_seconds_bucket")).toHaveLength(3);
    expect(rows.find((r) => r.metric === "build_info")!.value).toBe(1);
    expect(rows.find((r) => r.metric === "gpu_temperature_celsius")!.value).toBe(64);
  });

  it.each([
    ["missing EOF", "a 1\n", 1],
    ["content after EOF", "a 1\n# EOF\nb 2\n", 3],
    ["empty line", "a 1\n\n# EOF\n", 2],
    ["counter without _total", "# TYPE c counter\nc 1\n# EOF\n", 2],
    ["negative counter", "# TYPE c counter\nc_total -1\n# EOF\n", 2],
    ["interleaved families", '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x="1"} 2\n# EOF\n', 5],
    ["free comment", "# hello\n# EOF\n", 1],
    ["trailing comma", 'a{x="1",} 1\n# EOF\n', 1],
    [
      "unordered buckets",
      '# TYPE h histogram\nh_bucket{le="2"} 1\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\n# EOF\n',
      3,
    ],
    ["count mismatch", '# TYPE h histogram\nh_bucket{le="+Inf"} 3\nh_count 4\n# EOF\n', 2],
    ["exemplar on gauge", '# TYPE g gauge\ng 1 # {a="b"} 1\n# EOF\n', 2],
    ["unit mismatch", "# TYPE a_seconds gauge\n# UNIT a_seconds bytes\n# EOF\n", 2],
  ])("rejects %s", (_, text, line) => {
    expect(errorOf(text, "openmetrics").line).toBe(line);
  });

  it("accepts # EOF with or without a final newline", () => {
    expect(rowsOf("a 1\n# EOF", "openmetrics")).toHaveLength(1);
    expect(rowsOf("a 1\n# EOF\n", "openmetrics")).toHaveLength(1);
  });
});
