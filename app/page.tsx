import { StoryList } from "@/components/stories/StoryList";
import { getServices } from "@/server/services";
import { requireSession } from "@/app/_lib/session";

// Always read the current database, never a build-time snapshot.
export const dynamic = "force-dynamic";

/** The story list: first paint from the database, then live over Socket.IO (StoryList). */
export default async function StoriesPage() {
  const { user } = await requireSession("/");
  const stories = await getServices().stories.list(user);
  return <StoryList initial={stories} me={user} />;
}
