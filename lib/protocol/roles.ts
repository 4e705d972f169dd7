/**
 * Who may do what: one table, shared so the desk disables what the server would refuse. The
 * server checks it on every command (server/domain/policy.ts). Until accounts arrive every
 * desk user acts as an editor.
 */
export const ROLES = ["admin", "editor", "contributor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | "story:read"
  | "card:create"
  | "card:edit"
  | "card:review"
  | "card:publish"
  | "card:delete"
  | "feed:post"
  | "feed:manage";

const EVERYONE: readonly Role[] = ROLES;
const WRITERS: readonly Role[] = ["admin", "editor", "contributor"];
const EDITORS: readonly Role[] = ["admin", "editor"];

export const PERMISSIONS: Readonly<Record<Action, readonly Role[]>> = {
  "story:read": EVERYONE,
  "card:create": WRITERS,
  /** Title, summary, text, and reverting the working copy to a revision. */
  "card:edit": WRITERS,
  /** Draft ⇄ in review. */
  "card:review": WRITERS,
  /** Publish, republish (update or correction), unpublish. */
  "card:publish": EDITORS,
  "card:delete": EDITORS,
  "feed:post": EDITORS,
  "feed:manage": EDITORS,
};

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}
