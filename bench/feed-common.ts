/** What the feed benchmark's processes share: the systems under test and where readers go. */
export type System = "newsdesk" | "bare";
export const SYSTEMS: readonly System[] = ["newsdesk", "bare"];
/** The seeded story the Newsdesk readers follow. */
export const SLUG = "petro-trump-white-house";
/** The room of the bare server's readers. */
export const BARE_ROOM = "live:bench";
