import { ZUpdateUser } from "@/lib/protocol/auth";
import { updateUser } from "@/server/domain/accounts";
import { getServices } from "@/server/registry";
import { requireApiSession } from "../../../_lib/auth";
import { errorResponse, json, parseBody } from "../../../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * PATCH /api/admin/users/:id {role?, active?, password?} (x-csrf-token) — admins only. The
 * account's live desk connections end at once, so a new role or a deactivation applies now.
 */
export async function PATCH(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const session = await requireApiSession(req, { csrf: true, action: "user:manage" });
  if (session instanceof Response) return session;
  const input = await parseBody(req, ZUpdateUser);
  if (input instanceof Response) return input;
  const { id } = await params;
  try {
    const { store, realtime } = getServices();
    const user = await updateUser(store, id.slice(0, 64), input, session.user);
    realtime?.disconnectUser(user.id);
    return json({ user });
  } catch (err) {
    return errorResponse(err);
  }
}
