import { ZSignIn, type SignedIn } from "@/lib/protocol/auth";
import { signIn } from "@/server/domain/accounts";
import { reserveSignIn, signInSucceeded, verifyBounded } from "@/server/domain/sign-in-gate";
import { getServices } from "@/server/registry";
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
  const { store, limits } = getServices();
  const address = clientIp(req);
  if (limits) {
    const reservation = await reserveSignIn(limits, input.email, address);
    if (!reservation.ok) {
      return limited(reservation.retryAfter, `Too many sign-in attempts; try again in ${Math.ceil(reservation.retryAfter / 60)} min`);
    }
  }
  try {
    let signedIn;
    if (limits) {
      const outcome = await verifyBounded(limits, () => signIn(store, input));
      if (outcome.busy) return limited(1, "The server is busy checking other sign-ins; try again in a moment");
      signedIn = outcome.value;
      await signInSucceeded(limits, input.email, address);
    } else {
      signedIn = await signIn(store, input);
    }
    const { token, session } = signedIn;
    const body: SignedIn = { user: session.user, csrfToken: session.csrfToken };
    const res = json(body);
    res.headers.append("Set-Cookie", sessionCookie(req, token));
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}
