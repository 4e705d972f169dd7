/**
 * Which request headers are believed. Behind a reverse proxy the client's address, scheme and
 * host arrive in X-Forwarded-For / -Proto / -Host; without one, anybody can send those headers,
 * so they are believed only when the connection comes from a proxy named in TRUST_PROXY (off by
 * default). Everything that needs the client's address (per-address rate limits) or the site's
 * public origin (CSRF, absolute URLs, the socket Origin check) goes through `forwardedView`.
 *
 * Which proxies are trusted (TRUST_PROXY) is parsed in server/ops/trust-proxy.ts.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { normaliseAddress, type TrustProxy } from "./trust-proxy";
import { loggerFor } from "../logger";

export { normaliseAddress, parseTrustProxy, TRUST_NOBODY, type TrustProxy } from "./trust-proxy";

const log = loggerFor("http");

const first = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim() || undefined;

export interface ForwardedView {
  /** The client's address: the connection's peer, or the first untrusted hop of X-Forwarded-For. */
  address: string;
  /** Scheme and host the client used (the proxy's word for it only when the proxy is trusted). */
  proto: "http" | "https";
  host: string | undefined;
}

/**
 * What the request says about its client, believing forwarded headers only as far as the hops
 * that added them are trusted: X-Forwarded-For is read right to left, each hop vouching for the
 * one before it, and the first hop that is not a trusted proxy is the client.
 */
export function forwardedView(
  headers: IncomingHttpHeaders,
  peer: string | undefined,
  trust: TrustProxy,
  encrypted = false,
): ForwardedView {
  const direct = normaliseAddress(peer) ?? "unknown";
  const fromProxy = trust.trusts(direct);
  let address = direct;
  if (fromProxy) {
    const hops = String(headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((h) => normaliseAddress(h))
      .filter((h): h is string => !!h);
    for (let i = hops.length - 1; i >= 0; i--) {
      address = hops[i];
      if (!trust.trusts(address)) break;
    }
  }
  const proto = (fromProxy && first(headers["x-forwarded-proto"])) || (encrypted ? "https" : "http");
  const host = (fromProxy && first(headers["x-forwarded-host"])) || first(headers.host);
  return { address, proto: proto === "https" ? "https" : "http", host };
}

let warned = false;

/**
 * The client's address, written by the server into every HTTP request before Next sees it (from
 * the connection, or from X-Forwarded-For only behind a trusted proxy; a value sent by the client
 * is overwritten).
 */
export const CLIENT_ADDRESS_HEADER = "x-newsdesk-client-address";

const FORWARDED = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-real-ip", "forwarded", CLIENT_ADDRESS_HEADER];

/**
 * Rewrites an incoming request's headers before Next sees it: the forwarded headers are dropped
 * unless a trusted proxy sent them (then they are replaced by what was believed), and the
 * client's address is put in CLIENT_ADDRESS_HEADER for the route handlers.
 */
export function stampRequest(req: IncomingMessage, trust: TrustProxy): void {
  const view = forwardedView(req.headers, req.socket.remoteAddress, trust, "encrypted" in req.socket && !!req.socket.encrypted);
  const fromProxy = trust.trusts(req.socket.remoteAddress);
  if (!fromProxy && !warned && req.headers["x-forwarded-proto"] !== undefined) {
    // Most likely a proxy that is not named in TRUST_PROXY: behind https, CSRF checks and Secure
    // cookies then see http. Said once, for the operator.
    warned = true;
    log.warn(
      { peer: normaliseAddress(req.socket.remoteAddress), trustProxy: trust.description },
      "ignoring X-Forwarded-* headers from an address not in TRUST_PROXY; if this is your load balancer, name it there (docs/deploy.md)",
    );
  }
  for (const name of FORWARDED) delete req.headers[name];
  if (fromProxy) {
    req.headers["x-forwarded-proto"] = view.proto;
    if (view.host) req.headers["x-forwarded-host"] = view.host;
  }
  req.headers[CLIENT_ADDRESS_HEADER] = view.address;
}
