// The agent's shell: their own session only (supervisors are sent to the board by the proxy), sign-out.
import { buttonSecondary } from "@/components/ui-classes";
import { requireAgent } from "@/lib/agent-auth/current-agent";
import { logoutAction } from "@/lib/auth/login-action";

export const dynamic = "force-dynamic";

export default async function AgentLayout({ children }: { children: React.ReactNode }) {
  const agent = await requireAgent();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-3 sm:px-6">
          <span className="flex items-center gap-2 font-bold tracking-tight text-slate-900">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm text-white">☎</span>
            Switchboard · Workspace
          </span>
          <span className="ml-auto text-sm text-slate-600" title={agent.email}>{agent.name}</span>
          <form action={logoutAction}>
            <button type="submit" className={buttonSecondary}>Sign out</button>
          </form>
        </div>
      </header>
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}
