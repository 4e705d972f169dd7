/**
 * Social and video posts in live updates (X, YouTube, Instagram, Bluesky, TikTok, Vimeo), shared by
 * the server (which validates what the desk sends) and the reader's live page (which renders the
 * placeholder and, only after a click, the platform's frame). Dependency-free: it ships in
 * public/live/page.js.
 *
 * Why frames and no platform scripts: a platform's widget script (about 1.5 MB for one tweet) is
 * the heaviest thing on a live page. Each platform also serves a plain embed document we can frame
 * once the reader asks for it, so the page loads nothing from the platform until that click.
 */

export type EmbedProvider = "x" | "youtube" | "instagram" | "bluesky" | "tiktok" | "vimeo";

export interface SocialEmbed {
  provider: EmbedProvider;
  /** The post's canonical address (a link for readers, and what is stored). */
  url: string;
  /** The platform's embed document, framed only after the reader's click. */
  frameSrc: string;
  /** Frame size (CSS px) the placeholder reserves, so loading it moves nothing below. */
  width: number;
  height: number;
}

/** Names readers see ("Load post from X"). */
export const PROVIDER_NAMES: Record<EmbedProvider, string> = {
  x: "X",
  youtube: "YouTube",
  instagram: "Instagram",
  bluesky: "Bluesky",
  tiktok: "TikTok",
  vimeo: "Vimeo",
};

const enc = encodeURIComponent;
const VIDEO = { width: 560, height: 315 };
const POST = { width: 550, height: 600 };

/** Address checks with a plain pattern per platform: only ids we re-encode reach a frame address. */
const RULES: { provider: EmbedProvider; hosts: string[]; match: RegExp; build: (m: RegExpMatchArray) => Omit<SocialEmbed, "provider"> }[] = [
  {
    provider: "x",
    hosts: ["x.com", "twitter.com", "mobile.twitter.com"],
    match: /^\/([A-Za-z0-9_]{1,15})\/status\/(\d{1,25})/,
    build: (m) => ({ url: `https://x.com/${m[1]}/status/${m[2]}`, frameSrc: `https://platform.twitter.com/embed/Tweet.html?id=${m[2]}&dnt=true`, ...POST }),
  },
  {
    provider: "youtube",
    hosts: ["youtube.com", "m.youtube.com"],
    match: /^\/(?:watch\?(?:.*&)?v=|shorts\/|live\/|embed\/)([A-Za-z0-9_-]{11})/,
    build: (m) => youtube(m[1]),
  },
  { provider: "youtube", hosts: ["youtu.be"], match: /^\/([A-Za-z0-9_-]{11})/, build: (m) => youtube(m[1]) },
  {
    provider: "instagram",
    hosts: ["instagram.com"],
    match: /^\/(p|reel|tv)\/([A-Za-z0-9_-]{5,40})/,
    build: (m) => ({ url: `https://www.instagram.com/${m[1]}/${m[2]}/`, frameSrc: `https://www.instagram.com/${m[1]}/${m[2]}/embed/`, ...POST }),
  },
  {
    provider: "bluesky",
    hosts: ["bsky.app"],
    match: /^\/profile\/([A-Za-z0-9.:_-]{3,253})\/post\/([a-z0-9]{5,20})/,
    build: (m) => ({
      url: `https://bsky.app/profile/${m[1]}/post/${m[2]}`,
      frameSrc: `https://embed.bsky.app/embed/${enc(m[1])}/app.bsky.feed.post/${m[2]}`,
      ...POST,
    }),
  },
  {
    provider: "tiktok",
    hosts: ["tiktok.com"],
    match: /^\/@([A-Za-z0-9_.]{1,40})\/video\/(\d{5,25})/,
    build: (m) => ({ url: `https://www.tiktok.com/@${m[1]}/video/${m[2]}`, frameSrc: `https://www.tiktok.com/embed/v2/${m[2]}`, width: 325, height: 740 }),
  },
  {
    provider: "vimeo",
    hosts: ["vimeo.com"],
    match: /^\/(\d{3,12})(?:$|[/?#])/,
    build: (m) => ({ url: `https://vimeo.com/${m[1]}`, frameSrc: `https://player.vimeo.com/video/${m[1]}?dnt=1`, ...VIDEO }),
  },
];

function youtube(id: string): Omit<SocialEmbed, "provider"> {
  return { url: `https://www.youtube.com/watch?v=${id}`, frameSrc: `https://www.youtube-nocookie.com/embed/${id}?autoplay=1`, ...VIDEO };
}

/** Why a pasted address cannot be used at all (not even as a plain link), or null when it can. */
export function unsafeLinkReason(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "This is not a web address (it must start with https://)";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `${url.protocol.replace(":", "")}: addresses are not allowed; paste an https:// link`;
  return null;
}

/** The embed for a pasted address, or null for a site we do not embed (it is posted as a link). */
export function parseSocialEmbed(raw: string): SocialEmbed | null {
  if (unsafeLinkReason(raw)) return null;
  const url = new URL(raw.trim());
  const host = url.hostname.toLowerCase().replace(/^www\./, "");
  const path = url.pathname + url.search;
  for (const rule of RULES) {
    if (!rule.hosts.includes(host)) continue;
    const m = path.match(rule.match);
    if (m) return { provider: rule.provider, ...rule.build(m) };
  }
  return null;
}
