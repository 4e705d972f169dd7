import { ZCreateUser } from "@/lib/protocol/auth";
import { getServices } from "@/server/services";
import { requireApiSession } from "../../_lib/auth";
import { errorResponse, json, parseBody } from "../../_lib/respond";

export const dynamic = "force-dynamic";

/** GET /api/admin/users — every account (admins only). */
export async function GET(req: Request) {
  const session = await requireApiSession(req, { csrf: false, action: "user:manage" });
  if (session instanceof Response) return session;
  return json({ users: await getServices().accounts.list(session.user) });
}

/** POST /api/admin/users {email, name, role, password} (x-csrf-token) — creates an account. */
export async function POST(req: Request) {
  const session = await requireApiSession(req, { csrf: true, action: "user:manage" });
  if (session instanceof Response) return session;
  const input = await parseBody(req, ZCreateUser);
  if (input instanceof Response) return input;
  try {
    return json({ user: await getServices().accounts.create(input, session.user) }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
