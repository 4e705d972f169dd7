import type { Metadata } from "next";
import { AccountForm } from "@/components/auth/AccountForm";
import { requireSession } from "@/app/_lib/session";
import { ROLE_LABELS } from "@/lib/protocol/roles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your account" };

/** Your own account: the name others see (presence, bylines, the audit log). */
export default async function AccountPage() {
  const { user, csrfToken } = await requireSession("/account");
  return (
    <section aria-labelledby="account-title" className="mx-auto max-w-lg space-y-4">
      <h1 id="account-title" className="text-2xl font-semibold">
        Your account
      </h1>
      <p className="text-sm text-slate-600">
        Signed in as <span className="font-medium text-slate-900">{user.email}</span> ({ROLE_LABELS[user.role]}). Your name is your byline on
        live updates and what others see on the desk.
      </p>
      <AccountForm user={user} csrfToken={csrfToken} />
    </section>
  );
}
