import { apiRoute } from "@/lib/http/route";
import { listUserViews } from "@/lib/platform/admin";

/** Users and their roles (no password hashes). Admins only. */
export const GET = apiRoute({ access: { roles: ["admin"] } }, async () => ({ users: await listUserViews() }));
