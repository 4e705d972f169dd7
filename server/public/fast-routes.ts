/**
 * Which readers' paths the Node server answers itself (server/public/fast-path.ts) and with which
 * route handlers: the same modules Next would run for them, so the two can never disagree.
 * Loaded by server/index.ts only (tests call the route handlers directly).
 */
import type { FastRoute } from "./fast-path";

// Slugs and ids as the app makes them: no dots, so /live/page.js and /live/live.css stay static files.
const SLUG = "(?<slug>[a-z0-9-]{1,120})";
const ID = "(?<id>[A-Za-z0-9_-]{1,64})";

export async function publicRoutes(): Promise<FastRoute[]> {
  // @ts-expect-error next.config.js is plain JavaScript without types; its two header lists are read here.
  const config = (await import("../../next.config.js")) as Record<"noFraming" | "embedFraming", FastRoute["headers"]>;
  const { noFraming, embedFraming } = config;
  const [live, atom, card, embed, updates, story, cardApi] = await Promise.all([
    import("../../app/live/[slug]/route"),
    import("../../app/live/[slug]/atom.xml/route"),
    import("../../app/cards/[id]/route"),
    import("../../app/embed/cards/[id]/route"),
    import("../../app/api/stories/[slug]/updates/route"),
    import("../../app/api/stories/[slug]/route"),
    import("../../app/api/cards/[id]/route"),
  ]);
  const route = (path: string, handler: unknown, headers = noFraming): FastRoute => ({ path: new RegExp(`^${path}$`), handler: handler as FastRoute["handler"], headers });
  return [
    route(`/live/${SLUG}/?`, live.GET),
    route(`/live/${SLUG}/atom\\.xml`, atom.GET),
    route(`/cards/${ID}`, card.GET),
    route(`/embed/cards/${ID}`, embed.GET, embedFraming),
    route(`/api/stories/${SLUG}/updates`, updates.GET),
    // /api/stories/proposals is another route (POST only), never a story.
    route(`/api/stories/(?!proposals$)${SLUG}`, story.GET),
    route(`/api/cards/${ID}`, cardApi.GET),
  ];
}
