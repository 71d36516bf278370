// The browser phone: place a simulated call into our IVR (or pick up one "placed" from the dashboard with ?to=)
// when no Plivo account is configured. The browser never signs: it goes through /api/simulator/relay.
import Link from "next/link";
import { z } from "zod";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { env } from "@/lib/env";
import { Phone } from "./_components/phone";

export const dynamic = "force-dynamic";

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/);

export default async function PhonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSupervisor();
  const params = await searchParams;
  const to = e164.safeParse(params.to);
  const config = env();
  return (
    <main className="mx-auto max-w-5xl space-y-6 px-4 py-8 sm:px-6">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Call simulator</h1>
          <p className="text-sm text-slate-600">Plays Plivo&apos;s part against this server&apos;s IVR webhooks: you are the caller.</p>
        </div>
        <Link href="/" className="text-sm font-medium text-indigo-700 hover:underline">
          ← Dashboard
        </Link>
      </header>
      {config.plivo.configured ? (
        <p role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Plivo is configured, so the simulator is off: real calls reach the webhooks. Use a real phone.
        </p>
      ) : (
        <Phone
          baseUrl={config.publicBaseUrl}
          ourNumber={config.plivo.fromNumber ?? "+14155550000"}
          outboundTo={to.success ? to.data : null}
          invalidTo={params.to !== undefined && !to.success}
        />
      )}
    </main>
  );
}
