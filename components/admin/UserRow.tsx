"use client";
/**
 * One account on the admin page: rename it, change its role, deactivate or reactivate it (asked
 * first: its desk connections end at once), or set a new password. An admin cannot demote or
 * deactivate themself (the server refuses it too); setting their own password keeps them signed
 * in here and signs out their other sessions, and the page says so.
 */
import { useId, useRef, useState } from "react";
import { AUTH_LIMITS, ROLE_LABELS, ROLES, ZUpdateUser, type Role, type UpdatedUser, type UpdateUser, type UserSummary } from "@/lib/protocol";
import { api } from "../auth/api";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { Field } from "../ui/Field";

interface Props {
  user: UserSummary;
  self: boolean;
  csrfToken: string;
  onChanged: (user: UserSummary) => void;
}

const BUTTON = "rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-50";

export function UserRow({ user, self, csrfToken, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState("");
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(user.name);
  const [nameError, setNameError] = useState<string | null>(null);
  const confirm = useRef<HTMLDialogElement>(null);
  const id = useId();

  async function update(changes: UpdateUser, said: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setStatus(null);
    const result = await api<UpdatedUser>(`/api/admin/users/${encodeURIComponent(user.id)}`, { method: "PATCH", body: changes, csrfToken });
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return false;
    }
    onChanged(result.data.user);
    setStatus(result.data.sessionKept ? `${said} You stay signed in here; your other sessions were signed out.` : said);
    return true;
  }

  async function rename() {
    const parsed = ZUpdateUser.safeParse({ name });
    if (!parsed.success) return setNameError(parsed.error.issues[0]?.message ?? "Invalid name");
    setNameError(null);
    if (await update({ name }, "Name changed.")) setRenaming(false);
  }

  async function resetPassword() {
    const parsed = ZUpdateUser.safeParse({ password });
    if (!parsed.success) return setPasswordError(parsed.error.issues[0]?.message ?? "Invalid password");
    setPasswordError(null);
    if (await update({ password }, "Password changed.")) {
      setPassword("");
      setResetting(false);
    }
  }

  return (
    <tr data-testid="user-row" data-email={user.email} className={`border-b border-slate-100 align-top ${user.active ? "" : "text-slate-500"}`}>
      <th scope="row" className="py-2 pr-3 text-left font-medium">
        {user.name}
        {self && <span className="font-normal text-slate-500"> (you)</span>}
      </th>
      <td className="py-2 pr-3 break-all">{user.email}</td>
      <td className="py-2 pr-3">
        <label htmlFor={`${id}-role`} className="sr-only">
          Role of {user.name}
        </label>
        <select
          id={`${id}-role`}
          value={user.role}
          disabled={busy || self}
          title={self ? "You cannot change your own role" : undefined}
          onChange={(e) => void update({ role: e.target.value as Role }, `Now ${ROLE_LABELS[e.target.value as Role].toLowerCase()}.`)}
          className="rounded border border-slate-300 px-2 py-1 text-sm disabled:opacity-60"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </td>
      <td className="py-2 pr-3">
        <span
          data-testid="user-active"
          className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${user.active ? "bg-green-50 text-green-800 ring-green-300" : "bg-slate-100 text-slate-600 ring-slate-300"}`}
        >
          {user.active ? "Active" : "Deactivated"}
        </span>
      </td>
      <td className="py-2">
        <div className="flex flex-wrap gap-1">
          {user.active ? (
            <button type="button" disabled={busy || self} title={self ? "You cannot deactivate yourself" : undefined} onClick={() => confirm.current?.showModal()} className={`${BUTTON} text-red-700`}>
              Deactivate
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void update({ active: true }, "Reactivated: they can sign in again.")} className={BUTTON}>
              Reactivate
            </button>
          )}
          <button type="button" aria-expanded={renaming} aria-label={`Rename ${user.name}`} disabled={busy} onClick={() => setRenaming(!renaming)} className={BUTTON}>
            Rename
          </button>
          <button type="button" aria-expanded={resetting} aria-label={`Reset password of ${user.name}`} disabled={busy} onClick={() => setResetting(!resetting)} className={BUTTON}>
            Reset password
          </button>
        </div>
        {renaming && (
          <form
            noValidate
            aria-label={`New name for ${user.name}`}
            className="mt-2 flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void rename();
            }}
          >
            <Field label="Display name" value={name} error={nameError} maxLength={AUTH_LIMITS.nameMax} onChange={(e) => setName(e.target.value)} className="min-w-48" />
            <button type="submit" disabled={busy} className="rounded bg-slate-900 px-3 py-2 text-xs font-medium text-white disabled:opacity-50">
              Save name
            </button>
          </form>
        )}
        {resetting && (
          <form
            noValidate
            aria-label={`New password for ${user.name}`}
            className="mt-2 flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void resetPassword();
            }}
          >
            <Field
              label="New password"
              type="password"
              autoComplete="new-password"
              value={password}
              error={passwordError}
              maxLength={AUTH_LIMITS.passwordMax}
              onChange={(e) => setPassword(e.target.value)}
              className="min-w-48"
            />
            <button type="submit" disabled={busy} className="rounded bg-slate-900 px-3 py-2 text-xs font-medium text-white disabled:opacity-50">
              Set password
            </button>
          </form>
        )}
        {error && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {error}
          </p>
        )}
        {status && (
          <p role="status" className="mt-1 text-xs text-green-800">
            {status}
          </p>
        )}
        <ConfirmDialog
          dialogRef={confirm}
          title={`Deactivate ${user.name}?`}
          detail="They are signed out at once and cannot sign in until reactivated. Their work stays."
          confirmLabel="Deactivate"
          onConfirm={() => void update({ active: false }, "Deactivated.")}
        />
      </td>
    </tr>
  );
}
