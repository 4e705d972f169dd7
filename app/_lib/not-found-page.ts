/** The public pages' 404: a small HTML page in the same shell, not cached (the page may exist a moment later). */
import { pageShell } from "@/components/live/shell";

export function notFoundPage(message = "This page does not exist or is not public.", status = 404): Response {
  const body = pageShell({ title: "Not found · Newsdesk", main: `<h1 class="lv-h1">Not found</h1><p>${message}</p><p><a href="/">Newsdesk</a></p>` });
  return new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
