/**
 * Shared by `npm start`, `npm run demo` and the e2e server: build and run Next's production
 * server as a child process, forwarding signals so SIGTERM drains it gracefully.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");
export const distDir = () => path.resolve(process.env.NEXT_DIST_DIR ?? ".next");

export function buildNext(): void {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [NEXT_BIN, "build"], { stdio: "inherit", env: process.env });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  console.log(`next build took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

export const isBuilt = () => fs.existsSync(path.join(distDir(), "BUILD_ID"));

export function startNext(port: number, host = "127.0.0.1"): ChildProcess {
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", host], {
    stdio: "inherit",
    env: process.env,
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  return child;
}
