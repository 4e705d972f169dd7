/**
 * What the Node HTTP server answers before Next.js: `/metrics`, and a request id on every
 * request (taken from `X-Request-Id` when a proxy set a sane one, made up otherwise), echoed in
 * the response and in the access log line.
 *
 * `/metrics` is served here rather than by a Next route: the metrics live in this process's
 * module instances (Next bundles app/ code separately, with its own copies of modules), it must
 * answer even when Next is still compiling or failing, and it is for the operator's scraper,
 * not for the public site (block it at the load balancer; see docs/deploy.md).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { logContext, loggerFor } from "../logger";
import { metrics, registry } from "./metrics";

const log = loggerFor("http");
const SANE_ID = /^[\w.:-]{1,64}$/;

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serveMetrics(res: ServerResponse): Promise<void> {
  try {
    const body = await registry.metrics();
    res.writeHead(200, { "Content-Type": registry.contentType, "Cache-Control": "no-store" });
    res.end(body);
  } catch (err) {
    log.error({ err }, "collecting metrics failed");
    res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("metrics unavailable\n");
  }
}

/** Wraps the app's handler (Next, or a 404 in tests) with request ids, access logs and /metrics. */
export function withOps(app: Handler): Handler {
  return (req, res) => {
    const header = req.headers["x-request-id"];
    const id = typeof header === "string" && SANE_ID.test(header) ? header : randomUUID();
    (req as IncomingMessage & { id?: string }).id = id;
    res.setHeader("X-Request-Id", id);
    const started = performance.now();
    res.on("finish", () => logContext.run({ reqId: id }, () => {
      if (res.statusCode >= 500) metrics.errors.inc({ kind: "http" });
      // Static assets would drown the log: they go to debug.
      const level = req.url?.startsWith("/_next/") ? "debug" : "info";
      log[level]({ method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request");
    }));
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/metrics" && (req.method === "GET" || req.method === "HEAD")) {
      void serveMetrics(res);
      return;
    }
    logContext.run({ reqId: id }, () => app(req, res));
  };
}
