import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./index";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const prev = process.env.LOG_LEVEL;
  process.env.LOG_LEVEL = "info";
  const log = createLogger(stream);
  process.env.LOG_LEVEL = prev;
  return { log, text: () => lines.join("") };
}

describe("log redaction", () => {
  it("never writes passwords, tokens, secrets or auth headers", () => {
    const { log, text } = capture();
    log.info({ password: "hunter2-pass", token: "afc_SECRET1" }, "top level");
    log.info(
      { user: { email: "a@b.c", password: "hunter2-pass" }, key: { token: "afc_SECRET2" } },
      "one down",
    );
    log.info(
      { headers: { authorization: "Bearer afc_SECRET3", cookie: "next-auth.session-token=SECRET4" } },
      "h",
    );
    log.info({ req: { headers: { authorization: "Bearer afc_SECRET5", "set-cookie": "s=SECRET6" } } }, "req");
    log.info(
      { secret: "SECRET7", apiKey: "afc_SECRET8", csrfToken: "SECRET9", passwordHash: "$2b$SECRET10" },
      "x",
    );
    const out = text();
    expect(out).not.toMatch(/hunter2|SECRET\d/);
    expect(out).toContain("[redacted]");
    expect(out).toContain("a@b.c"); // ordinary fields survive
  });

  it("strips bound parameters from failed-query errors", () => {
    const { log, text } = capture();
    const err = Object.assign(
      new Error("Failed query: insert into users values ($1)\nparams: $2b$10$HASHSECRET"),
      {
        query: "insert into users values ($1)",
        params: ["$2b$10$HASHSECRET"],
      },
    );
    log.error({ err }, "failed");
    const out = text();
    expect(out).not.toContain("HASHSECRET");
    expect(out).toContain("insert into users");
  });

  it("writes one JSON object per line", () => {
    const { log, text } = capture();
    log.child({ requestId: "r-1" }).info({ status: 200 }, "request");
    const line = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ requestId: "r-1", status: 200, msg: "request", app: "ai-factory-console" });
  });
});
