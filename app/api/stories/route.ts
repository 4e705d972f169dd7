import { resolveSession } from "@/server/domain/accounts";
import { listStories } from "@/server/domain/stories";
import { getServices } from "@/server/registry";
import { sessionToken } from "../_lib/auth";
import { json } from "../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/stories — every story with its count of published cards; signed-in desk users also get
 * `cardCount` (drafts and cards in review included). Readers are not told how many cards the desk
 * holds that they cannot see.
 */
export async function GET(req: Request) {
  const { store } = getServices();
  const [stories, session] = await Promise.all([listStories(store), resolveSession(store, sessionToken(req))]);
  if (session) return json({ stories });
  return json({ stories: stories.map(withoutDraftCount) });
}

function withoutDraftCount<T extends { cardCount: number }>(story: T): Omit<T, "cardCount"> {
  const copy: Partial<T> = { ...story };
  delete copy.cardCount;
  return copy as Omit<T, "cardCount">;
}
