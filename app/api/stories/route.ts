import { listStories } from "@/server/domain/stories";
import { getServices } from "@/server/registry";
import { json } from "../_lib/respond";

export const dynamic = "force-dynamic";

/** GET /api/stories — every story with card counts. */
export async function GET() {
  return json({ stories: await listStories(getServices().store) });
}
