import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/db/client";

/** Demo mode: generate NEXTAUTH_SECRET once and keep it in the data folder, so sessions survive restarts. */
export function ensureDemoSecret(): void {
  if (process.env.NEXTAUTH_SECRET) return;
  const file = path.join(dataDir(), "nextauth-secret");
  fs.mkdirSync(dataDir(), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.NEXTAUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}
