import type { SignedIn } from "@/lib/protocol/auth";
import { requireApiSession } from "../../_lib/auth";
import { json } from "../../_lib/respond";

export const dynamic = "force-dynamic";

/** GET /api/auth/me — who is signed in, and the CSRF token for state-changing requests. */
export async function GET(req: Request) {
  const session = await requireApiSession(req, { csrf: false });
  if (session instanceof Response) return session;
  const body: SignedIn = { user: session.user, csrfToken: session.csrfToken };
  return json(body);
}
