import { createApiKeyAudited, listApiKeyViews, revokeApiKeyAudited } from "@/lib/platform/admin";
import { apiKeyInput, splitList } from "@/lib/platform/inputs";
import { formatTable, zodMessage } from "./format";
import { type CliCommand, CliUsageError, cliActor, requireOption } from "./types";

export const commands: Record<string, CliCommand> = {
  create: {
    summary: "create a machine key; prints its token (once) as the last line",
    usage: "--name NAME --scopes ingest,actions,read [--agents a,b] [--categories c,d]",
    options: {
      name: { type: "string" },
      scopes: { type: "string" },
      agents: { type: "string" },
      categories: { type: "string" },
    },
    async run(args) {
      const parsed = apiKeyInput.safeParse({
        name: requireOption(args, "name"),
        scopes: splitList(requireOption(args, "scopes")),
        constraints: {
          agents: splitList(args.values.agents as string | undefined),
          categories: splitList(args.values.categories as string | undefined),
        },
      });
      if (!parsed.success) throw new CliUsageError(zodMessage(parsed.error));
      const { key, token } = await createApiKeyAudited(parsed.data, cliActor());
      console.log(`Created API key "${key.name}" (id ${key.id}, scopes ${key.scopes.join(",")}).`);
      console.log("Store the token now; it is not kept and cannot be shown again:");
      console.log(token);
      return 0;
    },
  },
  list: {
    summary: "list keys (never their tokens)",
    usage: "[--json]",
    options: { json: { type: "boolean" } },
    async run(args) {
      const keys = await listApiKeyViews();
      if (args.values.json) {
        console.log(JSON.stringify(keys, null, 2));
        return 0;
      }
      if (!keys.length) {
        console.log("No API keys.");
        return 0;
      }
      console.log(
        formatTable(
          ["ID", "NAME", "PREFIX", "SCOPES", "STATUS", "CREATED", "LAST USED"],
          keys.map((k) => [
            k.id,
            k.name,
            `${k.prefix}…`,
            k.scopes.join(","),
            k.revokedAt ? "revoked" : "active",
            k.createdAt.slice(0, 19),
            k.lastUsedAt?.slice(0, 19) ?? "-",
          ]),
        ),
      );
      return 0;
    },
  },
  revoke: {
    summary: "revoke a key by id; requests with it are refused from then on",
    usage: "ID",
    async run(args) {
      const id = args.positionals[0];
      if (!id) throw new CliUsageError("give the key's id (see `apikey list`)");
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliUsageError(`not a key id: ${id}`);
      const revoked = await revokeApiKeyAudited(id, cliActor());
      if (!revoked) {
        console.error(`No active API key with id ${id}.`);
        return 1;
      }
      console.log(`Revoked API key "${revoked.name}" (${revoked.id}).`);
      return 0;
    },
  },
};
