import { jsonError } from "../_lib/respond";

/** Any other /api path answers in JSON too, so API clients never get an HTML page. */
function notFound(req: Request) {
  return jsonError(404, "NOT_FOUND", `No API route at ${new URL(req.url).pathname}`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
