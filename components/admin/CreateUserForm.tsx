"use client";
/**
 * Creates an account: email, name, role and an initial password the admin passes on. Checked
 * here with the server's own schema first, so each problem shows under its field.
 */
import { useId, useState } from "react";
import { AUTH_LIMITS, ROLE_LABELS, ROLES, ZCreateUser, type Role, type UserSummary } from "@/lib/protocol";
import { api } from "../auth/api";
import { Field } from "../ui/Field";
import { fieldErrors } from "../ui/form-errors";

const FIELDS = ["email", "name", "role", "password"] as const;
type FieldName = (typeof FIELDS)[number];

export function CreateUserForm({ csrfToken, onCreated }: { csrfToken: string; onCreated: (user: UserSummary) => void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roleId = useId();

  async function submit() {
    setFailure(null);
    setDone(null);
    const parsed = ZCreateUser.safeParse({ email, name, role, password });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues, FIELDS));
    setErrors({});
    setBusy(true);
    const result = await api<{ user: UserSummary }>("/api/admin/users", { method: "POST", body: parsed.data, csrfToken });
    setBusy(false);
    if (!result.ok) {
      if (result.status === 409) return setErrors({ email: "An account with this email already exists." });
      const field = FIELDS.find((f) => f === result.field);
      if (field) return setErrors({ [field]: result.message });
      return setFailure(result.message);
    }
    onCreated(result.data.user);
    setDone(`${result.data.user.name} can now sign in as ${ROLE_LABELS[result.data.user.role].toLowerCase()} with ${result.data.user.email}.`);
    setEmail("");
    setName("");
    setPassword("");
  }

  return (
    <form
      noValidate
      aria-labelledby="create-user-heading"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="create-user-heading" className="font-semibold">
        Add a person
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Email" type="email" autoComplete="off" value={email} error={errors.email} maxLength={AUTH_LIMITS.emailMax} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Name" autoComplete="off" value={name} error={errors.name} maxLength={AUTH_LIMITS.nameMax} onChange={(e) => setName(e.target.value)} />
        <div>
          <label htmlFor={roleId} className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select
            id={roleId}
            value={role}
            aria-invalid={errors.role ? true : undefined}
            aria-describedby={errors.role ? `${roleId}-error` : undefined}
            onChange={(e) => setRole(e.target.value as Role)}
            className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          {errors.role && (
            <p id={`${roleId}-error`} className="mt-1 text-sm text-red-700">
              {errors.role}
            </p>
          )}
        </div>
        <Field
          label="Initial password"
          type="password"
          autoComplete="new-password"
          value={password}
          error={errors.password}
          hint={`At least ${AUTH_LIMITS.passwordMin} characters. Pass it on privately.`}
          maxLength={AUTH_LIMITS.passwordMax}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {failure && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          {failure}
        </p>
      )}
      {done && (
        <p role="status" className="rounded border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900">
          {done}
        </p>
      )}
      <button type="submit" disabled={busy} className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-50">
        {busy ? "Creating…" : "Create account"}
      </button>
    </form>
  );
}
