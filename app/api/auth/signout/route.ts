import { signOut } from "@/server/domain/accounts";
import { getServices } from "@/server/registry";
import { requireApiSession, sessionCookie } from "../../_lib/auth";

export const dynamic = "force-dynamic";

/** POST /api/auth/signout (x-csrf-token) — ends this session and its live desk connections. */
export async function POST(req: Request) {
  const session = await requireApiSession(req, { csrf: true });
  if (session instanceof Response) return session;
  const { store, realtime } = getServices();
  await signOut(store, session);
  realtime?.disconnectSession(session.sessionId);
  return new Response(null, { status: 204, headers: { "Set-Cookie": sessionCookie(req, null), "Cache-Control": "no-store" } });
}
