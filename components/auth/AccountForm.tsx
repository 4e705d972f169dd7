"use client";
/** Changing your own display name; the header and your desk connections follow at once. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { AUTH_LIMITS, ZUpdateMe, type SessionUser, type SignedIn } from "@/lib/protocol";
import { Field } from "../ui/Field";
import { api } from "./api";

export function AccountForm({ user, csrfToken }: { user: SessionUser; csrfToken: string }) {
  const router = useRouter();
  const [name, setName] = useState(user.name);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setStatus(null);
    const parsed = ZUpdateMe.safeParse({ name });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid name");
    setError(null);
    setBusy(true);
    const result = await api<SignedIn>("/api/auth/me", { method: "PATCH", body: { name }, csrfToken });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setName(result.data.user.name);
    setStatus(`Saved: you are now ${result.data.user.name}.`);
    router.refresh(); // the header shows the new name
  }

  return (
    <form
      noValidate
      aria-label="Your name"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Field label="Display name" autoComplete="name" value={name} error={error} maxLength={AUTH_LIMITS.nameMax} onChange={(e) => setName(e.target.value)} />
      <button type="submit" disabled={busy} className="rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50">
        {busy ? "Saving…" : "Save name"}
      </button>
      {status && (
        <p role="status" className="text-sm text-green-800">
          {status}
        </p>
      )}
    </form>
  );
}
