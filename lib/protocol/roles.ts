/**
 * Who may do what: one table, shared so the desk disables what the server would refuse. The
 * server checks it on every command and route (server/domain/policy.ts).
 */
export const ROLES = ["admin", "editor", "contributor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | "story:read"
  | "story:readRestricted"
  | "story:create"
  | "story:manage"
  | "card:create"
  | "card:edit"
  | "card:review"
  | "card:publish"
  | "card:delete"
  | "feed:post"
  | "feed:approve"
  | "feed:manage"
  | "audit:read"
  | "user:manage"
  | "comment:read"
  | "comment:write"
  | "comment:moderate"
  | "suggestion:review";

const EVERYONE: readonly Role[] = ROLES;
const WRITERS: readonly Role[] = ["admin", "editor", "contributor"];
const EDITORS: readonly Role[] = ["admin", "editor"];

export const PERMISSIONS: Readonly<Record<Action, readonly Role[]>> = {
  "story:read": EVERYONE,
  /** Every story, restricted ones included, without being a member (and so never left out of one). */
  "story:readRestricted": ["admin"],
  /**
   * Opening a story names a public address and commits the desk: editors and admins only.
   * Contributors ask an editor to open one (they then write its drafts like any other story).
   */
  "story:create": EDITORS,
  /** Settings (headline, summary, slug, time zones, coverage), end/reopen, archive, access. */
  "story:manage": EDITORS,
  "card:create": WRITERS,
  /** Title, summary, text, and reverting the working copy to a revision. */
  "card:edit": WRITERS,
  /** Draft ⇄ in review. */
  "card:review": WRITERS,
  /** Publish, republish (update or correction), unpublish. */
  "card:publish": EDITORS,
  "card:delete": EDITORS,
  /** A contributor's posts wait for an editor's approval before readers see them. */
  "feed:post": WRITERS,
  "feed:approve": EDITORS,
  "feed:manage": EDITORS,
  "audit:read": EDITORS,
  "user:manage": ["admin"],
  /** Review threads on card text, cards and posts awaiting approval: never shown to readers. */
  "comment:read": EVERYONE,
  /**
   * Viewers read threads but do not write them: a viewer account is for watching the desk
   * (a lawyer, a partner newsroom), and a comment asks the writers for work.
   */
  "comment:write": WRITERS,
  /** Resolving, reopening or deleting someone else's thread or comment. */
  "comment:moderate": EDITORS,
  /** Accepting or rejecting suggestions in card text. */
  "suggestion:review": EDITORS,
};

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}

/** Contributors write drafts only; editors and admins any card. */
export function canEditCard(role: Role, status: string): boolean {
  return can(role, "card:edit") && (role !== "contributor" || status === "draft");
}

/**
 * How someone may change a card's text: directly ("edit"), only by suggesting ("suggest": a
 * contributor on a card past draft, so they can still propose changes to cards in review and
 * published ones), or not at all (null). The server refuses a plain edit in "suggest" mode
 * (server/collab/suggestion-guard.ts).
 */
export function cardTextMode(role: Role, status: string): "edit" | "suggest" | null {
  if (!can(role, "card:edit")) return null;
  return canEditCard(role, status) ? "edit" : "suggest";
}

/**
 * Moving a card: a published card's position is its place on the public live page and in every
 * embed list, so moving one needs the right to publish; drafts and cards in review are anyone's
 * who may write (their place changes nothing readers see).
 */
export function canMoveCard(role: Role, status: string): boolean {
  return can(role, "card:edit") && (status !== "published" || can(role, "card:publish"));
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: "Admin",
  editor: "Editor",
  contributor: "Contributor",
  viewer: "Viewer",
};
