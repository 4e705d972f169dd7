import { ZProposeTopics } from "@/lib/protocol/stories";
import { getServices } from "@/server/services";
import { requireApiSession } from "../../_lib/auth";
import { json, parseBody } from "../../_lib/respond";

export const dynamic = "force-dynamic";

/** POST /api/stories/proposals {article} (x-csrf-token; editors and admins) — topic proposals; nothing is stored. */
export async function POST(req: Request) {
  const session = await requireApiSession(req, { csrf: true, action: "story:create" });
  if (session instanceof Response) return session;
  const input = await parseBody(req, ZProposeTopics);
  if (input instanceof Response) return input;
  return json(await getServices().stories.propose(input.article));
}
