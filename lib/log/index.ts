import pino from "pino";

/** Structured JSON logs. Secrets never reach here: redact the usual places as a second line of defence. */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "ai-factory-console" },
  redact: {
    paths: [
      "password",
      "token",
      "*.password",
      "*.token",
      "headers.authorization",
      "headers.cookie",
      "authorization",
    ],
    censor: "[redacted]",
  },
});
export type Logger = typeof log;
