/** JSON responses of the read API, with the same error shape as socket acks. */
import type { ErrorCode } from "@/lib/protocol/events";

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}

export function jsonError(status: number, code: ErrorCode, message: string): Response {
  return json({ error: { code, message } }, status);
}
