import { actorOf } from "@/lib/audit/actors";
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";
import { updateUserAudited } from "@/lib/platform/admin";
import type { UserUpdateInput } from "@/lib/platform/inputs";
import { updateUserBody, userIdParams } from "./schema";

/** Change a user's roles or disable them (admins only). Admins cannot lock themselves out. */
export const PATCH = apiRoute<UserUpdateInput, undefined, { id: string }>(
  { access: { roles: ["admin"] }, body: updateUserBody, maxBodyBytes: 8 * 1024 },
  async ({ params, body, principal }) => {
    const parsed = userIdParams.safeParse(params);
    if (!parsed.success) throw ApiError.notFound("no such user");
    if (principal.id === parsed.data.id && (body.disabled || (body.roles && !body.roles.includes("admin")))) {
      throw ApiError.conflict("you cannot disable yourself or drop your own admin role; ask another admin");
    }
    const user = await updateUserAudited(parsed.data.id, body, actorOf(principal));
    if (!user) throw ApiError.notFound("no such user");
    return { user };
  },
);
