"use client";
/** The admin's user list: everyone with an account, their role and state, and a form to add people. */
import { useEffect, useState } from "react";
import type { SessionUser, UserSummary } from "@/lib/protocol";
import { api } from "../auth/api";
import { CreateUserForm } from "./CreateUserForm";
import { UserRow } from "./UserRow";

const byName = (a: UserSummary, b: UserSummary) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email);

export function UserAdmin({ me, csrfToken }: { me: SessionUser; csrfToken: string }) {
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api<{ users: UserSummary[] }>("/api/admin/users").then((result) => {
      if (!live) return;
      if (result.ok) setUsers([...result.data.users].sort(byName));
      else setError(result.message);
    });
    return () => {
      live = false;
    };
  }, []);

  const upsert = (user: UserSummary) => setUsers((old) => [...(old ?? []).filter((u) => u.id !== user.id), user].sort(byName));

  return (
    <div className="space-y-6">
      <CreateUserForm csrfToken={csrfToken} onCreated={upsert} />
      <section aria-labelledby="users-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="users-heading" className="font-semibold">
          Accounts{users && ` (${users.length})`}
        </h2>
        {error && (
          <p role="alert" className="mt-2 rounded bg-red-50 px-3 py-2 text-sm text-red-900">
            {error}
          </p>
        )}
        {users === null ? (
          !error && <p className="mt-2 text-sm text-slate-500">Loading…</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[40rem] text-sm">
              <thead className="border-b border-slate-200 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">Name</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Email</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Role</th>
                  <th scope="col" className="py-1 pr-3 font-medium">State</th>
                  <th scope="col" className="py-1 font-medium">Actions</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <UserRow key={u.id} user={u} self={u.id === me.id} csrfToken={csrfToken} onChanged={upsert} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
