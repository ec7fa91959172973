import { PolicyEditor } from "@/components/approvals/policy-editor";
import { NotAllowed } from "@/components/shell/not-allowed";
import { PAGE_ROLES, userForPage } from "@/lib/auth/page";
import { currentPolicy, listPolicyVersions } from "@/lib/governance/policy-store";

export default async function PolicyPage() {
  const { allowed } = await userForPage("settings");
  if (!allowed) return <NotAllowed page="Policy" roles={PAGE_ROLES.settings} />;
  const [current, versions] = await Promise.all([currentPolicy(), listPolicyVersions()]);
  return (
    <PolicyEditor
      current={{ version: current.version, yaml: current.yaml }}
      versions={versions.map((v) => ({
        version: v.version,
        note: v.note,
        createdAt: v.createdAt.toISOString(),
      }))}
    />
  );
}
