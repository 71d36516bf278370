// The supervisor shell: session check, navigation, and the live connection that keeps every page current.
import Link from "next/link";
import { LiveSync } from "@/components/live-sync";
import { NavLinks } from "@/components/nav-links";
import { buttonSecondary } from "@/components/ui-classes";
import { logoutAction } from "@/lib/auth/login-action";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { pusherClientConfig } from "@/lib/realtime/client-config";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const supervisor = await requireSupervisor();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/" className="flex items-center gap-2 font-bold tracking-tight text-slate-900">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-indigo-600 text-sm text-white">
              ☎
            </span>
            Switchboard
          </Link>
          <NavLinks />
          <div className="ml-auto flex items-center gap-3">
            <LiveSync pusher={pusherClientConfig()} />
            <span className="hidden text-sm text-slate-600 md:inline" title={supervisor.email}>
              {supervisor.name}
            </span>
            {supervisor.role === "ADMIN" ? (
              <Link href="/supervisors" className="text-sm text-slate-600 hover:text-slate-900">
                Supervisors
              </Link>
            ) : null}
            <Link href="/account/password" className="text-sm text-slate-600 hover:text-slate-900">
              Password
            </Link>
            <form action={logoutAction}>
              <button type="submit" className={buttonSecondary}>
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl space-y-6 px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}
