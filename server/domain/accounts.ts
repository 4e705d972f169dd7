/**
 * Accounts and sessions. Passwords are hashed with argon2id (node-argon2's defaults: 64 MiB,
 * 3 passes). A session is a random 256-bit token in an httpOnly cookie; the database keeps only
 * its SHA-256, so reading the database does not let anyone sign in. Sessions slide: used in the
 * second half of their life, they are extended by a full term.
 */
import { createHash, randomBytes } from "node:crypto";
import * as argon2 from "argon2";
import type { CreateUser, SessionUser, UpdateUser, UserSummary } from "../../lib/protocol/auth";
import { can, type Role } from "../../lib/protocol/roles";
import type { DeskStore, UserRecord } from "../store/types";
import { record, type AuditActor } from "./audit";
import { DomainError, notFound } from "./errors";
import { authorize } from "./policy";

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
let dummyHash: Promise<string> | null = null;

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export const sessionIdOf = (token: string) => createHash("sha256").update(token).digest("base64url");

export function toSessionUser(u: UserRecord): SessionUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role as Role };
}

export function toUserSummary(u: UserRecord): UserSummary {
  return { ...toSessionUser(u), active: u.active, createdAt: u.createdAt.toISOString() };
}

export interface ResolvedSession {
  user: SessionUser;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

const wrongCredentials = () => new DomainError("UNAUTHORIZED", "Email or password is wrong");

/** Checks the credentials and opens a session; the same answer for an unknown email, a wrong password and a deactivated account. */
export async function signIn(
  store: DeskStore,
  { email, password }: { email: string; password: string },
  now = new Date(),
): Promise<{ token: string; session: ResolvedSession }> {
  const user = await store.users.findByEmail(email);
  if (!user) {
    dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await argon2.verify(await dummyHash, password).catch(() => false);
    throw wrongCredentials();
  }
  const valid = await argon2.verify(user.passwordHash, password).catch(() => false);
  if (!valid || !user.active) throw wrongCredentials();
  const token = randomBytes(32).toString("base64url");
  const session = await store.users.createSession({
    id: sessionIdOf(token),
    userId: user.id,
    csrfToken: randomBytes(24).toString("base64url"),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  });
  await record(store, user, "auth.signin", {}, `signed in`);
  return { token, session: { user: toSessionUser(user), sessionId: session.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt } };
}

/** The session of a cookie token, or null when it is unknown, expired, or its account is deactivated. */
export async function resolveSession(store: DeskStore, token: string | undefined, now = new Date()): Promise<ResolvedSession | null> {
  if (!token || token.length > 200) return null;
  const id = sessionIdOf(token);
  const session = await store.users.findSession(id);
  if (!session) return null;
  if (session.expiresAt.getTime() <= now.getTime() || !session.user.active) {
    await store.users.deleteSession(id);
    return null;
  }
  let { expiresAt } = session;
  if (expiresAt.getTime() - now.getTime() < SESSION_TTL_MS / 2) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await store.users.extendSession(id, expiresAt);
  }
  return { user: toSessionUser(session.user), sessionId: id, csrfToken: session.csrfToken, expiresAt };
}

export async function signOut(store: DeskStore, session: ResolvedSession): Promise<void> {
  await store.users.deleteSession(session.sessionId);
  await record(store, session.user, "auth.signout", {}, "signed out");
}

export async function listUsers(store: DeskStore, actor: { role: Role }): Promise<UserSummary[]> {
  authorize(actor, "user:manage");
  return (await store.users.list()).map(toUserSummary);
}

