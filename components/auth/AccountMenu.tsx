"use client";
/** Who is signed in, their role, the admin's way to the user list, and signing out. */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { onAccountChange } from "./account-events";
import { can, ROLE_LABELS, type SessionUser } from "@/lib/protocol";
import { api } from "./api";

export function AccountMenu({ user: signedIn, csrfToken }: { user: SessionUser; csrfToken: string }) {
  const router = useRouter();
  // What the desk learnt since the page was rendered (a live role or name change).
  const [live, setLive] = useState<Pick<SessionUser, "name" | "role"> | null>(null);
  useEffect(() => onAccountChange(setLive), []);
  const user = { ...signedIn, ...live };
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOut() {
    setBusy(true);
    setError(null);
    const result = await api("/api/auth/signout", { method: "POST", csrfToken });
    // 401: the session had already ended; either way, the sign-in page is next.
    if (result.ok || result.status === 401) {
      // Leaving the page closes its desk connection; the refresh drops the signed-in header.
      router.replace("/signin");
      router.refresh();
      return;
    }
    setBusy(false);
    setError(result.message);
  }

  return (
    <div className="ml-auto flex flex-wrap items-center justify-end gap-x-3 gap-y-1 text-sm" data-testid="account">
      <span>
        <span className="sr-only">Signed in as </span>
        <Link href="/account" className="font-medium underline-offset-2 hover:underline" data-testid="account-name" title="Your account">
          {user.name}
        </Link>{" "}
        <span data-testid="account-role" className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 ring-1 ring-slate-300">
          {ROLE_LABELS[user.role]}
        </span>
      </span>
      {can(user.role, "user:manage") && (
        <Link href="/admin/users" className="text-blue-700 underline">
          Users
        </Link>
      )}
      <button type="button" disabled={busy} onClick={() => void signOut()} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:opacity-50">
        {busy ? "Signing out…" : "Sign out"}
      </button>
      {error && (
        <p role="alert" className="w-full text-right text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
