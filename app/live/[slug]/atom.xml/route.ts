import { escapeHtml } from "@/lib/format/html";
import { lastModified, type LiveSnapshot } from "@/lib/protocol";
import { getServices } from "@/server/services";
import { cachedResponse } from "../../../_lib/http-cache";
import { originOf } from "../../../_lib/origin";

export const dynamic = "force-dynamic";

/**
 * GET /live/:slug/atom.xml — the live feed as Atom, for feed readers: rendered once per change
 * and origin from the story's public snapshot, cacheable (app/_lib/http-cache.ts).
 */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const reads = getServices().public;
  const entry = await reads.story((await params).slug);
  if (!entry) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  // The Host header is the address the reader used (req.url carries the bind address).
  const origin = originOf(req.headers);
  const feed = reads.rendered(entry, `atom:${origin}`, () => atom(entry.value, origin));
  return cachedResponse(req, { ...feed, lastModified: entry.builtAt, contentType: "application/atom+xml; charset=utf-8" });
}

function atom(snapshot: LiveSnapshot, origin: string): string {
  const page = `${origin}/live/${snapshot.story.slug}`;
  const updated = lastModified(snapshot.updates) ?? snapshot.story.coverageStart ?? new Date(0).toISOString();
  const entries = snapshot.updates.map((u) => {
    const title = u.headline || u.bodyText.split("\n")[0].slice(0, 110);
    return `  <entry>
    <id>${page}#update-${u.id}</id>
    <title>${escapeHtml(title)}</title>
    <link href="${page}#update-${u.id}"/>
    <published>${u.publishedAt}</published>
    <updated>${u.editedAt ?? u.publishedAt}</updated>
    ${[u.authorName, ...u.coAuthors].map((name) => `<author><name>${escapeHtml(name)}</name></author>`).join("")}
    <content type="html">${escapeHtml(u.bodyHtml)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${page}</id>
  <title>${escapeHtml(snapshot.story.headline)}</title>
  <subtitle>${escapeHtml(snapshot.story.summary)}</subtitle>
  <link rel="alternate" href="${page}"/>
  <link rel="self" href="${page}/atom.xml"/>
  <updated>${updated}</updated>
${entries.join("\n")}
</feed>
`;
}
