import pino from "pino";

/** Field names that hold secrets, wherever they sit (top level or one object down). */
const SECRET_KEYS = [
  "password",
  "newPassword",
  "passwordHash",
  "token",
  "tokenHash",
  "accessToken",
  "apiKey",
  "secret",
  "clientSecret",
  "csrfToken",
  "authorization",
  "cookie",
  "set-cookie",
];

/** Where secrets could hide in what we log: fields, one level down, and request/response headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...["authorization", "cookie", "set-cookie", "x-api-key"].flatMap((h) => [
    `headers["${h}"]`,
    `*.headers["${h}"]`,
  ]),
];

/**
 * Drizzle's query errors put the bound parameters (hashes, emails, payloads) in their message;
 * log the statement and the driver's error, never the parameters.
 */
function errSerializer(err: unknown) {
  const out = pino.stdSerializers.err(err as Error) as Record<string, unknown>;
  if (err && typeof err === "object" && "params" in err && "query" in err) {
    out.message = `Failed query: ${String((err as { query: unknown }).query)}`;
    delete out.params;
    out.stack =
      typeof out.stack === "string"
        ? out.stack.replace(/^[\s\S]*?(?=\n\s+at )/, String(out.message))
        : out.stack;
  }
  return out;
}

/**
 * Structured JSON logs. Secrets never reach here on purpose; redaction is the second line of
 * defence. `destination` is for tests (and anything that wants logs elsewhere than stdout).
 */
export function createLogger(destination?: pino.DestinationStream) {
  const options: pino.LoggerOptions = {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    base: { app: "ai-factory-console" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    serializers: { err: errSerializer, error: errSerializer },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const log = createLogger();
export type Logger = typeof log;
