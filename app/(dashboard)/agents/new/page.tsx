import { AgentForm } from "@/components/agent-form";
import { PageHeader } from "@/components/page-header";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export default async function NewAgentPage() {
  await requireSupervisor();
  const languages = await (await getDb()).language.findMany({ where: { enabled: true }, orderBy: { menuDigit: "asc" } });
  return (
    <>
      <PageHeader title="Add agent" description="New agents start available and join the heap for each of their languages." />
      <AgentForm languages={languages} />
    </>
  );
}
