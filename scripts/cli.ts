/**
 * `npm run cli -- <group> <command> [options]`: admin tasks from the shell.
 *   npm run cli -- apikey create --name rack-12 --scopes ingest   (token = last line of stdout)
 *   npm run cli -- apikey list | apikey revoke ID | user create … | user list
 * Works on the configured database (DATABASE_URL or the embedded one in DATA_DIR). The embedded
 * database is single-process: while the app runs on it, use the Settings page instead.
 */
import { parseArgs } from "node:util";
import { type CliCommand, CliUsageError } from "./cli/types";

type Group = () => Promise<{ commands: Record<string, CliCommand> }>;

/** Command groups, loaded on demand. Features add theirs here (a file in scripts/cli/ each). */
const GROUPS: Record<string, Group> = {
  apikey: () => import("./cli/apikey"),
  user: () => import("./cli/user"),
  audit: () => import("./cli/audit"),
};

async function help(): Promise<string> {
  const lines = ["Usage: npm run cli -- <group> <command> [options]", ""];
  for (const [name, load] of Object.entries(GROUPS)) {
    for (const [cmd, c] of Object.entries((await load()).commands)) {
      lines.push(`  ${name} ${cmd} ${c.usage}`.trimEnd(), `      ${c.summary}`);
    }
  }
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [group, name, ...rest] = argv;
  if (!group || group === "help" || group === "--help" || group === "-h") {
    console.log(await help());
    return group ? 0 : 2;
  }
  const load = GROUPS[group];
  if (!load)
    throw new CliUsageError(`unknown command group "${group}" (try: ${Object.keys(GROUPS).join(", ")})`);
  const { commands } = await load();
  const command = name ? commands[name] : undefined;
  if (!command) {
    throw new CliUsageError(
      `${name ? `unknown command "${group} ${name}"` : `"${group}" needs a command`} (try: ${Object.keys(commands).join(", ")})`,
    );
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliUsageError(`${(err as Error).message}\nusage: ${group} ${name} ${command.usage}`);
  }
  const { closeDb } = await import("@/lib/db/client");
  try {
    return (
      (await command.run({
        values: parsed.values as Record<string, string | boolean | undefined>,
        positionals: parsed.positionals,
      })) ?? 0
    );
  } finally {
    await closeDb().catch(() => {});
  }
}

// Logs would mix with the command's output (the token must be the last line): warnings and up only.
process.env.LOG_LEVEL ??= "warn";
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliUsageError) {
      console.error(`error: ${err.message}`);
      process.exit(2);
    }
    if (err instanceof Error && err.name === "DatabaseLockedError") {
      // Plain words: the running app holds the embedded database.
      console.error(`error: ${err.message}`);
      process.exit(3);
    }
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
