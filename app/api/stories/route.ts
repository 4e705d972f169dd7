import { ZCreateStory } from "@/lib/protocol/stories";
import { getServices } from "@/server/services";
import { requireApiSession, sessionToken } from "../_lib/auth";
import { errorResponse, json, parseBody } from "../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/stories?search=&archived=1 — stories with their count of published cards; signed-in
 * desk users also get `cardCount` (drafts and cards in review included): readers are not told how
 * many cards the desk holds that they cannot see. Restricted stories appear only to their members
 * and admins (signed in); archived ones only with `archived=1`.
 */
export async function GET(req: Request) {
  const services = getServices();
  const session = await services.accounts.resolveSession(sessionToken(req));
  const viewer = session?.user ?? { id: "", role: "viewer" as const };
  const params = new URL(req.url).searchParams;
  const search = (params.get("search") ?? "").slice(0, 100);
  const stories = await services.stories.list(viewer, { search, archived: params.get("archived") === "1" });
  if (session) return json({ stories });
  return json({ stories: stories.map(withoutDraftCount) });
}

function withoutDraftCount<T extends { cardCount: number }>(story: T): Omit<T, "cardCount"> {
  const copy: Partial<T> = { ...story };
  delete copy.cardCount;
  return copy as Omit<T, "cardCount">;
}

/**
 * POST /api/stories {headline, summary, slug, coverageStart, timeZones, article, cards, restricted,
 * memberIds} (x-csrf-token; editors and admins) — opens a story with its draft cards at once.
 */
export async function POST(req: Request) {
  const session = await requireApiSession(req, { csrf: true, action: "story:create" });
  if (session instanceof Response) return session;
  const input = await parseBody(req, ZCreateStory);
  if (input instanceof Response) return input;
  try {
    const services = getServices();
    const story = await services.stories.create(input, session.user);
    services.broadcasts.storiesChanged();
    return json({ story }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
