/**
 * The site's public origin as a request saw it, for absolute URLs (oEmbed, discovery links,
 * structured data, the readers' fast path) and the CSRF check: one function for the route
 * handlers and the Node server.
 *
 * X-Forwarded-Proto/-Host name the public address behind a proxy. They can be believed here
 * because the server rewrites every request before anything reads it (server/ops/proxy.ts,
 * `stampRequest`): forwarded headers are deleted unless a proxy named in TRUST_PROXY sent them,
 * and then replaced by what was believed. Socket handshakes do not pass through that stamp, so the
 * socket Origin check asks `forwardedView` (same file) directly.
 */

/** Fetch `Headers`, or Node's `IncomingHttpHeaders`. */
export type HeaderSource = { get(name: string): string | null } | Readonly<Record<string, string | string[] | undefined>>;

function header(headers: HeaderSource, name: string): string | undefined {
  const raw = typeof headers.get === "function" ? (headers as { get(name: string): string | null }).get(name) : (headers as Record<string, string | string[] | undefined>)[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value?.split(",")[0]?.trim() || undefined;
}

/** `https://host[:port]` as the client addressed the site (http unless the proxy said https). */
export function originOf(headers: HeaderSource): string {
  const proto = header(headers, "x-forwarded-proto") === "https" ? "https" : "http";
  const host = header(headers, "x-forwarded-host") ?? header(headers, "host") ?? "localhost";
  return `${proto}://${host}`;
}
