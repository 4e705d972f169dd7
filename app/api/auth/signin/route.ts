import { ZSignIn, type SignedIn } from "@/lib/protocol/auth";
import { signIn } from "@/server/domain/accounts";
import { blockedFor, take } from "@/server/domain/rate-limits";
import { getServices } from "@/server/registry";
import { clientIp, crossSite, sessionCookie } from "../../_lib/auth";
import { errorResponse, json, jsonError, parseBody } from "../../_lib/respond";

export const dynamic = "force-dynamic";

function limited(seconds: number): Response {
  const res = jsonError(429, "RATE_LIMITED", `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} min`);
  res.headers.set("Retry-After", String(seconds));
  return res;
}

/**
 * POST /api/auth/signin {email, password} — opens a session (httpOnly cookie) and answers the
 * user and the CSRF token. Failed attempts are limited per email and per address; a blocked
 * email is refused before its password is even checked.
 */
export async function POST(req: Request) {
  const refused = crossSite(req);
  if (refused) return refused;
  const input = await parseBody(req, ZSignIn);
  if (input instanceof Response) return input;
  const { store, limits } = getServices();
  const ip = clientIp(req);
  if (limits) {
    const wait = Math.max(await blockedFor(limits.signInByEmail, input.email), await blockedFor(limits.signInByIp, ip));
    if (wait > 0) return limited(wait);
  }
  try {
    const { token, session } = await signIn(store, input);
    // A success clears the email's count: the budget is for failures.
    await limits?.signInByEmail.delete(input.email);
    const body: SignedIn = { user: session.user, csrfToken: session.csrfToken };
    const res = json(body);
    res.headers.append("Set-Cookie", sessionCookie(req, token));
    return res;
  } catch (err) {
    if (limits && (err as { code?: string }).code === "UNAUTHORIZED") {
      const wait = Math.max(await take(limits.signInByEmail, input.email), await take(limits.signInByIp, ip));
      if (wait > 0) return limited(wait);
    }
    return errorResponse(err);
  }
}
