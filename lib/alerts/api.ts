import "server-only";
import { ZodError } from "zod";
import { ApiError, fromZodError } from "@/lib/http/errors";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rule params are validated per kind inside the store: turn their ZodErrors into 400s naming `params.<field>`. */
export async function withRuleErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ZodError) {
      const e = fromZodError(err, "body");
      const issues = err.issues.map((i) => ({
        field: ["body", "params", ...i.path].join("."),
        message: i.message,
      }));
      throw ApiError.badRequest(`${issues[0]?.field ?? "body.params"}: ${issues[0]?.message ?? e.message}`, {
        field: issues[0]?.field,
        issues,
      });
    }
    throw err;
  }
}

export function assertUuid(id: string): void {
  if (!UUID_RE.test(id)) throw ApiError.notFound("no such alert rule");
}
