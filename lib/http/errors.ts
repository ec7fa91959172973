import type { ZodError } from "zod";

/** The one error type routes throw; it turns itself into a JSON Response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra fields merged into the body, e.g. `{ line: 12 }` or `{ field: "params.amount" }`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  toResponse(headers?: HeadersInit): Response {
    return Response.json({ error: this.message, ...this.details }, { status: this.status, headers });
  }

  static badRequest = (message: string, details?: Record<string, unknown>) =>
    new ApiError(400, message, details);
  static unauthorized = (message = "sign in or send an API key (Authorization: Bearer …)") =>
    new ApiError(401, message);
  static forbidden = (message = "not allowed") => new ApiError(403, message);
  static notFound = (message = "not found") => new ApiError(404, message);
  static conflict = (message: string, details?: Record<string, unknown>) =>
    new ApiError(409, message, details);
  static tooLarge = (limit: number) => new ApiError(413, `request body exceeds ${limit} bytes`);
  static unsupportedMediaType = (message: string) => new ApiError(415, message);
  static tooManyRequests = (message: string, retryAfterSeconds: number) =>
    new ApiError(429, message, { retryAfter: retryAfterSeconds });
}

/** A zod failure as a 400 naming the first bad field (and all of them in `issues`). */
export function fromZodError(err: ZodError, where: "body" | "query" = "body"): ApiError {
  const issues = err.issues.map((i) => ({ field: [where, ...i.path].join("."), message: i.message }));
  const first = issues[0];
  return ApiError.badRequest(first ? `${first.field}: ${first.message}` : `invalid ${where}`, {
    field: first?.field,
    issues,
  });
}
