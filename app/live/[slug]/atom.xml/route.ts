import { lastModified } from "@/lib/protocol";
import { liveSnapshot } from "@/server/domain/feed";
import { getServices } from "@/server/registry";

export const dynamic = "force-dynamic";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** GET /live/:slug/atom.xml — the live feed as Atom, for feed readers. */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const snapshot = await liveSnapshot(getServices().store, (await params).slug);
  if (!snapshot) return new Response("Not found", { status: 404 });
  // The Host header is the address the reader used (req.url carries the bind address).
  const host = req.headers.get("host") ?? new URL(req.url).host;
  const origin = `${req.headers.get("x-forwarded-proto") ?? "http"}://${host}`;
  const page = `${origin}/live/${snapshot.story.slug}`;
  const updated = lastModified(snapshot.updates) ?? snapshot.story.coverageStart ?? new Date(0).toISOString();
  const entries = snapshot.updates.map((u) => {
    const title = u.bodyText.split("\n")[0].slice(0, 110);
    return `  <entry>
    <id>${page}#update-${u.id}</id>
    <title>${escape(title)}</title>
    <link href="${page}#update-${u.id}"/>
    <published>${u.publishedAt}</published>
    <updated>${u.editedAt ?? u.publishedAt}</updated>
    <author><name>${escape(u.authorName)}</name></author>
    <content type="html">${escape(u.bodyHtml)}</content>
  </entry>`;
  });
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${page}</id>
  <title>${escape(snapshot.story.headline)}</title>
  <subtitle>${escape(snapshot.story.summary)}</subtitle>
  <link rel="alternate" href="${page}"/>
  <link rel="self" href="${page}/atom.xml"/>
  <updated>${updated}</updated>
${entries.join("\n")}
</feed>
`;
  return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "no-store" } });
}
