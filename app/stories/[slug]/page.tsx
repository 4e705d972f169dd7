import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoryDesk } from "@/components/desk/StoryDesk";
import { getServices } from "@/server/services";
import { currentSession, requireSession } from "@/app/_lib/session";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // Signed out, the page is a redirect to sign-in: it names nothing of the desk.
  const session = await currentSession();
  if (!session) return { title: "Sign in" };
  const story = await getServices().stories.bySlug((await params).slug, session.user);
  return { title: story?.headline ?? "Not found" };
}

/** First paint from the database; the desk then goes live over Socket.IO. Signed-in users only. */
export default async function StoryPage({ params }: Props) {
  const { slug } = await params;
  const { user, csrfToken } = await requireSession(`/stories/${slug}`);
  // A restricted story the user may not see is a 404, exactly like a slug never used.
  const story = await getServices().stories.bySlug(slug, user);
  if (!story) notFound();
  return <StoryDesk initialStory={story} me={user} csrfToken={csrfToken} />;
}
