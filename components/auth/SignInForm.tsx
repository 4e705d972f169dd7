"use client";
/**
 * Email and password. Checked here first with the same schema the server uses, so a typo in the
 * email is named under its field; the server's answer (wrong password, too many attempts with
 * the wait time) is shown above the button and read out. On success the desk opens at `next`.
 */
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ZSignIn, type SignedIn } from "@/lib/protocol";
import { Field } from "../ui/Field";
import { fieldErrors } from "../ui/form-errors";
import { api } from "./api";
import { safeNext } from "./safe-next";

type Errors = Partial<Record<"email" | "password", string>>;

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const failureId = useId();

  async function submit() {
    setFailure(null);
    const parsed = ZSignIn.safeParse({ email, password });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues, ["email", "password"] as const));
    setErrors({});
    setBusy(true);
    const result = await api<SignedIn>("/api/auth/signin", { method: "POST", body: parsed.data });
    if (!result.ok) {
      setBusy(false);
      setFailure(result.message);
      return;
    }
    // The layout (name, sign-out) is rendered on the server: fetch it again, now signed in.
    router.replace(safeNext(next));
    router.refresh();
  }

  return (
    <form
      noValidate
      aria-labelledby="signin-heading"
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 id="signin-heading" className="text-xl font-semibold">
        Sign in to the desk
      </h1>
      <Field
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        autoFocus
        required
        value={email}
        error={errors.email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <Field
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        error={errors.password}
        describedBy={failure ? failureId : undefined}
        onChange={(e) => setPassword(e.target.value)}
      />
      {failure && (
        <p id={failureId} role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          {failure}
        </p>
      )}
      <button type="submit" disabled={busy} className="w-full rounded bg-slate-900 px-4 py-2 font-medium text-white disabled:opacity-50">
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <p className="text-xs text-slate-500">No account? An admin of your newsroom creates one for you.</p>
    </form>
  );
}
