/**
 * Guards of the state-changing HTTP routes. CSRF: a request whose Origin is another site, or that
 * the browser marks cross-site, is refused; a signed-in user's request must also carry the
 * session's CSRF token in the x-csrf-token header (a cross-site page cannot read it). The session
 * cookie is SameSite=Lax as a third layer.
 */
import { parse, serialize } from "cookie";
import { CSRF_HEADER, SESSION_COOKIE } from "@/lib/protocol/auth";
import type { Action } from "@/lib/protocol/roles";
import { can } from "@/lib/protocol/roles";
import { CLIENT_ADDRESS_HEADER, getServices, SESSION_TTL_MS, type ResolvedSession } from "@/server/services";
import { originOf } from "../../_lib/origin";
import { jsonError } from "./respond";

/** Null when the request may come from this site; a 403 answer otherwise. */
export function crossSite(req: Request): Response | null {
  const origin = req.headers.get("origin");
  if ((origin && origin !== originOf(req.headers)) || req.headers.get("sec-fetch-site") === "cross-site") {
    return jsonError(403, "FORBIDDEN", "Cross-site requests are refused");
  }
  return null;
}

export const sessionToken = (req: Request) => parse(req.headers.get("cookie") ?? "")[SESSION_COOKIE];

/**
 * The request's session, checked for CSRF (state-changing requests) and for a permission; or the
 * error answer to send.
 */
export async function requireApiSession(
  req: Request,
  { csrf, action }: { csrf: boolean; action?: Action },
): Promise<ResolvedSession | Response> {
  if (csrf) {
    const refused = crossSite(req);
    if (refused) return refused;
  }
  const session = await getServices().accounts.resolveSession(sessionToken(req));
  if (!session) return jsonError(401, "UNAUTHORIZED", "Sign in first");
  if (csrf && req.headers.get(CSRF_HEADER) !== session.csrfToken) {
    return jsonError(403, "FORBIDDEN", "Missing or wrong CSRF token: reload the page and try again");
  }
  if (action && !can(session.user.role, action)) {
    return jsonError(403, "FORBIDDEN", `Your role (${session.user.role}) may not do this`);
  }
  return session;
}

export function sessionCookie(req: Request, token: string | null): string {
  return serialize(SESSION_COOKIE, token ?? "", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: originOf(req.headers).startsWith("https:"),
    maxAge: token ? Math.floor(SESSION_TTL_MS / 1000) : 0,
  });
}

/**
 * The client's address, for per-address sign-in limits: the server writes it into every request
 * (server/ops/proxy.ts), from the connection or, only behind a proxy named in TRUST_PROXY, from
 * X-Forwarded-For. A client's own X-Forwarded-For is never believed.
 */
export const clientIp = (req: Request) => req.headers.get(CLIENT_ADDRESS_HEADER) || "unknown";
