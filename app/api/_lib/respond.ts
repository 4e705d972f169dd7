/** JSON responses of the read API, with the same error shape as socket acks. */
import type { ErrorCode } from "@/lib/protocol/events";

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store" } });
}

export function jsonError(status: number, code: ErrorCode, message: string): Response {
  return json({ error: { code, message } }, status);
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

/** A domain error as an HTTP answer; anything else is rethrown (Next logs it and answers 500). */
export function errorResponse(err: unknown): Response {
  const e = err as { name?: string; code?: ErrorCode; message?: string; extra?: { field?: string } };
  if (e?.name !== "DomainError" || !e.code) throw err;
  return json({ error: { code: e.code, message: e.message, ...(e.extra?.field ? { field: e.extra.field } : {}) } }, STATUS[e.code] ?? 500);
}

/** A JSON body parsed with a zod schema, or the 400 answer. */
export async function parseBody<T>(req: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): Promise<T | Response> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return jsonError(400, "VALIDATION_FAILED", "The body must be JSON");
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".");
  return json({ error: { code: "VALIDATION_FAILED", message: field ? `${field}: ${issue.message}` : (issue?.message ?? "Invalid input"), ...(field ? { field } : {}) } }, 400);
}
