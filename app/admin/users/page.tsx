import type { Metadata } from "next";
import Link from "next/link";
import { UserAdmin } from "@/components/admin/UserAdmin";
import { requireSession } from "@/app/_lib/session";
import { can } from "@/lib/protocol/roles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

/** Accounts and roles: admins only (the routes behind it check again). */
export default async function UsersPage() {
  const { user, csrfToken } = await requireSession("/admin/users");
  if (!can(user.role, "user:manage")) {
    return (
      <section aria-labelledby="admins-only" className="mx-auto mt-8 max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm">
        <h1 id="admins-only" className="text-xl font-semibold">
          Admins only
        </h1>
        <p className="mt-2 text-slate-600">Managing accounts is for admins. Ask an admin of your newsroom if you need a change.</p>
        <Link href="/" className="mt-4 inline-block text-blue-700 underline">
          Back to the stories
        </Link>
      </section>
    );
  }
  return (
    <section aria-labelledby="users-title" className="space-y-4">
      <h1 id="users-title" className="text-2xl font-semibold">
        Users
      </h1>
      <p className="max-w-2xl text-sm text-slate-600">
        Admins manage everything and everyone; editors edit, publish and run the live feed; contributors edit drafts and post updates for
        approval; viewers read the desk. A role change or a deactivation applies at once.
      </p>
      <UserAdmin me={user} csrfToken={csrfToken} />
    </section>
  );
}
