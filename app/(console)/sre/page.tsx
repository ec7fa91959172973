import { Coming } from "@/components/shell/coming";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";

export default async function Page() {
  const { allowed } = await userForPage("sre");
  if (!allowed) return <NotAllowed page="SRE" roles={PAGE_ROLES.sre} />;
  return <Coming title="SRE" what="inference latency, tokens per joule, GPU thermals and power" />;
}
