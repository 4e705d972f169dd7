import { ZSignIn, type SignedIn } from "@/lib/protocol/auth";
import { getServices } from "@/server/services";
import { clientIp, crossSite, sessionCookie } from "../../_lib/auth";
import { errorResponse, json, jsonError, parseBody } from "../../_lib/respond";

export const dynamic = "force-dynamic";

function limited(seconds: number, message: string): Response {
  const res = jsonError(429, "RATE_LIMITED", message);
  res.headers.set("Retry-After", String(seconds));
  return res;
}

/**
 * POST /api/auth/signin {email, password} — opens a session (httpOnly cookie) and answers the
 * user and the CSRF token. Each attempt is counted per email and per address before the password
 * is checked (concurrent guesses cannot outrun the count), and a spent budget is refused with 429
 * and Retry-After without checking anything (server/domain/sign-in-gate.ts).
 */
export async function POST(req: Request) {
  const refused = crossSite(req);
  if (refused) return refused;
  const input = await parseBody(req, ZSignIn);
  if (input instanceof Response) return input;
  try {
    const outcome = await getServices().accounts.signIn(input, clientIp(req));
    if (!outcome.ok && outcome.reason === "busy") return limited(1, "The server is busy checking other sign-ins; try again in a moment");
    if (!outcome.ok) return limited(outcome.retryAfter, `Too many sign-in attempts; try again in ${Math.ceil(outcome.retryAfter / 60)} min`);
    const { token, session } = outcome;
    const body: SignedIn = { user: session.user, csrfToken: session.csrfToken };
    const res = json(body);
    res.headers.append("Set-Cookie", sessionCookie(req, token));
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}
