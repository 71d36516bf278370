// The agent's workspace: state control, wrap-up, disposition, screen pop and their own numbers.
import { notFound } from "next/navigation";
import { Workspace } from "@/components/agent/workspace";
import { requireAgent } from "@/lib/agent-auth/current-agent";
import { loadWorkspace } from "@/lib/agent-workspace/load-workspace";
import { getDb } from "@/lib/db/client";
import { pusherClientConfig } from "@/lib/realtime/client-config";

export const dynamic = "force-dynamic";

export default async function WorkspacePage() {
  const agent = await requireAgent();
  const initial = await loadWorkspace(await getDb(), agent.agentId);
  if (!initial) notFound();
  return <Workspace initial={JSON.parse(JSON.stringify(initial))} pusher={pusherClientConfig()} />;
}