/** Creates an account. `actor` null: the command line or first start (no one signed in yet). */
export async function createUser(store: DeskStore, input: CreateUser & { email: string }, actor: (AuditActor & { role: Role }) | null): Promise<UserSummary> {
  if (actor) authorize(actor, "user:manage");
  const created = await store.users.create({
    email: input.email.trim().toLowerCase(),
    name: input.name.trim(),
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  if (!created) throw new DomainError("CONFLICT", `An account with the email ${input.email} already exists`, { field: "email" });
  await record(store, actor ?? { name: "command line" }, "user.create", {}, `created ${created.email} as ${created.role}`);
  return toUserSummary(created);
}

/**
 * Renames, changes a role, (de)activates, or sets a new password. An admin cannot demote or
 * deactivate themself, so the desk always keeps at least the admin who is acting. An admin who
 * sets their own password stays signed in in `actor.sessionId` (their other sessions end).
 */
export async function updateUser(
  store: DeskStore,
  id: string,
  input: UpdateUser,
  actor: AuditActor & { id: string; role: Role; sessionId?: string },
): Promise<UserSummary> {
  authorize(actor, "user:manage");
  const user = await store.users.findById(id);
  if (!user) throw notFound("User");
  if (id === actor.id && ((input.role && !can(input.role, "user:manage")) || input.active === false)) {
    throw new DomainError("VALIDATION_FAILED", "You cannot demote or deactivate your own account; ask another admin");
  }
  const updated = await store.users.update(
    id,
    {
      ...(input.name ? { name: input.name.trim() } : {}),
      ...(input.role ? { role: input.role } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
    },
    id === actor.id && actor.sessionId ? { keepSessionId: actor.sessionId } : {},
  );
  if (!updated) throw notFound("User");
  const changes = [
    input.name && input.name.trim() !== user.name ? `name: ${user.name} → ${updated.name}` : null,
    input.role && input.role !== user.role ? `role: ${user.role} → ${input.role}` : null,
    input.active !== undefined && input.active !== user.active ? (input.active ? "reactivated" : "deactivated") : null,
    input.password ? "password reset" : null,
  ].filter(Boolean);
  await record(store, actor, "user.update", {}, `${updated.email}: ${changes.join(", ") || "no change"}`);
  return toUserSummary(updated);
}

/** Anyone signed in renames themself (their byline on new live updates and in presence). */
export async function renameSelf(store: DeskStore, actor: AuditActor & { id: string }, name: string): Promise<SessionUser> {
  const user = await store.users.findById(actor.id);
  if (!user || !user.active) throw notFound("User");
  const updated = await store.users.update(actor.id, { name: name.trim() });
  if (!updated) throw notFound("User");
  if (updated.name !== user.name) await record(store, actor, "user.update", {}, `${updated.email}: name: ${user.name} → ${updated.name}`);
  return toSessionUser(updated);
}

/** Demo accounts for local development (never created in production). The password is public. */
export const DEMO_PASSWORD = "newsdesk-demo";
export const DEMO_USERS = [
  { email: "admin@newsdesk.local", name: "Ada Admin", role: "admin" },
  { email: "editor@newsdesk.local", name: "Eddie Editor", role: "editor" },
  { email: "contributor@newsdesk.local", name: "Cora Contributor", role: "contributor" },
  { email: "viewer@newsdesk.local", name: "Vic Viewer", role: "viewer" },
] as const;

/**
 * The first account, when there is none: from ADMIN_EMAIL/ADMIN_PASSWORD if set; otherwise, in
 * development, the demo accounts; otherwise (production without configuration) an admin with a
 * generated password, handed to `saveSecret` (a file only the owner can read — never the log),
 * so `npm start` on a fresh machine can be signed into.
 */
export async function ensureFirstAccounts(
  store: DeskStore,
  options: { adminEmail?: string; adminPassword?: string; production: boolean },
  announce: (message: string, fields: Record<string, string>) => void,
  saveSecret: (content: string) => Promise<string>,
): Promise<void> {
  if ((await store.users.count()) > 0) return;
  if (options.adminEmail && options.adminPassword) {
    await createUser(store, { email: options.adminEmail, name: "Admin", role: "admin", password: options.adminPassword }, null).catch(conflictIsFine);
    announce("First admin created from ADMIN_EMAIL", { email: options.adminEmail });
    return;
  }
  if (!options.production) {
    for (const demo of DEMO_USERS) await createUser(store, { ...demo, password: DEMO_PASSWORD }, null).catch(conflictIsFine);
    announce("Demo accounts created (development only)", { emails: DEMO_USERS.map((u) => u.email).join(", "), password: DEMO_PASSWORD });
    return;
  }
  const password = randomBytes(12).toString("base64url");
  const email = "admin@newsdesk.local";
  await createUser(store, { email, name: "Admin", role: "admin", password }, null).catch(conflictIsFine);
  const file = await saveSecret(`email: ${email}\npassword: ${password}\n`);
  announce(`First admin created: its password is in ${file}; sign in, set a new one on /admin/users, then delete the file`, { email, file });
}

/** Two processes starting at once: the second finds the account already there. */
function conflictIsFine(err: unknown): void {
  if ((err as { code?: string }).code !== "CONFLICT") throw err;
}
