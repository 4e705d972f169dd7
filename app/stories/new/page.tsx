import type { Metadata } from "next";
import { NewStoryFlow } from "@/components/stories/NewStoryFlow";
import { can } from "@/lib/protocol/roles";
import { requireSession } from "@/app/_lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New story" };

/** Open a story: details, then an optional source article whose topics become draft cards. */
export default async function NewStoryPage() {
  const { user } = await requireSession("/stories/new");
  if (!can(user.role, "story:create")) {
    return (
      <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-amber-900">
        Your role ({user.role}) may not open stories. Ask an editor to open one; you can then write its drafts.
      </p>
    );
  }
  return <NewStoryFlow me={user} />;
}
