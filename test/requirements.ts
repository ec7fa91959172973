import { spawnSync } from "node:child_process";
import net from "node:net";

/**
 * A few integration tests need something beyond Node: an MQTT broker, python3. On a developer's
 * machine they are skipped with a note when it is missing, so `npm test` works with Node alone;
 * in CI (CI=true) a missing one is an error, so CI always runs them.
 */
export function available(ok: boolean, what: string): boolean {
  if (ok) return true;
  if (process.env.CI) throw new Error(`CI needs ${what} for these tests`);
  console.warn(`skipping tests that need ${what} (not found here)`);
  return false;
}

export function tcpReachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", () => resolve(false));
  });
}

export const commandWorks = (cmd: string, args: string[]) => spawnSync(cmd, args).status === 0;
