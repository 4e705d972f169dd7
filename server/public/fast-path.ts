/**
 * Readers' GETs answered before Next.js. The public pages and APIs are route handlers
 * (app/live/[slug]/route.ts and the others): plain functions from a Request to a Response that
 * read the public snapshot. Next's request pipeline around them costs far more than they do
 * (a few hundred requests per second on this machine where the handler alone serves thousands),
 * so the Node server calls the very same handlers directly for these paths, adds the headers
 * next.config.js would add, and gzips each body once per snapshot.
 *
 * Only GET and HEAD of the paths below; everything else (and anything that throws) goes to Next.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { originOf } from "../../lib/http/origin";
import { loggerFor } from "../logger";

const log = loggerFor("http");

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface FastRoute {
  /** Matched against the path (no query); its named groups are the handler's params. */
  path: RegExp;
  handler: RouteHandler;
  /** Headers next.config.js sets for this path (framing, CSP, nosniff…). */
  headers: readonly { key: string; value: string }[];
}

/** Gzipped bodies by ETag: each representation is compressed once, not per request. */
const gzipped = new Map<string, Buffer>();
const GZIP_KEEP = 200;

function gzipOnce(etag: string | null, body: Buffer): Buffer {
  const hit = etag ? gzipped.get(etag) : undefined;
  if (hit) return hit;
  const gz = gzipSync(body, { level: 6 });
  if (etag) {
    gzipped.set(etag, gz);
    if (gzipped.size > GZIP_KEEP) gzipped.delete(gzipped.keys().next().value as string);
  }
  return gz;
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Returns a handler that serves a matching request and says so, or returns false for Next to serve it. */
export function publicFastPath(routes: readonly FastRoute[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const url = req.url ?? "/";
    const path = url.split("?")[0];
    for (const route of routes) {
      const match = route.path.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      for (const [name, raw] of Object.entries(match.groups ?? {})) {
        const value = decode(raw);
        if (value === null) return false;
        params[name] = value;
      }
      void serve(route, params, req, res);
      return true;
    }
    return false;
  };
}

async function serve(route: FastRoute, params: Record<string, string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const request = new Request(`${originOf(req.headers)}${req.url ?? "/"}`, { method: req.method, headers });
    const response = await route.handler(request, { params: Promise.resolve(params) });
    const out: Record<string, string> = {};
    for (const { key, value } of route.headers) out[key] = value;
    response.headers.forEach((value, key) => (out[key] = value));
    let body: Buffer | null = response.body ? Buffer.from(await response.arrayBuffer()) : null;
    if (body && body.byteLength > 1024 && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      body = gzipOnce(response.status === 200 ? response.headers.get("etag") : null, body);
      out["content-encoding"] = "gzip";
    }
    out["vary"] = "Accept-Encoding";
    if (body) out["content-length"] = String(body.byteLength);
    res.writeHead(response.status, out);
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (err) {
    log.error({ err, url: req.url }, "public page failed");
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    res.end("Something went wrong.\n");
  }
}
