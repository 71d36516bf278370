import { PageHeader } from "@/components/page-header";
import { StartCallForm } from "@/components/start-call-form";
import { requireSupervisor } from "@/lib/auth/require-supervisor";
import { env } from "@/lib/env";
import { CALL_START_LIMITS } from "@/lib/rate-limit/call-start-limits";

export const dynamic = "force-dynamic";

export default async function StartCallPage() {
  await requireSupervisor();
  const plivo = env().plivo.configured;
  return (
    <>
      <PageHeader
        title="Start a call"
        description={
          plivo
            ? "Plivo rings the number and connects it to the IVR; it shows under Live calls once answered."
            : "Plivo credentials are not set, so the built-in simulator places the call: you will pick up as the caller in the browser phone."
        }
      />
      <StartCallForm mode={plivo ? "plivo" : "simulator"} />
      <p className="text-xs text-slate-500">
        Limits: {CALL_START_LIMITS.perSupervisor.limit} calls per minute per supervisor, {CALL_START_LIMITS.global.limit} per minute for the whole floor.
      </p>
    </>
  );
}
