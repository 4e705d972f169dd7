/**
 * The site's public origin as the request saw it, for absolute URLs (oEmbed, discovery links,
 * structured data). Behind a proxy, X-Forwarded-Proto/Host name the public address.
 */
export function originOf(headers: Headers): string {
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || "localhost";
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

/** The publisher readers and oEmbed consumers see. */
export const publisherName = () => process.env.PUBLISHER_NAME || "Newsdesk";
