import type { Metadata } from "next";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in — Switchboard" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { callbackUrl } = await searchParams;
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
        <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : "/"} />
      </div>
    </main>
  );
}
