/**
 * What a live post carries besides its text: a headline, co-bylines, a social or video embed (or
 * a plain link for other sites), a photo. Validated here, for posting and for the scheduler alike.
 */
import { escapeHtml } from "../../lib/format/html";
import { FEED_LIMITS, type PhotoRef } from "../../lib/protocol/feed";
import { parseSocialEmbed, unsafeLinkReason } from "../../lib/protocol/social-embeds";
import { readManifest, type MediaStorage } from "../media/manifest";
import type { NewLiveUpdate } from "../store/types";
import { DomainError } from "./errors";

type Extras = Pick<NewLiveUpdate, "headline" | "coAuthors" | "embedUrl" | "photoKey" | "photoWidth" | "photoHeight" | "photoAlt" | "photoCaption" | "photoCredit">;

/**
 * The extras of a new post, and any HTML to append to its body: an address from a site we do not
 * embed becomes a plain link paragraph; `javascript:`, `data:` and other non-web addresses are refused.
 */
export async function postExtras(
  input: { headline?: string; coAuthors?: string[]; embedUrl?: string; photo?: PhotoRef },
  media: MediaStorage | undefined,
): Promise<{ extras: Extras; appendHtml: string }> {
  const extras: Extras = {
    headline: input.headline || null,
    coAuthors: input.coAuthors?.length ? [...new Set(input.coAuthors)].slice(0, FEED_LIMITS.coAuthorsMax).join("\n") : null,
  };
  let appendHtml = "";
  if (input.embedUrl) {
    const unsafe = unsafeLinkReason(input.embedUrl);
    if (unsafe) throw new DomainError("VALIDATION_FAILED", `embedUrl: ${unsafe}`, { field: "embedUrl" });
    const embed = parseSocialEmbed(input.embedUrl);
    if (embed) extras.embedUrl = embed.url;
    else {
      const href = new URL(input.embedUrl.trim()).href;
      appendHtml = `<p><a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${escapeHtml(href)}</a></p>`;
    }
  }
  if (input.photo) {
    const manifest = media ? await readManifest(media, input.photo.key) : null;
    if (!manifest) throw new DomainError("VALIDATION_FAILED", "photo: Unknown photo: upload it again", { field: "photo" });
    Object.assign(extras, {
      photoKey: input.photo.key,
      photoWidth: manifest.width,
      photoHeight: manifest.height,
      photoAlt: input.photo.alt,
      photoCaption: input.photo.caption || null,
      photoCredit: input.photo.credit || null,
    });
  }
  return { extras, appendHtml };
}

/** A scheduled time must be ahead (a little slack for the time it took to send) and within limits. */
export function scheduledTime(iso: string, now: Date): Date {
  const at = new Date(iso);
  if (at.getTime() < now.getTime() - 5_000) {
    throw new DomainError("VALIDATION_FAILED", "scheduleAt: That time has passed; pick a time ahead, or post now", { field: "scheduleAt" });
  }
  if (at.getTime() > now.getTime() + FEED_LIMITS.scheduleMaxDays * 86_400_000) {
    throw new DomainError("VALIDATION_FAILED", `scheduleAt: Posts can be scheduled at most ${FEED_LIMITS.scheduleMaxDays} days ahead`, { field: "scheduleAt" });
  }
  return at;
}
