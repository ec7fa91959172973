import { randomBytes } from "node:crypto";
import { listUserViews, saveUserAudited } from "@/lib/platform/admin";
import { splitList, userInput } from "@/lib/platform/inputs";
import { formatTable, zodMessage } from "./format";
import { type CliCommand, CliUsageError, cliActor, requireOption } from "./types";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export const commands: Record<string, CliCommand> = {
  create: {
    summary: "create a user, or update name, roles and password of an existing one",
    usage:
      "--email EMAIL --name NAME --roles sre,approver [--password-stdin]  (without it a password is generated and printed last)",
    options: {
      email: { type: "string" },
      name: { type: "string" },
      roles: { type: "string" },
      "password-stdin": { type: "boolean" },
    },
    async run(args) {
      // Passwords never come from argv (visible in `ps` and shell history).
      const generated = !args.values["password-stdin"];
      const password = generated ? randomBytes(12).toString("base64url") : await readStdin();
      const parsed = userInput.safeParse({
        email: requireOption(args, "email"),
        name: requireOption(args, "name"),
        roles: splitList(requireOption(args, "roles")),
        password,
      });
      if (!parsed.success) throw new CliUsageError(zodMessage(parsed.error));
      const { id, created } = await saveUserAudited(parsed.data, cliActor());
      console.log(
        `${created ? "Created" : "Updated"} user ${parsed.data.email} (id ${id}, roles ${parsed.data.roles.join(",")}).`,
      );
      if (generated) {
        console.log("Generated password (shown once):");
        console.log(password);
      }
      return 0;
    },
  },
  list: {
    summary: "list users and their roles",
    usage: "[--json]",
    options: { json: { type: "boolean" } },
    async run(args) {
      const users = await listUserViews();
      if (args.values.json) {
        console.log(JSON.stringify(users, null, 2));
        return 0;
      }
      console.log(
        formatTable(
          ["EMAIL", "NAME", "ROLES", "STATUS", "CREATED"],
          users.map((u) => [
            u.email,
            u.name,
            u.roles.join(","),
            u.disabledAt ? "disabled" : "active",
            u.createdAt.slice(0, 10),
          ]),
        ),
      );
      return 0;
    },
  },
};
