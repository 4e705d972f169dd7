/**
 * Accounts and sessions: the shapes the sign-in page, the admin page and the server share.
 * Passwords never travel anywhere but in the sign-in and user-admin requests.
 */
import { z } from "zod";
import { ROLES } from "./roles";
import type { Role } from "./roles";

/** The session cookie (httpOnly; SameSite=Lax; Secure behind https). */
export const SESSION_COOKIE = "newsdesk_session";
/** State-changing HTTP requests of a signed-in user carry the session's CSRF token in this header. */
export const CSRF_HEADER = "x-csrf-token";

export const AUTH_LIMITS = {
  passwordMin: 10,
  passwordMax: 200,
  emailMax: 254,
  nameMax: 40,
} as const;

/** A signed-in person as the browser sees them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** A user as the admin page lists them. */
export interface UserSummary extends SessionUser {
  active: boolean;
  createdAt: string;
}

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(AUTH_LIMITS.emailMax, "Email is too long")
  .pipe(z.email({ error: "Enter a valid email address" }));

const ZPassword = z
  .string()
  .min(AUTH_LIMITS.passwordMin, `The password must be at least ${AUTH_LIMITS.passwordMin} characters`)
  .max(AUTH_LIMITS.passwordMax, `The password must be at most ${AUTH_LIMITS.passwordMax} characters`);

export const ZRole = z.enum(ROLES, { error: () => `Role must be one of: ${ROLES.join(", ")}` });

export const ZSignIn = z.object({
  email: ZEmail,
  // Any length is accepted at sign-in (an old password may predate the rules); bounded for safety.
  password: z.string().min(1, "Enter your password").max(AUTH_LIMITS.passwordMax),
});

/** A display name: the byline of live updates, the name in presence and the audit log. */
export const ZDisplayName = z
  .string()
  .trim()
  .min(1, "A name is required")
  .max(AUTH_LIMITS.nameMax, `Name must be at most ${AUTH_LIMITS.nameMax} characters`);

export const ZCreateUser = z.object({
  email: ZEmail,
  name: ZDisplayName,
  role: ZRole,
  password: ZPassword,
});
export type CreateUser = z.input<typeof ZCreateUser>;

export const ZUpdateUser = z
  .object({ name: ZDisplayName.optional(), role: ZRole.optional(), active: z.boolean().optional(), password: ZPassword.optional() })
  .strict()
  .refine((u) => u.name !== undefined || u.role !== undefined || u.active !== undefined || u.password !== undefined, "Nothing to change");
export type UpdateUser = z.input<typeof ZUpdateUser>;

/** `PATCH /api/auth/me`: what anyone signed in may change about themself. */
export const ZUpdateMe = z.object({ name: ZDisplayName }).strict();
export type UpdateMe = z.input<typeof ZUpdateMe>;

/** What `PATCH /api/admin/users/:id` answers: `sessionKept` when you changed your own password. */
export interface UpdatedUser {
  user: UserSummary;
  /** You set your own password: this session stays signed in, your other sessions were ended. */
  sessionKept?: boolean;
}

/** What `POST /api/auth/signin` and `GET /api/auth/me` answer. */
export interface SignedIn {
  user: SessionUser;
  csrfToken: string;
}
