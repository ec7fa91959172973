import type { ParseArgsConfig } from "node:util";

/** One CLI subcommand, e.g. `apikey create`. Groups of them live in scripts/cli/<group>.ts. */
export type CliCommand = {
  summary: string;
  /** Argument synopsis shown in help, e.g. "--name NAME --scopes ingest,read". */
  usage: string;
  options?: ParseArgsConfig["options"];
  /** Exit code (0 when omitted). Print results to stdout, problems to stderr. */
  run(args: CliArgs): Promise<number | undefined>;
};

export type CliArgs = {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
};

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

/** A required string option, or a usage error naming it. */
export function requireOption(args: CliArgs, name: string): string {
  const v = args.values[name];
  if (typeof v !== "string" || !v.trim()) throw new CliUsageError(`missing --${name}`);
  return v;
}

/** Who the audit trail records for changes made from the command line. */
export function cliActor() {
  const user = process.env.SUDO_USER || process.env.USER || process.env.LOGNAME || "unknown";
  return { kind: "system" as const, id: "cli", name: `cli:${user}` };
}
