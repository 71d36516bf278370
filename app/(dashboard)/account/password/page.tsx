import { PageHeader } from "@/components/page-header";
import { requireSupervisor } from "@/lib/auth/session";
import { PasswordForm } from "./password-form";

export const metadata = { title: "Change password — Switchboard" };

export default async function ChangePasswordPage() {
  await requireSupervisor();
  return (
    <>
      <PageHeader title="Change password" description="Changing it signs you out everywhere, this browser included; then sign in with the new one." />
      <PasswordForm />
    </>
  );
}
