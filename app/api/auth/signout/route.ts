import { getServices } from "@/server/services";
import { requireApiSession, sessionCookie } from "../../_lib/auth";

export const dynamic = "force-dynamic";

/** POST /api/auth/signout (x-csrf-token) — ends this session and its live desk connections. */
export async function POST(req: Request) {
  const session = await requireApiSession(req, { csrf: true });
  if (session instanceof Response) return session;
  const services = getServices();
  await services.accounts.signOut(session);
  services.broadcasts.sessionEnded(session.sessionId);
  return new Response(null, { status: 204, headers: { "Set-Cookie": sessionCookie(req, null), "Cache-Control": "no-store" } });
}
