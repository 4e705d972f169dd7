/**
 * Public answers a CDN (and the browser) may keep: a strong ETag, Last-Modified, and
 * `Cache-Control: public, max-age=0, s-maxage=…, stale-while-revalidate=…`. Browsers revalidate
 * every time (a cheap 304 from the snapshot); a shared cache serves a copy for a few seconds and
 * keeps serving it while it refetches. The live page, card pages and embed frames correct a
 * stale copy at once over their socket, so a few seconds of staleness costs readers nothing.
 *
 * Nothing signed-in goes through here: the desk and its API answer `no-store` (api/_lib/respond.ts).
 */

/** Seconds a shared cache may serve a public answer without asking (docs/deploy.md). */
export const S_MAXAGE = 5;
/** Seconds it may go on serving it while it refetches in the background. */
export const STALE_WHILE_REVALIDATE = 30;

export const PUBLIC_CACHE = `public, max-age=0, s-maxage=${S_MAXAGE}, stale-while-revalidate=${STALE_WHILE_REVALIDATE}`;

export interface Cacheable {
  body: string;
  etag: string;
  lastModified: Date;
  contentType: string;
  status?: number;
  headers?: Record<string, string>;
}

/** Whether the client's copy (If-None-Match, else If-Modified-Since) is the current one. */
export function isFresh(req: Request, etag: string, lastModified: Date): boolean {
  const tags = req.headers.get("if-none-match");
  if (tags !== null) {
    // Weak comparison (RFC 9110 13.1.2): a CDN may hand the tag back as W/"…".
    return tags.split(",").some((t) => {
      const tag = t.trim().replace(/^W\//, "");
      return tag === "*" || tag === etag;
    });
  }
  const since = Date.parse(req.headers.get("if-modified-since") ?? "");
  // HTTP dates have whole seconds.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/** 200 with the body, or 304 when the client already holds it; both carry the validators. */
export function cachedResponse(req: Request, r: Cacheable): Response {
  const headers: Record<string, string> = {
    ETag: r.etag,
    "Last-Modified": r.lastModified.toUTCString(),
    "Cache-Control": PUBLIC_CACHE,
    ...r.headers,
  };
  // Only a success is "not modified"; a 404 or 410 is sent again (it is small).
  if ((r.status ?? 200) === 200 && isFresh(req, r.etag, r.lastModified)) return new Response(null, { status: 304, headers });
  return new Response(req.method === "HEAD" ? null : r.body, { status: r.status ?? 200, headers: { ...headers, "Content-Type": r.contentType } });
}
