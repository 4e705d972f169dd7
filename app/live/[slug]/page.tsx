import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { LiveFeed } from "@/components/live/LiveFeed";
import { liveSnapshot } from "@/server/domain/feed";
import { getServices } from "@/server/registry";
import { liveBlogPosting } from "./structured-data";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const snapshot = await liveSnapshot(getServices().store, slug);
  if (!snapshot) return { title: "Not found" };
  return {
    title: `Live: ${snapshot.story.headline}`,
    description: snapshot.story.summary,
    alternates: { types: { "application/atom+xml": `/live/${slug}/atom.xml` } },
  };
}

/** The public live page: server-rendered for search engines and first paint, then live. */
export default async function LivePage({ params }: Props) {
  const snapshot = await liveSnapshot(getServices().store, (await params).slug);
  if (!snapshot) notFound();
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`;
  const jsonLd = liveBlogPosting(snapshot, origin);
  return (
    <article className="mx-auto max-w-3xl">
      <script
        type="application/ld+json"
        // JSON.stringify does not escape "<": without this a post could close the script tag.
        dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }}
      />
      <LiveFeed initial={snapshot} />
    </article>
  );
}
