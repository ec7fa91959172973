import fs from "node:fs";
import { createCheckpointIfDue } from "@/lib/audit/checkpoints";
import { exportAuditTrail } from "@/lib/audit/export";
import { signingKey } from "@/lib/audit/keys";
import { verifyAuditTrail } from "@/lib/audit/verify";
import { type CliCommand, CliUsageError } from "./types";

const seqOption = (v: string | boolean | undefined, name: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliUsageError(`--${name} must be a positive whole number`);
  return n;
};

export const commands: Record<string, CliCommand> = {
  verify: {
    summary: "recompute the hash chain and check checkpoint signatures (exit 0 = OK, 1 = tampered)",
    usage: "[--json]",
    options: { json: { type: "boolean" } },
    async run(args) {
      const r = await verifyAuditTrail({
        onProgress: (n) => {
          if (n % 100_000 === 0) process.stderr.write(`  … ${n} events checked\n`);
        },
      });
      if (args.values.json) console.log(JSON.stringify(r, null, 2));
      else if (r.ok)
        console.log(
          `OK: ${r.eventsChecked} events and ${r.checkpointsChecked} checkpoints verified in ${r.durationMs} ms` +
            (r.lastSeq ? ` (last seq ${r.lastSeq}, hash ${r.lastHash})` : ""),
        );
      else console.log(`TAMPERED at seq ${r.failure!.seq} (${r.failure!.cause}): ${r.failure!.message}`);
      return r.ok ? 0 : 1;
    },
  },
  export: {
    summary: "write the trail as JSON Lines with hashes and checkpoints (verify with tools/verify-audit.py)",
    usage: "[--out FILE] [--from SEQ] [--to SEQ]",
    options: { out: { type: "string" }, from: { type: "string" }, to: { type: "string" } },
    async run(args) {
      const out =
        typeof args.values.out === "string" ? fs.createWriteStream(args.values.out) : process.stdout;
      const range = { fromSeq: seqOption(args.values.from, "from"), toSeq: seqOption(args.values.to, "to") };
      for await (const chunk of exportAuditTrail(range)) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      }
      if (out !== process.stdout) {
        await new Promise<void>((r) => (out as fs.WriteStream).end(() => r()));
        console.error(`wrote ${args.values.out}`);
      }
      return 0;
    },
  },
  checkpoint: {
    summary: "sign the current chain head now (normally the background job does this)",
    usage: "",
    async run() {
      const cp = await createCheckpointIfDue({ force: true });
      console.log(cp ? `checkpoint at seq ${cp.seq} signed by key ${cp.key_id}` : "nothing new to sign");
      return 0;
    },
  },
  "public-key": {
    summary: "print the checkpoint signing public key (PEM), for outside verifiers",
    usage: "",
    async run() {
      process.stdout.write(signingKey().publicPem);
      return 0;
    },
  },
};
