import { notFound } from "next/navigation";
import { AgentForm } from "@/components/agent-form";
import { PageHeader } from "@/components/page-header";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export default async function EditAgentPage({ params }: { params: Promise<{ agentId: string }> }) {
  await requireSupervisor();
  const { agentId } = await params;
  const db = await getDb();
  const [agent, languages] = await Promise.all([
    db.agent.findUnique({ where: { id: agentId }, include: { languages: true, skills: true, account: { select: { email: true } } } }),
    db.language.findMany({ where: { enabled: true }, orderBy: { menuDigit: "asc" } }),
  ]);
  if (!agent) notFound();
  return (
    <>
      <PageHeader title={`Edit ${agent.name}`} />
      <AgentForm languages={languages} agent={{ id: agent.id, name: agent.name, phone: agent.phone, languages: agent.languages.map((l) => l.languageCode), skills: agent.skills, accountEmail: agent.account?.email }} />
    </>
  );
}
