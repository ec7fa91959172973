import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The CLI as people run it (a child process through tsx) on an embedded database in a temp
 * folder. Only in the PGlite run: what it calls is tested on both drivers in lib/platform, and
 * each call here boots a process (slow), so the PostgreSQL run skips it.
 */
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
let dataDir: string;

function cli(args: string[], input?: string) {
  const r = spawnSync(
    path.resolve("node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/cli.ts", ...args],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        DATABASE_URL: "",
        TEST_DATABASE_URL: "",
        LOG_LEVEL: "",
      },
      input,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    lastLine: r.stdout.trimEnd().split("\n").at(-1),
  };
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "afc-cli-"));
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Each call starts a TypeScript process: slow on a busy 2-core machine.
describe.skipIf(Boolean(serverUrl))("npm run cli", { timeout: 300_000 }, () => {
  it("apikey create prints the token as the last line; list shows it without the token; revoke ends it", () => {
    const created = cli(["apikey", "create", "--name", "rack-12 collector", "--scopes", "ingest,read"]);
    expect(created.status, created.stderr).toBe(0);
    const token = created.lastLine!;
    expect(token).toMatch(/^afc_[A-Za-z0-9_-]{32}$/);

    const listed = cli(["apikey", "list", "--json"]);
    expect(listed.status, listed.stderr).toBe(0);
    const keys = JSON.parse(listed.stdout) as {
      id: string;
      name: string;
      prefix: string;
      scopes: string[];
    }[];
    const key = keys.find((k) => k.name === "rack-12 collector")!;
    expect(key.scopes).toEqual(["ingest", "read"]);
    expect(token.startsWith(key.prefix)).toBe(true);
    expect(listed.stdout).not.toContain(token);

    const revoked = cli(["apikey", "revoke", key.id]);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(key.id);
  });

  it("explains bad input and exits 2", () => {
    const r = cli(["apikey", "create", "--name", "x", "--scopes", "ingest,everything"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/scopes/);
  });

  it("user create takes the password from stdin, never argv", () => {
    const r = cli(
      [
        "user",
        "create",
        "--email",
        "ops@cli.local",
        "--name",
        "Ops",
        "--roles",
        "sre,approver",
        "--password-stdin",
      ],
      "a-long-enough-password\n",
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("a-long-enough-password");
    const users = JSON.parse(cli(["user", "list", "--json"]).stdout) as { email: string; roles: string[] }[];
    expect(users.find((u) => u.email === "ops@cli.local")?.roles).toEqual(["sre", "approver"]);
  });

  it("says plainly that the running app holds the embedded database", () => {
    // A live process (this test runner) owns the folder, as the app would.
    const lock = path.join(dataDir, "pglite.lock");
    fs.mkdirSync(path.join(dataDir, "pglite"), { recursive: true });
    fs.writeFileSync(lock, String(process.pid));
    try {
      const r = cli(["apikey", "list"]);
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(/in use by another process/);
      expect(r.stderr).toMatch(/probably the running app/);
    } finally {
      fs.rmSync(lock, { force: true });
    }
  });
});
