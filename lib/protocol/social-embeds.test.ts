import { describe, expect, it } from "vitest";
import { embedHtml } from "../../components/live/media-html";
import { parseSocialEmbed, unsafeLinkReason } from "./social-embeds";

describe("social embeds", () => {
  it.each([
    ["https://twitter.com/petrogustavo/status/1234567890?s=20", "x", "https://x.com/petrogustavo/status/1234567890", "https://platform.twitter.com/embed/Tweet.html?id=1234567890&dnt=true"],
    ["https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"],
    ["https://www.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"],
    ["https://www.instagram.com/reel/C1a2b3c4d5e/?igsh=x", "instagram", "https://www.instagram.com/reel/C1a2b3c4d5e/", "https://www.instagram.com/reel/C1a2b3c4d5e/embed/"],
    ["https://bsky.app/profile/petro.bsky.social/post/3kxyzabcde2", "bluesky", "https://bsky.app/profile/petro.bsky.social/post/3kxyzabcde2", "https://embed.bsky.app/embed/petro.bsky.social/app.bsky.feed.post/3kxyzabcde2"],
    ["https://www.tiktok.com/@news/video/7300000000000000000", "tiktok", "https://www.tiktok.com/@news/video/7300000000000000000", "https://www.tiktok.com/embed/v2/7300000000000000000"],
    ["https://vimeo.com/76979871", "vimeo", "https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"],
  ])("%s is a %s post", (raw, provider, url, frameSrc) => {
    expect(parseSocialEmbed(raw)).toMatchObject({ provider, url, frameSrc });
  });

  it("other sites, look-alike hosts and unknown paths are not embeds", () => {
    for (const raw of ["https://example.org/watch?v=dQw4w9WgXcQ", "https://youtube.com.evil.test/watch?v=dQw4w9WgXcQ", "https://x.com/home", "https://vimeo.com/channels/staffpicks"]) {
      expect(parseSocialEmbed(raw), raw).toBeNull();
    }
  });

  it("refuses addresses that are not web addresses", () => {
    expect(unsafeLinkReason("javascript:alert(1)")).toMatch(/javascript: addresses are not allowed/);
    expect(unsafeLinkReason("data:text/html,<script>")).toMatch(/data: addresses are not allowed/);
    expect(unsafeLinkReason("not a url")).toMatch(/not a web address/);
    expect(unsafeLinkReason("https://example.org")).toBeNull();
  });

  it("the placeholder escapes what came from the address and loads nothing", () => {
    // An id or handle can only be what the patterns allow, so quotes and tags never reach the markup.
    const html = embedHtml(`https://x.com/a_b/status/123"><img src=x onerror=alert(1)>`);
    expect(html).not.toMatch(/<img|<iframe|<script|onerror/);
    expect(html).toContain('data-embed-frame="https://platform.twitter.com/embed/Tweet.html?id=123&#38;dnt=true"');
    expect(embedHtml("https://example.org/x")).toBe("");
  });
});
