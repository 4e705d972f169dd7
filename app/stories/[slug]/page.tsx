import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoryDesk } from "@/components/desk/StoryDesk";
import { getStoryBySlug } from "@/server/domain/stories";
import { getServices } from "@/server/registry";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const story = await getStoryBySlug(getServices().store, (await params).slug);
  return { title: story?.headline ?? "Not found" };
}

/** First paint from the database; the desk then goes live over Socket.IO. */
export default async function StoryPage({ params }: Props) {
  const story = await getStoryBySlug(getServices().store, (await params).slug);
  if (!story) notFound();
  return <StoryDesk initialStory={story} />;
}
