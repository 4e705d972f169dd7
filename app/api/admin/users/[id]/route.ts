import { ZUpdateUser, type UpdatedUser } from "@/lib/protocol/auth";
import { getServices } from "@/server/services";
import { requireApiSession } from "../../../_lib/auth";
import { errorResponse, json, parseBody } from "../../../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * PATCH /api/admin/users/:id {name?, role?, active?, password?} (x-csrf-token) — admins only. The
 * account's live desk connections end at once, so a new role, name or a deactivation applies now
 * (they reconnect with it). An admin setting their own password stays signed in here
 * (`sessionKept`); their other sessions end.
 */
export async function PATCH(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const session = await requireApiSession(req, { csrf: true, action: "user:manage" });
  if (session instanceof Response) return session;
  const input = await parseBody(req, ZUpdateUser);
  if (input instanceof Response) return input;
  const { id } = await params;
  try {
    const services = getServices();
    const user = await services.accounts.update(id.slice(0, 64), input, { ...session.user, sessionId: session.sessionId });
    services.broadcasts.accountChanged(user.id);
    const body: UpdatedUser = { user, ...(input.password && user.id === session.user.id ? { sessionKept: true } : {}) };
    return json(body);
  } catch (err) {
    return errorResponse(err);
  }
}
