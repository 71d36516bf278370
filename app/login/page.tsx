import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { currentSupervisor } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in — Switchboard" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { callbackUrl } = await searchParams;
  // Here (not in the proxy, which only sees the cookie's signature) so a revoked session is not bounced back.
  if (await currentSupervisor()) redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="text-3xl" aria-hidden>
            ☎
          </p>
          <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900">Switchboard</h1>
          <p className="text-sm text-slate-600">Sign in to supervise the floor.</p>
        </div>
        <LoginForm callbackUrl={safeCallbackPath(callbackUrl)} />
      </div>
    </main>
  );
}
