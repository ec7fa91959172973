import type { KeyPrincipal } from "@/lib/auth/principal";
import { type OutcomeInput, reportOutcome } from "@/lib/governance/outcomes";
import { apiRoute } from "@/lib/http/route";
import { outcomeBody } from "./schema";

/** The agent reports execution; boundary violations are recorded and answered with 409/403. */
export const POST = apiRoute<OutcomeInput, undefined, { id: string }>(
  { access: { scopes: ["actions"] }, body: outcomeBody, maxBodyBytes: 256 * 1024 },
  async ({ params, principal, body }) => {
    const key = principal as KeyPrincipal;
    const action = await reportOutcome(params.id, body, {
      apiKeyId: key.id,
      name: key.name,
      constraints: key.constraints ?? {},
    });
    return { action };
  },
);
