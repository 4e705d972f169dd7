/**
 * The rich parts of a live post as readers see them, shared by the server's first paint and the
 * reader's script: the photo (`<picture>` with WebP and JPEG `srcset`, width and height so nothing
 * moves while it loads) and the social/video placeholder (fixed size; the platform's frame is
 * created only when the reader clicks, see `loadEmbed`). Every text and address is escaped.
 */
import type { LiveUpdate } from "@/lib/protocol/feed";
import { photoPath, storedWidths } from "@/lib/protocol/photos";
import { parseSocialEmbed, PROVIDER_NAMES } from "@/lib/protocol/social-embeds";
import { escapeHtml as esc } from "@/lib/format/html";

/** Column width of the live feed (CSS px): the browser picks the smallest stored size that fills it. */
const SIZES = "(max-width: 720px) 100vw, 680px";

export function photoHtml(photo: NonNullable<LiveUpdate["photo"]>): string {
  const widths = storedWidths(photo.width);
  const set = (format: "webp" | "jpg") => widths.map((w) => `${photoPath(photo.key, w, format)} ${w}w`).join(", ");
  const fallback = photoPath(photo.key, widths.find((w) => w >= 640) ?? widths.at(-1)!, "jpg");
  const caption = [photo.caption && esc(photo.caption), photo.credit && `<span class="lv-credit">${esc(photo.credit)}</span>`].filter(Boolean).join(" ");
  return `<figure class="lv-photo" data-testid="live-photo"><picture><source type="image/webp" srcset="${esc(set("webp"))}" sizes="${SIZES}"><img src="${esc(fallback)}" srcset="${esc(set("jpg"))}" sizes="${SIZES}" width="${photo.width}" height="${photo.height}" alt="${esc(photo.alt)}" loading="lazy" decoding="async"></picture>${
    caption ? `<figcaption>${caption}</figcaption>` : ""
  }</figure>`;
}

/** A placeholder the size of the frame it stands for; nothing is loaded from the platform. */
export function embedHtml(url: string): string {
  const embed = parseSocialEmbed(url);
  if (!embed) return "";
  const name = PROVIDER_NAMES[embed.provider];
  return `<div class="lv-embed" data-testid="embed-placeholder" data-provider="${embed.provider}" style="max-width:${embed.width}px;aspect-ratio:${embed.width}/${embed.height}">
<p class="lv-embed-src">${esc(name)}</p><p><a href="${esc(embed.url)}" rel="noopener noreferrer nofollow" target="_blank">${esc(embed.url)}</a></p>
<button type="button" class="lv-embed-load" data-embed-frame="${esc(embed.frameSrc)}" data-embed-title="${esc(`Post from ${name}`)}">Load post from ${esc(name)}</button>
<p class="lv-embed-note">Loading it connects you to ${esc(name)}.</p></div>`;
}

/**
 * Replaces a placeholder by the platform's frame after the reader's click. The frame address was
 * built from a checked pattern (lib/protocol/social-embeds.ts) and is read back from our own markup.
 */
export function loadEmbed(button: HTMLButtonElement): void {
  const box = button.closest(".lv-embed");
  const src = button.dataset.embedFrame;
  if (!box || !src || !src.startsWith("https://")) return;
  const frame = document.createElement("iframe");
  frame.src = src;
  frame.title = button.dataset.embedTitle ?? "Embedded post";
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.setAttribute("loading", "lazy");
  frame.className = "lv-embed-frame";
  box.replaceChildren(frame);
  box.classList.add("lv-embed-on");
  frame.focus();
}
