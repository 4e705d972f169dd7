/**
 * schema.org LiveBlogPosting for a live page (what search engines read): the coverage window,
 * the publisher and each update as a BlogPosting.
 */
import { lastModified, type LiveSnapshot } from "@/lib/protocol";
import { publisher } from "@/app/_lib/origin";

/** `origin` makes the logo and update URLs absolute, as search engines expect. */
export function liveBlogPosting(snapshot: LiveSnapshot, origin: string) {
  const { story, updates } = snapshot;
  const { name: publisherName, logoUrl } = publisher();
  const logo = logoUrl ?? `${origin}/icon.svg`;
  const page = `${origin}/live/${story.slug}`;
  // A correction to an older update modifies the page too: the latest change of any update.
  const modified = lastModified(updates);
  return {
    "@context": "https://schema.org",
    "@type": "LiveBlogPosting",
    headline: story.headline,
    url: page,
    description: story.summary,
    ...(story.coverageStart ? { datePublished: story.coverageStart, coverageStartTime: story.coverageStart } : {}),
    ...(story.coverageEnd ? { coverageEndTime: story.coverageEnd } : {}),
    ...(modified ? { dateModified: modified } : {}),
    publisher: { "@type": "Organization", name: publisherName, logo: { "@type": "ImageObject", url: logo } },
    liveBlogUpdate: updates.map((u) => ({
      "@type": "BlogPosting",
      headline: u.headline || u.bodyText.split("\n")[0].slice(0, 110),
      datePublished: u.publishedAt,
      dateModified: u.editedAt ?? u.publishedAt,
      articleBody: u.bodyText,
      // One Person, or a list of them for a post with co-bylines.
      author: u.coAuthors.length ? [u.authorName, ...u.coAuthors].map((name) => ({ "@type": "Person", name })) : { "@type": "Person", name: u.authorName },
      url: `${page}#update-${u.id}`,
    })),
  };
}
