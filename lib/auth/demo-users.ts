import "server-only";
import type { Role } from "@/lib/db/schema";
import { upsertUser } from "./users";

export const DEFAULT_DEMO_PASSWORD = "factory-demo";
export const demoPassword = () => process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;

export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: "executive@demo.local", name: "Erin Executive", roles: ["executive"] },
  { email: "approver@demo.local", name: "Ada Approver", roles: ["approver"] },
  { email: "approver2@demo.local", name: "Ben Approver", roles: ["approver"] },
  { email: "sre@demo.local", name: "Sam SRE", roles: ["sre"] },
  { email: "auditor@demo.local", name: "Alex Auditor", roles: ["auditor"] },
  {
    email: "admin@demo.local",
    name: "Max Admin",
    roles: ["executive", "approver", "sre", "admin", "auditor"],
  },
];

/** Creates (or resets) the demo users; returns their ids by email. */
export async function seedDemoUsers(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const u of DEMO_USERS) out[u.email] = await upsertUser({ ...u, password: demoPassword() });
  return out;
}
