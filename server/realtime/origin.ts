/**
 * Cross-site WebSocket hijacking: browsers send the session cookie (SameSite=Lax) with a socket
 * handshake from a page on any origin of the same site — a sibling subdomain, another port — and
 * the HTTP CSRF checks do not see socket handshakes. So the desk namespace accepts a handshake only
 * when its `Origin` is the desk's own (the host the request was sent to: the Host header, or a
 * trusted proxy's X-Forwarded-Host) or one of ALLOWED_ORIGINS. The public /live namespace stays
 * open to every origin: partner sites embed it, and it reads only what is public.
 *
 * A handshake with no Origin at all is accepted: browsers always send Origin on WebSocket
 * handshakes and on cross-origin requests (long-polling included), so its absence means a
 * non-browser client (tests, benchmarks, scripts) that has to present a valid session cookie
 * like anybody else, and that could write any Origin it liked anyway.
 *
 * Only the host (with its port) is compared, not the scheme: behind a TLS-terminating proxy that
 * is not trusted the server sees http while the browser says https, and http vs https of one host
 * is no cross-site vector this check could stop.
 */
import type { IncomingMessage } from "node:http";
import { forwardedView, TRUST_NOBODY, type TrustProxy } from "../ops/proxy";

export interface OriginPolicy {
  trustProxy?: TrustProxy;
  /** Full origins (`https://admin.example.org`) allowed besides the desk's own. */
  allowedOrigins?: readonly string[];
}

/** The client's address as the handshake shows it (TRUST_PROXY decides whether X-Forwarded-For counts). */
export function handshakeAddress(request: IncomingMessage, trust: TrustProxy = TRUST_NOBODY): string {
  return forwardedView(request.headers, request.socket?.remoteAddress, trust).address;
}

/** Null when the handshake may open the desk socket; otherwise why not. */
export function refusedOrigin(request: IncomingMessage, policy: OriginPolicy): string | null {
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  if (policy.allowedOrigins?.includes(origin)) return null;
  let host: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") return `origin ${origin.slice(0, 100)} is not a web page`;
    host = url.host;
  } catch {
    // "null" (sandboxed frames, file: pages) and anything unparsable.
    return `origin ${origin.slice(0, 100)} is not allowed`;
  }
  const own = forwardedView(request.headers, request.socket?.remoteAddress, policy.trustProxy ?? TRUST_NOBODY).host;
  if (own && sameHost(host, own)) return null;
  return `origin ${origin.slice(0, 100)} is not this desk`;
}

/** Hosts compared case-insensitively, a default port written or not. */
function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => h.toLowerCase().replace(/:(80|443)$/, "");
  return norm(a) === norm(b);
}

/** Connection middleware of the desk namespace: refuses a foreign Origin with FORBIDDEN. */
export function checkOrigin(policy: OriginPolicy) {
  return (socket: { request: IncomingMessage }, next: (err?: Error) => void): void => {
    const refused = refusedOrigin(socket.request, policy);
    next(refused ? new Error(`FORBIDDEN: ${refused}; the desk's socket opens only from the desk's own pages`) : undefined);
  };
}
