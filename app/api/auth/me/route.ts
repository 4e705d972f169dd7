import { ZUpdateMe, type SignedIn } from "@/lib/protocol/auth";
import { getServices } from "@/server/services";
import { requireApiSession } from "../../_lib/auth";
import { errorResponse, json, parseBody } from "../../_lib/respond";

export const dynamic = "force-dynamic";

/** GET /api/auth/me — who is signed in, and the CSRF token for state-changing requests. */
export async function GET(req: Request) {
  const session = await requireApiSession(req, { csrf: false });
  if (session instanceof Response) return session;
  const body: SignedIn = { user: session.user, csrfToken: session.csrfToken };
  return json(body);
}

/**
 * PATCH /api/auth/me {name} (x-csrf-token) — anyone signed in changes their own display name.
 * Their desk connections reconnect so presence shows the new name at once.
 */
export async function PATCH(req: Request) {
  const session = await requireApiSession(req, { csrf: true });
  if (session instanceof Response) return session;
  const input = await parseBody(req, ZUpdateMe);
  if (input instanceof Response) return input;
  try {
    const services = getServices();
    const user = await services.accounts.rename(session.user, input.name);
    services.broadcasts.accountChanged(user.id);
    const body: SignedIn = { user, csrfToken: session.csrfToken };
    return json(body);
  } catch (err) {
    return errorResponse(err);
  }
}
